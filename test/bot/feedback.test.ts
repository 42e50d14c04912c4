/** 👍/👎 under answers: what a vote stores (file and Redis), hashed readers, the salt. */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Config } from "../../src/config/env.js";
import type { Engine } from "../../src/engine/engine.js";
import { MSG } from "../../src/bot/messages.js";
import { FileFeedbackStore, readerHash, RedisFeedbackStore, redisClient, type FeedbackStore } from "../../src/feedback/store.js";
import { setLogLevel } from "../../src/log.js";
import { TEST_SALT } from "../helpers/config.js";
import { tempDir } from "../helpers/tmp.js";
import { FakeApi, fakeBot, seedEngine, textUpdate } from "./fake.js";
import { skipWhenMissing } from "../helpers/needs.js";
import { redisMissing, RedisServer } from "./redis.js";

const noRedis = skipWhenMissing(redisMissing(), "the Redis feedback test");

let engine: Engine;
let cfg: Config;
let dir: string;
let redis: RedisServer;

beforeAll(async () => {
  setLogLevel("silent");
  dir = tempDir("wnb-feedback-");
  ({ engine, cfg } = await seedEngine(dir));
  if (!noRedis) redis = await RedisServer.start();
});
afterAll(async () => {
  await redis?.down();
});

type Sent = ReturnType<FakeApi["sent"]>[number];
const buttons = (m: Sent) => m.reply_markup?.inline_keyboard.flat() ?? [];

let pressId = 1;
function press(chatId: number, userId: number, data: string, messageId = 1) {
  return {
    update_id: 800_000 + pressId++,
    callback_query: {
      id: String(pressId),
      chat_instance: "x",
      from: { id: userId, is_bot: false, first_name: "U" },
      data,
      message: { message_id: messageId, date: 0, chat: { id: chatId, type: "private" as const, first_name: "U" } },
    },
  };
}

const toast = (api: FakeApi): string | undefined => (api.calls.filter((c) => c.method === "answerCallbackQuery").at(-1)?.payload as { text?: string } | undefined)?.text;

/** Asks a question then a follow-up, presses 👎 on the follow-up's answer and 👍 on the first. */
async function voteRun(store: FeedbackStore, chatId: number) {
  const api = new FakeApi();
  const { bot, close } = await fakeBot(engine, cfg, api, undefined, { feedback: store });
  await bot.handleUpdate(textUpdate(chatId, "叁零陆动力部件在哪里？"));
  await bot.handleUpdate(textUpdate(chatId, "总经理是谁？"));
  await bot.handleUpdate(textUpdate(chatId, "武进区2024年的GDP是多少？"));
  const [first, follow, refusal] = api.sent(chatId);
  for (const m of [first!, follow!, refusal!]) {
    const row = buttons(m).filter((b) => b.callback_data.startsWith("f:"));
    expect(row.map((b) => b.text)).toEqual(["👍", "👎"]);
    for (const b of row) expect(Buffer.byteLength(b.callback_data)).toBeLessThan(64);
  }
  const down = buttons(follow!).find((b) => b.text === "👎")!.callback_data;
  const up = buttons(first!).find((b) => b.text === "👍")!.callback_data;
  await bot.handleUpdate(press(chatId, chatId, down));
  expect(toast(api)).toBe(MSG.voteThanksDown);
  await bot.handleUpdate(press(chatId, chatId, up));
  expect(toast(api)).toBe(MSG.voteThanksUp);
  await bot.handleUpdate(press(chatId, chatId, "f:-:zzzzzzzzz"));
  expect(toast(api)).toBe(MSG.voteGone);
  await close();
  return { downId: down.slice(4), upId: up.slice(4) };
}

async function checkStored(store: FeedbackStore, chatId: number, ids: { downId: string; upId: string }) {
  const { answers, votes } = await store.read();
  const salt = await store.salt();
  const mine = answers.filter((a) => a.reader === readerHash(salt, chatId));
  expect(mine.map((a) => a.question)).toEqual(["叁零陆动力部件在哪里？", "总经理是谁？", "武进区2024年的GDP是多少？"]);
  expect(mine[2]).toMatchObject({ found: false, docIds: [] });
  const down = votes.find((v) => v.id === ids.downId)!;
  expect(down).toMatchObject({ vote: "down", question: "总经理是谁？", found: true });
  expect(down.standalone).toContain("叁零陆");
  expect(down.standalone).not.toBe(down.question);
  expect(down.docIds.length).toBeGreaterThan(0);
  expect(down.docIds[0]).toMatch(/^004_/);
  expect(down.reader).toBe(readerHash(await store.salt(), chatId));
  expect(down.reader).not.toContain(String(chatId));
  expect(votes.find((v) => v.id === ids.upId)).toMatchObject({ vote: "up", found: true });
}

