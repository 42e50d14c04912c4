/** 👍/👎 under answers: what a vote stores (file and Redis), hashed readers, the salt. */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Config } from "../../src/config/env.js";
import type { Engine } from "../../src/engine/engine.js";
import { MSG } from "../../src/bot/messages.js";
import { buildReport } from "../../src/feedback/report.js";
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

const toast = (api: FakeApi): string | undefined =>
  (api.calls.filter((c) => c.method === "answerCallbackQuery").at(-1)?.payload as { text?: string } | undefined)?.text;

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

  it.skipIf(noRedis)(
    "the same with REDIS_URL: stored in Redis with the salt of the setting, which is never written to Redis (an earlier version's stored salt is deleted)",
    async () => {
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
    },
  );

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

describe("feedback: a vote is acknowledged on its button", () => {
  type Keyboard = { inline_keyboard: Array<Array<{ text: string; callback_data: string }>> };
  const texts = (kb: Keyboard) => kb.inline_keyboard.map((row) => row.map((b) => b.text));

  /** A press on message `messageId` as Telegram sends it: with the message's keyboard as it stands. */
  function pressOn(chatId: number, data: string, messageId: number, keyboard: Keyboard | undefined, type: "private" | "group" = "private", userId = chatId) {
    const update = press(chatId, userId, data, messageId);
    const message = update.callback_query.message as Record<string, unknown>;
    message.chat = type === "group" ? { id: chatId, type, title: "G" } : message.chat;
    if (keyboard) message.reply_markup = keyboard;
    return update;
  }

  /** Asks a question; returns the answer's message id and keyboard. */
  async function answered(bot: Awaited<ReturnType<typeof fakeBot>>["bot"], api: FakeApi, chatId: number, text: string, extra: Record<string, unknown> = {}) {
    await bot.handleUpdate(textUpdate(chatId, text, extra));
    const at = api.calls.map((c) => c.method === "sendMessage" && c.payload.chat_id === chatId).lastIndexOf(true);
    return { id: api.messageIds[at]!, keyboard: api.calls[at]!.payload.reply_markup as Keyboard };
  }

  const edits = (api: FakeApi) =>
    api.calls.filter((c) => c.method === "editMessageReplyMarkup").map((c) => c.payload as { chat_id: number; message_id: number; reply_markup: Keyboard });

  it("👍 shows 「👍 已记录」 on the answer's own keyboard, the rest unchanged; a press on 👎 changes the vote (the report counts one 👎)", async () => {
    const store = new FileFeedbackStore(join(dir, "fb-ack"), TEST_SALT);
    const api = new FakeApi();
    const { bot, close } = await fakeBot(engine, cfg, api, undefined, { feedback: store });
    const chatId = 701;
    const { id, keyboard } = await answered(bot, api, chatId, "区政协主席是谁？");
    const before = texts(keyboard);
    expect(before.at(-1)).toEqual(["👍", "👎"]);
    const up = keyboard.inline_keyboard.flat().find((b) => b.text === "👍")!.callback_data;
    const down = keyboard.inline_keyboard.flat().find((b) => b.text === "👎")!.callback_data;

    await bot.handleUpdate(pressOn(chatId, up, id, keyboard));
    expect(toast(api)).toBe(MSG.voteThanksUp);
    const [first] = edits(api);
    expect(first).toMatchObject({ chat_id: chatId, message_id: id });
    expect(texts(first!.reply_markup)).toEqual([...before.slice(0, -1), ["👍 已记录", "👎"]]);
    // the buttons keep what they do: 原文, 更多 and both votes
    expect(first!.reply_markup.inline_keyboard.flat().map((b) => b.callback_data)).toEqual(keyboard.inline_keyboard.flat().map((b) => b.callback_data));

    await bot.handleUpdate(pressOn(chatId, down, id, first!.reply_markup));
    expect(toast(api)).toBe(MSG.voteThanksDown);
    const second = edits(api)[1]!;
    expect(texts(second.reply_markup).at(-1)).toEqual(["👍", "👎 已记录"]);

    // the same vote again: counted already, nothing to edit
    await bot.handleUpdate(pressOn(chatId, down, id, second.reply_markup));
    expect(edits(api)).toHaveLength(2);
    await close();

    const report = buildReport(await store.read());
    expect(report.votes).toEqual({ up: 0, down: 1 });
    expect(report.downVoted.map((q) => q.question)).toEqual(["区政协主席是谁？"]);
  });

  it("the edit is cosmetic: refused or failing, it is tried once, and the vote, its thanks and the next answer all go through", async () => {
    for (const [how, set] of [
      ["refused (400)", (api: FakeApi) => api.refusing.set("editMessageReplyMarkup", Infinity)],
      ["failing (500)", (api: FakeApi) => api.failing.set("editMessageReplyMarkup", Infinity)],
    ] as const) {
      const store = new FileFeedbackStore(join(dir, `fb-ack-${how.slice(0, 3)}`), TEST_SALT);
      const api = new FakeApi();
      set(api);
      const { bot, close } = await fakeBot(engine, cfg, api, undefined, { feedback: store });
      const chatId = 702;
      const { id, keyboard } = await answered(bot, api, chatId, "叁零陆的总经理是谁？");
      const up = keyboard.inline_keyboard.flat().find((b) => b.text === "👍")!.callback_data;
      await bot.handleUpdate(pressOn(chatId, up, id, keyboard));
      expect(api.count("editMessageReplyMarkup"), how).toBe(1);
      expect(toast(api), how).toBe(MSG.voteThanksUp);
      expect(
        (await store.read()).votes.map((v) => v.vote),
        how,
      ).toEqual(["up"]);
      await bot.handleUpdate(textUpdate(chatId, "中德技术赋能平台在哪里揭牌？"));
      expect(api.sent(chatId), how).toHaveLength(2);
      expect(api.sent(chatId)[1]!.text, how).toMatch(/\[1\]/);
      expect(
        api.sent(chatId).some((m) => m.text === MSG.failed),
        how,
      ).toBe(false);
      await close();
    }
  });

  it("a press that comes without the message's keyboard is counted without an edit; in a group the shared answer's buttons stay as they are", async () => {
    const store = new FileFeedbackStore(join(dir, "fb-ack-group"), TEST_SALT);
    const api = new FakeApi();
    const { bot, close } = await fakeBot(engine, cfg, api, undefined, { feedback: store });
    const { id, keyboard } = await answered(bot, api, 703, "叁零陆的总经理是谁？");
    const up = keyboard.inline_keyboard.flat().find((b) => b.text === "👍")!.callback_data;
    await bot.handleUpdate(pressOn(703, up, id, undefined));
    const groupId = -704;
    const inGroup = await answered(bot, api, groupId, "@TestNameBot 叁零陆的总经理是谁？", { chat: { id: groupId, type: "group", title: "G" } });
    const groupUp = inGroup.keyboard.inline_keyboard.flat().find((b) => b.text === "👍")!.callback_data;
    await bot.handleUpdate(pressOn(groupId, groupUp, inGroup.id, inGroup.keyboard, "group", 705));
    expect(api.count("editMessageReplyMarkup")).toBe(0);
    expect((await store.read()).votes.map((v) => v.vote)).toEqual(["up", "up"]);
    await close();
  });
});
