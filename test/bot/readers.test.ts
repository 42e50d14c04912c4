/**
 * Each reader's own conversation, and limits that fit Telegram: in-process over the seed index with
 * a recording Bot API (and a real redis-server for the limits several instances share).
 */
import type { Update } from "grammy/types";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Config } from "../../src/config/env.js";
import type { Engine } from "../../src/engine/engine.js";
import { MSG } from "../../src/bot/messages.js";
import { setLogLevel } from "../../src/log.js";
import { tempDir } from "../helpers/tmp.js";
import { FakeApi, fakeBot, seedEngine, textUpdate } from "./fake.js";
import { skipWhenMissing } from "../helpers/needs.js";
import { redisMissing, RedisServer } from "./redis.js";

const noRedis = skipWhenMissing(redisMissing(), "the Redis shared-limit test");

let engine: Engine;
let cfg: Config;

beforeAll(async () => {
  ({ engine, cfg } = await seedEngine(tempDir("wnb-bot-readers-")));
  setLogLevel("silent");
});

const visible = (html: string): string =>
  html
    .replace(/<[^>]+>/g, "")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");
const GROUP = -5001;

/** A message in a group from a member, addressed to the bot by mention. */
function groupUpdate(userId: number, text: string, extra: Record<string, unknown> = {}): Update {
  return textUpdate(GROUP, `@TestNameBot ${text}`, { chat: { id: GROUP, type: "group", title: "G" }, ...extra }, userId);
}

function press(chatId: number, data: string, messageId: number, userId = chatId): Update {
  return {
    update_id: 800_000 + Math.floor(Math.random() * 100_000),
    callback_query: {
      id: String(Math.random()),
      chat_instance: "x",
      from: { id: userId, is_bot: false, first_name: "U" },
      data,
      message: { message_id: messageId, date: 0, chat: { id: chatId, type: "private", first_name: "U" } },
    },
  } as Update;
}

/** The answer messages the fake API returned for a chat, with the ids it gave them. */
function answers(api: FakeApi, chatId: number): Array<{ id: number; text: string; buttons: Array<{ text: string; callback_data: string }> }> {
  const out: Array<{ id: number; text: string; buttons: Array<{ text: string; callback_data: string }> }> = [];
  api.calls.forEach((c, i) => {
    if (c.method !== "sendMessage" || c.payload.chat_id !== chatId) return;
    const markup = c.payload.reply_markup as { inline_keyboard?: Array<Array<{ text: string; callback_data: string }>> } | undefined;
    out.push({ id: api.messageIds[i]!, text: visible(String(c.payload.text)), buttons: markup?.inline_keyboard?.flat() ?? [] });
  });
  return out;
}

describe("each reader's own conversation", () => {
  it("in a group, a member's follow-up resolves against their own question, not another member's", async () => {
    const { bot, api } = await fakeBot(engine, cfg);
    await bot.handleUpdate(groupUpdate(71, "叁零陆动力部件在哪里？"));
    await bot.handleUpdate(groupUpdate(72, "液流电池产业生态大会在哪里举行？"));
    await bot.handleUpdate(groupUpdate(71, "它的总经理是谁？"));
    const last = answers(api, GROUP).at(-1)!.text;
    expect(last).toContain(`${MSG.understoodAs}叁零陆`);
    expect(last).toContain("秦金玉");
  });

  it("replying to an earlier answer continues that answer, whatever was asked since", async () => {
    const { bot, api } = await fakeBot(engine, cfg);
    await bot.handleUpdate(textUpdate(73, "叁零陆动力部件在哪里？"));
    const first = answers(api, 73)[0]!;
    await bot.handleUpdate(textUpdate(73, "液流电池产业生态大会在哪里举行？"));
    await bot.handleUpdate(
      textUpdate(73, "它的总经理是谁？", {
        reply_to_message: { message_id: first.id, date: 0, chat: { id: 73, type: "private" }, from: { id: 666, is_bot: true, first_name: "Bot" } },
      }),
    );
    expect(answers(api, 73).at(-1)!.text).toContain(`${MSG.understoodAs}叁零陆`);
  });

  it("「更多」 continues the answer it sits under, not the chat's latest question", async () => {
    const { bot, api } = await fakeBot(engine, cfg);
    await bot.handleUpdate(textUpdate(74, "沈东调研了哪些地方？"));
    const first = answers(api, 74)[0]!;
    const more = first.buttons.find((b) => b.text === MSG.moreButton)!;
    expect(more.callback_data).toMatch(/^m:[A-Za-z0-9_-]{9}$/u);
    await bot.handleUpdate(textUpdate(74, "叁零陆动力部件在哪里？"));
    await bot.handleUpdate(press(74, more.callback_data, first.id));
    expect(answers(api, 74).at(-1)!.text).toContain(`${MSG.understoodAs}沈东调研了哪些地方`);
  });
});

