/** The bot in-process over the real seed index, with a recording fake Bot API. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Config } from "../../src/config/env.js";
import type { Engine } from "../../src/engine/engine.js";
import { describeError } from "../../src/bot/bot.js";
import { MSG } from "../../src/bot/messages.js";
import { log, registerSecrets, setLogLevel } from "../../src/log.js";
import { tempDir } from "../helpers/tmp.js";
import { captureStderr, commandUpdate, FakeApi, fakeBot, seedEngine, textUpdate } from "./fake.js";

let engine: Engine;
let cfg: Config;
const TOKEN = "123456789:AAUnitTestTokenNeverLogged_abcdefghij";

beforeAll(async () => {
  ({ engine, cfg } = await seedEngine(tempDir("wnb-bot-unit-")));
  registerSecrets(TOKEN);
  setLogLevel("silent");
});
afterAll(() => setLogLevel("silent"));

const visibleText = (html: string): string =>
  html
    .replace(/<\/?(b|i|code)>/g, "")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");

describe("bot (in-process)", () => {
  it("a failing typing indicator (HTTP 500) is tried once and never stops the answer", async () => {
    const api = new FakeApi();
    api.failing.set("sendChatAction", Infinity);
    const { bot } = await fakeBot(engine, cfg, api);
    await bot.handleUpdate(textUpdate(501, "西太湖有什么生物医药项目？"));
    expect(api.count("sendChatAction")).toBe(1);
    expect(api.sent(501)).toHaveLength(1);
    expect(visibleText(api.sent(501)[0]!.text)).toMatch(/\[1\]/);
  });

  it("an answer that meets a 5xx is retried (auto-retry) and delivered once", async () => {
    const api = new FakeApi();
    api.failing.set("sendMessage", 1);
    const { bot } = await fakeBot(engine, cfg, api);
    await bot.handleUpdate(textUpdate(502, "西太湖有什么生物医药项目？"));
    expect(api.count("sendMessage")).toBe(2);
  }, 20_000);

  it("an engine failure gets an apology, is logged without the token, and the bot keeps answering", async () => {
    setLogLevel("info");
    const logs = captureStderr();
    try {
      const broken = Object.create(engine) as Engine;
      let fail = true;
      broken.ask = async (q, o) => {
        if (fail) {
          fail = false;
          throw new Error(`request to https://api.telegram.org/bot${TOKEN}/sendMessage failed`);
        }
        return engine.ask(q, o);
      };
      const { bot, api } = await fakeBot(broken, cfg);
      await bot.handleUpdate(textUpdate(503, "西太湖有什么生物医药项目？"));
      await bot.handleUpdate(textUpdate(503, "西太湖有什么生物医药项目？"));
      expect(api.sent(503).map((m) => m.text)[0]).toBe(MSG.failed);
      expect(visibleText(api.sent(503)[1]!.text)).toMatch(/\[1\]/);
      log.error({ err: describeError(new Error(`boom ${TOKEN}`)) }, "direct");
    } finally {
      logs.restore();
      setLogLevel("silent");
    }
    expect(logs.text()).toContain("engine failed to answer");
    expect(logs.text()).not.toContain(TOKEN);
    expect(logs.text()).not.toContain(TOKEN.split(":")[1]);
  });

  it("an update that fails for good is logged by bot.catch and the next one is answered", async () => {
    setLogLevel("info");
    const logs = captureStderr();
    const api = new FakeApi();
    api.refusing.set("sendMessage", 2); // the answer and the apology both refused
    try {
      const { bot } = await fakeBot(engine, cfg, api);
      await bot.handleUpdate(textUpdate(508, "西太湖有什么生物医药项目？"));
      await bot.handleUpdate(textUpdate(508, "西太湖有什么生物医药项目？"));
    } finally {
      logs.restore();
      setLogLevel("silent");
    }
    expect(logs.text()).toMatch(/update failed \(the bot keeps running\)/);
    expect(logs.text()).toMatch(/400/);
    expect(api.count("sendMessage")).toBe(3);
    expect(visibleText(api.sent(508)[2]!.text)).toMatch(/\[1\]/);
  });

  it("/sources says what the corpus holds, /help explains the commands", async () => {
    const { bot, api } = await fakeBot(engine, cfg);
    await bot.handleUpdate(commandUpdate(509, "/sources"));
    const text = visibleText(api.sent(509)[0]!.text);
    expect(text).toContain(`${engine.index.documentCount} 篇报道`);
    for (const d of engine.index.liveDocs()) expect(text).toContain(d.title);
    await bot.handleUpdate(commandUpdate(509, "/help"));
    expect(visibleText(api.sent(509)[1]!.text)).toMatch(/\/reset[\s\S]*\/sources|\/sources[\s\S]*\/reset/);
  });

  it("rate-limits a user with one friendly notice, then silence until the minute is over", async () => {
    const limited = { ...cfg, RATE_LIMIT_PER_MINUTE: 3 };
    const { bot, api } = await fakeBot(engine, limited);
    for (let i = 0; i < 5; i++) await bot.handleUpdate(textUpdate(504, "西太湖有什么生物医药项目？"));
    await new Promise((r) => setTimeout(r, 50));
    const texts = api.sent(504).map((m) => m.text);
    expect(texts).toHaveLength(4);
    expect(texts[3]).toBe(MSG.rateLimited);
  });

  it("many chats at once: every question answered exactly once, in order, with separate sessions", async () => {
    const { bot, api, store } = await fakeBot(engine, cfg);
    const chats = Array.from({ length: 40 }, (_, i) => 6000 + i);
    const questions = ["西太湖有什么生物医药项目？", "高新区有哪些新能源项目", "液流电池产业生态大会在哪里举行？", "还有吗", "投资多少？"];
    const updates = chats.map((c) => questions.map((q) => textUpdate(c, q)));
    // all at once, as the runner would deliver them; per-chat order must hold
    await Promise.all(updates.flatMap((list) => list.map((u) => bot.handleUpdate(u))));
    for (const [i, c] of chats.entries()) {
      const replies = api.sent(c).map((m) => m.reply_parameters?.message_id);
      expect(replies).toEqual(updates[i]!.map((u) => u.message!.message_id));
    }
    for (const c of chats.slice(0, 3)) await bot.handleUpdate(commandUpdate(c, "/reset"));
    expect(api.sent(chats[0]).at(-1)!.text).toBe(MSG.resetDone(5));
    // One session per chat; the rest of the store is the answers' contexts (「更多」 and replies).
    const keys = [...(store.storage as unknown as { readAllKeys(): Iterable<string> }).readAllKeys()];
    expect(keys.filter((k) => /^\d+$/u.test(k))).toHaveLength(40);
    expect(keys.filter((k) => k.startsWith("answer-"))).toHaveLength(40 * questions.length);
  });

  it("source buttons carry short callback data that resolves to the cited passage, and a stale one is refused", async () => {
    const { bot, api } = await fakeBot(engine, cfg);
    await bot.handleUpdate(textUpdate(505, "高新区有哪些新能源项目"));
    const kb = api.sent(505)[0]!.reply_markup!.inline_keyboard.flat();
    const src = kb.find((b) => b.text === "原文 [1]")!;
    expect(Buffer.byteLength(src.callback_data)).toBeLessThan(64);
    const press = (data: string) => ({
      update_id: 900_000 + Math.floor(Math.random() * 1000),
      callback_query: {
        id: "1",
        chat_instance: "x",
        from: { id: 505, is_bot: false, first_name: "U" },
        data,
        message: { message_id: 1, date: 0, chat: { id: 505, type: "private" as const, first_name: "U" } },
      },
    });
    await bot.handleUpdate(press(src.callback_data));
    const title = /\[1\] (.+?)(?: — |\n|$)/m.exec(visibleText(api.sent(505)[0]!.text))![1]!;
    expect(visibleText(api.sent(505)[1]!.text)).toContain(title);
    await bot.handleUpdate(press(src.callback_data.replace(/:[A-Za-z0-9_-]{6}:/, ":AAAAAA:")));
    expect(api.sent(505)[2]!.text).toBe(MSG.sourceGone);
  });

  it("「更多」 sits under an answer only when there is more to show", async () => {
    const { bot, api } = await fakeBot(engine, cfg);
    const questions = ["TOPCon电池项目预计什么时候投产？", "区政协主席是谁？", "高新区有哪些新能源项目", "叁零陆动力部件在哪里？", "武进区明天会下雨吗？"];
    const shown: boolean[] = [];
    for (const [i, q] of questions.entries()) {
      await bot.handleUpdate(textUpdate(520 + i, q));
      const buttons = api.sent(520 + i)[0]!.reply_markup?.inline_keyboard.flat() ?? [];
      const more = buttons.some((b) => b.text === MSG.moreButton);
      expect(more, q).toBe(Boolean((await engine.ask(q)).result.more));
      shown.push(more);
    }
    // both cases occur among these questions: the rule is seen to add the button and to leave it out
    expect(shown).toContain(true);
    expect(shown).toContain(false);
  });

  it("ALLOWED_CHAT_IDS refuses other chats politely and answers listed ones", async () => {
    const { bot, api } = await fakeBot(engine, { ...cfg, ALLOWED_CHAT_IDS: "507, -100123" });
    await bot.handleUpdate(textUpdate(506, "西太湖有什么生物医药项目？"));
    await bot.handleUpdate(textUpdate(507, "西太湖有什么生物医药项目？"));
    expect(api.sent(506).map((m) => m.text)).toEqual([MSG.notAllowed]);
    expect(visibleText(api.sent(507)[0]!.text)).toMatch(/\[1\]/);
  });
});
