import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { envSchema, loadConfig } from "../../src/config/env.js";
import { dataPath } from "../../src/paths.js";

const load = (env: Record<string, string>) => loadConfig(env, { dotenv: false });

describe("settings", () => {
  it("runs offline with nothing set", () => {
    const cfg = load({});
    expect(cfg).toMatchObject({ EMBEDDINGS: "news", SESSION_STORE: "memory", TELEGRAM_API_ROOT: "https://api.telegram.org" });
    expect(cfg.TELEGRAM_BOT_TOKEN).toBeUndefined();
    expect(cfg.LLM_BASE_URL).toBeUndefined();
  });

  it("treats empty values in .env as unset", () => {
    expect(load({ TELEGRAM_BOT_TOKEN: "", LLM_BASE_URL: "", REDIS_URL: " " }).TELEGRAM_BOT_TOKEN).toBeUndefined();
  });

  it("names the variable when a value is bad", () => {
    expect(() => load({ PORT: "http" })).toThrow(/PORT/);
    expect(() => load({ SESSION_STORE: "mongo" })).toThrow(/SESSION_STORE/);
    expect(() => load({ LLM_BASE_URL: "not a url", LLM_MODEL: "x" })).toThrow(/LLM_BASE_URL/);
    expect(() => load({ EMBEDDINGS: "openai" })).toThrow(/EMBEDDINGS_BASE_URL/);
    expect(() => load({ SESSION_STORE: "redis" })).toThrow(/REDIS_URL/);
    expect(() => load({ LLM_MODEL: "deepseek-chat" })).toThrow(/LLM_BASE_URL and LLM_MODEL/);
  });

  it("PAPER_NAME is the paper's name, unset by default, never a file name", () => {
    expect(load({}).PAPER_NAME).toBeUndefined();
    expect(load({ PAPER_NAME: " 武进日报 " }).PAPER_NAME).toBe("武进日报");
    expect(() => load({ PAPER_NAME: "004_c0f6460f45f37c11.txt" })).toThrow(/PAPER_NAME.*not a file name/su);
    expect(() => load({ PAPER_NAME: "武".repeat(31) })).toThrow(/PAPER_NAME/);
  });

  it(".env.example documents every setting", () => {
    const example = readFileSync(dataPath("../.env.example"), "utf8");
    for (const key of Object.keys(envSchema.shape)) expect(example, key).toMatch(new RegExp(`^${key}=`, "m"));
  });
});
