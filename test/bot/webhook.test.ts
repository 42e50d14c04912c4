/** Webhook mode: the secret token is checked on every request; updates with it are answered. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConfigError, type Config } from "../../src/config/env.js";
import type { Engine } from "../../src/engine/engine.js";
import { startBot, type RunningBot } from "../../src/bot/run.js";
import { setLogLevel } from "../../src/log.js";
import { tempDir } from "../helpers/tmp.js";
import { seedEngine, textUpdate } from "./fake.js";
import { Emulator, freePort, sleep } from "./harness.js";

const TOKEN = "55555555:AAWebhookTestToken_abcdefghijklmnopq";
const SECRET = "s3cret-Token_for-webhook";
let engine: Engine;
let cfg: Config;
let emu: Emulator;
let running: RunningBot;
let hook: string;

beforeAll(async () => {
  setLogLevel("silent");
  emu = await Emulator.start();
  const port = await freePort();
  hook = `http://127.0.0.1:${port}/telegram/hook`;
  ({ engine, cfg } = await seedEngine(tempDir("wnb-bot-webhook-"), {
    TELEGRAM_BOT_TOKEN: TOKEN,
    TELEGRAM_API_ROOT: emu.apiRoot,
    WEBHOOK_URL: hook,
    WEBHOOK_SECRET: SECRET,
    PORT: String(port),
  }));
  running = await startBot(engine, cfg);
});
afterAll(async () => {
  await running?.stop();
  await emu?.stop();
});

const post = (body: unknown, headers: Record<string, string> = {}) =>
  fetch(hook, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(body) });

describe("webhook", () => {
  it("rejects requests without the secret token, or with a wrong one, and answers with it", async () => {
    expect((await post(textUpdate(801, "西太湖有什么生物医药项目？"))).status).toBe(401);
    expect((await post(textUpdate(801, "西太湖有什么生物医药项目？"), { "X-Telegram-Bot-Api-Secret-Token": "wrong" })).status).toBe(401);
    await sleep(200);
    expect(emu.messages(TOKEN, 801)).toHaveLength(0);
    const ok = await post(textUpdate(801, "西太湖有什么生物医药项目？"), { "X-Telegram-Bot-Api-Secret-Token": SECRET });
    expect(ok.status).toBe(200);
    const [answer] = await emu.waitMessages(TOKEN, 801, 0);
    expect(answer!.text).toMatch(/\[1\]/);
  });

  it("only serves its own path", async () => {
    const other = await fetch(hook.replace("/telegram/hook", "/other"), { method: "POST", body: "{}", headers: { "X-Telegram-Bot-Api-Secret-Token": SECRET } });
    expect(other.status).toBe(404);
  });

  it("refuses to start in webhook mode without a secret", async () => {
    await expect(startBot(engine, { ...cfg, WEBHOOK_SECRET: undefined })).rejects.toBeInstanceOf(ConfigError);
  });
});
