/**
 * Reader data at rest (issue 22, item 8): session files private (0600 in 0700 folders), named by a
 * salted hash and removed from the disk once expired; feedback files private; the salt a setting,
 * never kept with the hashes (required with Redis); Redis keys under one prefix; the refusal of a
 * chat outside ALLOWED_CHAT_IDS neither logs its id nor answers every message.
 */
import { Redis } from "ioredis";
import { mkdirSync, readdirSync, readFileSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Config } from "../../src/config/env.js";
import { loadConfig } from "../../src/config/env.js";
import { readerSalt, SALT_FILE } from "../../src/config/reader-salt.js";
import type { Engine } from "../../src/engine/engine.js";
import { MSG } from "../../src/bot/messages.js";
import { PrivateFileStorage } from "../../src/bot/session-files.js";
import { createSessionStore } from "../../src/bot/sessions.js";
import { setLogLevel } from "../../src/log.js";
import { TEST_SALT } from "../helpers/config.js";
import { tempDir } from "../helpers/tmp.js";
import { captureStderr, commandUpdate, FakeApi, fakeBot, seedEngine, textUpdate } from "./fake.js";
import { sleep } from "./harness.js";
import { skipWhenMissing } from "../helpers/needs.js";
import { redisMissing, RedisServer } from "./redis.js";

let engine: Engine;
let cfg: Config;
let dir: string;
let redis: RedisServer;
const noRedis = skipWhenMissing(redisMissing(), "the reader-data tests of SESSION_STORE=redis");

beforeAll(async () => {
  setLogLevel("silent");
  dir = tempDir("wnb-reader-data-");
  ({ engine, cfg } = await seedEngine(dir));
  if (!noRedis) redis = await RedisServer.start();
});
afterAll(async () => {
  await redis?.down();
  setLogLevel("silent");
});

/** Every file and folder under `root`, with its mode. */
function walk(root: string): Array<{ path: string; dir: boolean; mode: number }> {
  return readdirSync(root, { withFileTypes: true }).flatMap((e) => {
    const path = join(root, e.name);
    const here = { path, dir: e.isDirectory(), mode: statSync(path).mode & 0o777 };
    return e.isDirectory() ? [here, ...walk(path)] : [here];
  });
}

const CHAT = 424_242_001;

describe("sessions on disk (SESSION_STORE=file)", () => {
  it("are files of mode 0600 in folders of mode 0700, named by a salted hash: no chat id in any name (they were 0644, named by the raw chat id)", async () => {
    const sessions = join(dir, "sessions");
    const fileCfg = { ...cfg, SESSION_STORE: "file" as const, SESSION_DIR: sessions };
    const { bot, store } = await fakeBot(engine, fileCfg);
    await bot.handleUpdate(textUpdate(CHAT, "叁零陆动力部件在哪里？"));
    await bot.handleUpdate(textUpdate(CHAT, "总经理是谁？"));
    await store.close();
    expect(statSync(sessions).mode & 0o777).toBe(0o700);
    const all = walk(sessions);
    expect(all.filter((e) => !e.dir).length).toBeGreaterThan(0);
    for (const e of all) expect(e.mode, e.path).toBe(e.dir ? 0o700 : 0o600);
    for (const e of all) expect(e.path).not.toContain(String(CHAT));
    // the conversation is still there for a restarted bot
    const again = await fakeBot(engine, fileCfg);
    await again.bot.handleUpdate(commandUpdate(CHAT, "/reset"));
    expect(again.api.sent(CHAT).at(-1)!.text).toBe(MSG.resetDone(2));
    await again.store.close();
  });

  it("are removed from the disk once older than the time to live, and the store's start removes what an earlier version left", async () => {
    const files = new PrivateFileStorage<{ n: number }>(join(dir, "expiring"), 200, 60_000);
    await files.write("aaaa", { n: 1 });
    await files.write("bbbb", { n: 2 });
    expect(await files.read("aaaa")).toEqual({ n: 1 });
    await sleep(300);
    expect(await files.read("aaaa")).toBeUndefined(); // expired: not read, and removed
    expect(await files.sweep()).toBe(1); // bbbb
    expect(walk(files.dir).filter((e) => !e.dir)).toEqual([]);
    files.stop();

    // SESSION_DIR as an earlier version left it: readable by everyone, named by chat ids, long expired
    const old = join(dir, "old-sessions");
    mkdirSync(join(old, "01"), { recursive: true, mode: 0o755 });
    const stale = join(old, "01", `${CHAT}01.json`);
    writeFileSync(stale, JSON.stringify({ __d: { conv: { turns: [{ question: "一个旧问题" }] } } }), { mode: 0o644 });
    const past = new Date(Date.now() - 2 * 3600_000);
    utimesSync(stale, past, past);
    const store = await createSessionStore({ ...cfg, SESSION_STORE: "file", SESSION_DIR: old, SESSION_TTL_MINUTES: 60 });
    const deadline = Date.now() + 3000;
    while (walk(old).some((e) => !e.dir) && Date.now() < deadline) await sleep(50);
    expect(walk(old).filter((e) => !e.dir)).toEqual([]);
    expect(statSync(old).mode & 0o777).toBe(0o700);
    await store.close();
  });
});