describe("feedback: 👍/👎 under every answer", () => {
  it("a 👎 press is stored with the question, the understood question, the cited ids, whether answered, and a hashed reader (file store)", async () => {
    const fdir = join(dir, "fb-file");
    const store = new FileFeedbackStore(fdir, TEST_SALT);
    const chatId = 987_654_321;
    const ids = await voteRun(store, chatId);
    await checkStored(store, chatId, ids);
    // no raw id anywhere in what was written, no salt beside the hashes, and nothing readable by other users
    const files = readdirSync(fdir);
    expect(files).not.toContain("salt");
    expect(statSync(fdir).mode & 0o777).toBe(0o700);
    for (const f of files) expect(statSync(join(fdir, f)).mode & 0o777).toBe(0o600);
    for (const f of files.filter((f) => f.endsWith(".jsonl"))) expect(readFileSync(join(fdir, f), "utf8")).not.toContain(String(chatId));
    // another store over the same folder (a restart) hashes readers the same way and finds old answers
    const again = new FileFeedbackStore(fdir, TEST_SALT);
    expect(await again.answer(ids.downId)).toMatchObject({ question: "总经理是谁？" });
  });

  it.skipIf(noRedis)("the same with REDIS_URL: stored in Redis with the salt of the setting, which is never written to Redis (an earlier version's stored salt is deleted)", async () => {
    const a = new RedisFeedbackStore(redisClient(redis.url, "test"), TEST_SALT);
    const b = new RedisFeedbackStore(redisClient(redis.url, "test"), TEST_SALT);
    try {
      await a.redis.set("wnb:feedback:salt", "an-old-salt-kept-beside-the-hashes");
      const chatId = 123_456_789;
      const ids = await voteRun(a, chatId);
      await checkStored(b, chatId, ids);
      const raw = (await a.redis.lrange(`wnb:feedback:day:${(await a.read()).votes[0]!.day}`, 0, -1)).join("\n");
      expect(raw).toContain("总经理是谁？");
      expect(raw).not.toContain(String(chatId));
      expect(await a.redis.get("wnb:feedback:salt")).toBeNull();
      for (const key of await a.redis.keys("*")) if ((await a.redis.type(key)) === "string") expect(await a.redis.get(key)).not.toBe(TEST_SALT);
    } finally {
      await a.close();
      await b.close();
    }
  });

  it("the store's salt is the one it is given; FEEDBACK=off sends answers without vote buttons", async () => {
    const store = new FileFeedbackStore(join(dir, "fb-salt"), "a-configured-salt-0123456789");
    expect(await store.salt()).toBe("a-configured-salt-0123456789");
    const { bot, api, close } = await fakeBot(engine, { ...cfg, FEEDBACK: "off" });
    await bot.handleUpdate(textUpdate(555, "西太湖有什么生物医药项目？"));
    expect(buttons(api.sent(555)[0]!).some((b) => b.callback_data.startsWith("f:"))).toBe(false);
    await close();
  });

  it("a store that fails never holds up an answer: it goes out without the vote buttons", async () => {
    const broken: FeedbackStore = {
      kind: "file",
      salt: async () => "x".repeat(16),
      recordAnswer: () => Promise.reject(new Error("disk full")),
      answer: async () => undefined,
      recordVote: async () => undefined,
      read: async () => ({ answers: [], votes: [] }),
      close: async () => undefined,
    };
    const { bot, api, close } = await fakeBot(engine, cfg, new FakeApi(), undefined, { feedback: broken });
    await bot.handleUpdate(textUpdate(556, "西太湖有什么生物医药项目？"));
    expect(api.sent(556)).toHaveLength(1);
    expect(api.sent(556)[0]!.text).toMatch(/\[1\]/);
    expect(buttons(api.sent(556)[0]!).some((b) => b.callback_data.startsWith("f:"))).toBe(false);
    await close();
  });
});