describe("limits that fit Telegram", () => {
  it("「原文」 presses are not questions: they do not use up the question limit", async () => {
    const { bot, api } = await fakeBot(engine, { ...cfg, RATE_LIMIT_PER_MINUTE: 2 });
    await bot.handleUpdate(textUpdate(75, "高新区有哪些新能源项目"));
    const first = answers(api, 75)[0]!;
    const source = first.buttons.find((b) => b.text.startsWith("原文"))!;
    for (let i = 0; i < 10; i++) await bot.handleUpdate(press(75, source.callback_data, first.id));
    await bot.handleUpdate(textUpdate(75, "叁零陆动力部件在哪里？"));
    const texts = answers(api, 75).map((a) => a.text);
    expect(texts.filter((t) => t === MSG.rateLimited)).toHaveLength(0);
    expect(texts).toHaveLength(12);
    await bot.handleUpdate(textUpdate(75, "西太湖有什么项目？"));
    expect(answers(api, 75).at(-1)!.text).toBe(MSG.rateLimited);
  });

  it("inline queries have a limit of their own, and past it get no results instead of an answer", async () => {
    const { bot, api } = await fakeBot(engine, { ...cfg, BUTTON_LIMIT_PER_MINUTE: 2 });
    const inline = (n: number): Update =>
      ({
        update_id: 700_000 + n,
        inline_query: { id: `iq${n}`, from: { id: 78, is_bot: false, first_name: "U" }, query: "高新区有哪些新能源项目", offset: "" },
      }) as Update;
    for (let n = 0; n < 3; n++) await bot.handleUpdate(inline(n));
    const results = api.calls.filter((c) => c.method === "answerInlineQuery").map((c) => (c.payload.results as unknown[]).length);
    expect(results.slice(0, 2).every((r) => r > 0)).toBe(true);
    expect(results[2]).toBe(0);
  });

  it("a group has a limit of its own, whoever asks", async () => {
    const { bot, api } = await fakeBot(engine, { ...cfg, GROUP_LIMIT_PER_MINUTE: 2 });
    for (const member of [81, 82, 83]) await bot.handleUpdate(groupUpdate(member, "高新区有哪些新能源项目"));
    expect(answers(api, GROUP).at(-1)!.text).toBe(MSG.groupRateLimited);
  });

  it.skipIf(noRedis)(
    "with Redis, several instances share one reader's limit",
    async () => {
      const redis = await RedisServer.start();
      try {
        const shared = { ...cfg, RATE_LIMIT_PER_MINUTE: 2, REDIS_URL: redis.url };
        const one = await fakeBot(engine, shared);
        const two = await fakeBot(engine, shared);
        await one.bot.handleUpdate(textUpdate(76, "高新区有哪些新能源项目"));
        await two.bot.handleUpdate(textUpdate(76, "叁零陆动力部件在哪里？"));
        await one.bot.handleUpdate(textUpdate(76, "西太湖有什么项目？"));
        expect(answers(one.api, 76).at(-1)!.text).toBe(MSG.rateLimited);
        await one.close();
        await two.close();
      } finally {
        await redis.down();
      }
    },
    20_000,
  );

  it("the typing indicator is renewed until a slow answer is sent, then stops", async () => {
    vi.useFakeTimers({ toFake: ["setInterval", "clearInterval"] });
    try {
      let release!: () => void;
      const slow = Object.create(engine) as Engine;
      slow.ask = async (q, o) => {
        await new Promise<void>((r) => (release = r));
        return engine.ask(q, o);
      };
      const { bot, api } = await fakeBot(slow, cfg);
      const handled = bot.handleUpdate(textUpdate(77, "高新区有哪些新能源项目"));
      await vi.waitFor(() => expect(release).toBeTypeOf("function"));
      vi.advanceTimersByTime(11_000);
      expect(api.count("sendChatAction")).toBe(3);
      release();
      await handled;
      vi.advanceTimersByTime(20_000);
      expect(api.count("sendChatAction")).toBe(3);
    } finally {
      vi.useRealTimers();
    }
  });
});

afterAll(() => setLogLevel("silent"));