describe("the reader salt", () => {
  it("is required with REDIS_URL, and said so in one line naming READER_SALT", () => {
    expect(() => loadConfig({ REDIS_URL: "redis://127.0.0.1:6379" }, { dotenv: false })).toThrow(/REDIS_URL needs READER_SALT.*never stored in Redis/u);
    expect(loadConfig({ REDIS_URL: "redis://127.0.0.1:6379", READER_SALT: TEST_SALT }, { dotenv: false }).READER_SALT).toBe(TEST_SALT);
    expect(() => loadConfig({ READER_SALT: "short" }, { dotenv: false })).toThrow(/READER_SALT/u);
  });

  it("without Redis and unset, is generated once into .reader-salt (0600) outside FEEDBACK_DIR; a salt an earlier version kept in FEEDBACK_DIR/salt is moved there", async () => {
    const work = tempDir("wnb-salt-cwd-");
    const feedback = join(work, "feedback");
    mkdirSync(feedback);
    writeFileSync(join(feedback, "salt"), "an-earlier-generated-salt-0123456789\n");
    const cwd = process.cwd();
    process.chdir(work);
    try {
      const unset = loadConfig({ FEEDBACK_DIR: feedback }, { dotenv: false });
      expect(await readerSalt(unset)).toBe("an-earlier-generated-salt-0123456789");
      expect(readdirSync(feedback)).not.toContain("salt");
      expect(statSync(join(work, SALT_FILE)).mode & 0o777).toBe(0o600);
      expect(readFileSync(join(work, SALT_FILE), "utf8").trim()).toBe("an-earlier-generated-salt-0123456789");
    } finally {
      process.chdir(cwd);
    }
  });
});

describe.skipIf(noRedis)("Redis (SESSION_STORE=redis)", () => {
  it("keeps every key under wnb:, session keys as salted hashes under wnb:session:, no chat or user id in any key, and not the salt", async () => {
    const check = new Redis(redis.url, { lazyConnect: true, maxRetriesPerRequest: 1 });
    check.on("error", () => undefined);
    await check.connect();
    await check.flushall();
    const redisCfg = { ...cfg, SESSION_STORE: "redis" as const, REDIS_URL: redis.url };
    const { bot, store, close } = await fakeBot(engine, redisCfg);
    try {
      await bot.handleUpdate(textUpdate(CHAT, "叁零陆动力部件在哪里？"));
      await bot.handleUpdate(textUpdate(CHAT, "总经理是谁？"));
      const keys = await check.keys("*");
      expect(keys.length).toBeGreaterThan(0);
      for (const k of keys) {
        expect(k).toMatch(/^wnb:/u);
        expect(k).not.toContain(String(CHAT));
      }
      expect(keys.some((k) => k.startsWith("wnb:session:"))).toBe(true);
      for (const k of keys) if ((await check.type(k)) === "string") expect(await check.get(k)).not.toContain(TEST_SALT);
    } finally {
      await close();
      await store.close();
      check.disconnect();
    }
  });
});

describe("a chat outside ALLOWED_CHAT_IDS", () => {
  it("is told once, not once per message (30 messages got 30 replies), and the log line holds no chat id", async () => {
    setLogLevel("info");
    const logs = captureStderr();
    const api = new FakeApi();
    const { bot, store, close } = await fakeBot(engine, { ...cfg, ALLOWED_CHAT_IDS: "111" }, api);
    try {
      for (let i = 0; i < 30; i++) await bot.handleUpdate(textUpdate(CHAT, `问题${i}`));
      expect(api.sent(CHAT).map((m) => m.text)).toEqual([MSG.notAllowed]);
      expect(logs.text()).toMatch(/not in ALLOWED_CHAT_IDS/u);
      expect(logs.text()).not.toContain(String(CHAT));
    } finally {
      logs.restore();
      setLogLevel("silent");
      await close();
      await store.close();
    }
  });
});

describe("the subscriptions file (it holds chat ids: they are where pushes go)", () => {
  it("is 0600 in a folder of mode 0700", async () => {
    const { FileSubscriptionStore } = await import("../../src/subscriptions/store.js");
    const subs = join(dir, "subs");
    const store = new FileSubscriptionStore(subs, 0);
    await store.add(CHAT, "液流电池", 10);
    await store.close();
    expect(statSync(subs).mode & 0o777).toBe(0o700);
    expect(statSync(join(subs, "subscriptions.json")).mode & 0o777).toBe(0o600);
  });
});
