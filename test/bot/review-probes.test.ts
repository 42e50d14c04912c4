/**
 * What the fault and abuse review of issue 22 found in the bot's surfaces, each as a reader would
 * meet it: one 「原文」 press that sent hundreds of messages, a tampered source button, an answer whose
 * HTML Telegram refused.
 */
import type { Update } from "grammy/types";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { Config } from "../../src/config/env.js";
import type { Engine } from "../../src/engine/engine.js";
import { ARTICLE_MAX_CHARS } from "../../src/bot/deep-links.js";
import { encodeCallback } from "../../src/bot/keyboards.js";
import { MSG } from "../../src/bot/messages.js";
import { setLogLevel } from "../../src/log.js";
import { tempDir } from "../helpers/tmp.js";
import { FakeApi, fakeBot, seedEngine, textUpdate } from "./fake.js";

let engine: Engine;
let cfg: Config;
const LONG_ID = "long-1";
/** A very long article: 4,000 paragraphs of about 60 characters (240,000 characters). */
const longText = Array.from({ length: 4000 }, (_, i) => `第${i + 1}段：武进区持续推进城乡融合发展，镇村道路改造工程稳步实施。`).join("\n");

beforeAll(async () => {
  const dir = tempDir("wnb-bot-probes-");
  const seeds = join(dir, "seeds");
  mkdirSync(seeds);
  writeFileSync(
    join(seeds, "long.jsonl"),
    `${JSON.stringify({ id: LONG_ID, title: "城乡融合发展的长篇报道", date: "2024-12-01", source: "武进日报", text: longText })}\n`,
  );
  ({ engine, cfg } = await seedEngine(dir, { SEEDS_DIR: seeds }));
  setLogLevel("silent");
});

let nextUpdate = 900_000;
function press(chatId: number, data: string): Update {
  return {
    update_id: nextUpdate++,
    callback_query: {
      id: String(nextUpdate),
      chat_instance: "x",
      from: { id: chatId, is_bot: false, first_name: "U" },
      data,
      message: { message_id: 5, date: 0, chat: { id: chatId, type: "private", first_name: "U" } },
    },
  } as unknown as Update;
}

describe("one 「原文」 press (issue 22, item 6)", () => {
  it("sends at most three messages of a very long article, saying that it shows the start (a 10 MB article was 878 messages)", async () => {
    const { bot, api } = await fakeBot(engine, cfg);
    const ref = engine.library.firstRef(LONG_ID)!;
    await bot.handleUpdate(press(801, encodeCallback({ kind: "article", ...ref })));
    const sent = api.sent(801);
    expect(sent.length).toBeGreaterThan(1);
    expect(sent.length).toBeLessThanOrEqual(3);
    const text = sent.map((m) => m.text).join("\n");
    expect(text).toContain("第1段：武进区持续推进城乡融合发展");
    expect(text).not.toContain("第4000段");
    expect(text).toContain(`（全文共 ${longText.length} 字，太长了，这里只显示前`);
    expect(text.length).toBeLessThan(ARTICLE_MAX_CHARS + 2000);
  });

  it("a question asked right after the press is answered after those few messages", async () => {
    const { bot, api } = await fakeBot(engine, cfg);
    const ref = engine.library.firstRef(LONG_ID)!;
    await Promise.all([
      bot.handleUpdate(press(802, encodeCallback({ kind: "article", ...ref }))),
      bot.handleUpdate(textUpdate(802, "城乡融合发展有什么报道？")),
    ]);
    expect(api.sent(802).length).toBeLessThanOrEqual(4);
  });
});

describe("a tampered source button (issue 22)", () => {
  it("s:…:999 is refused, not answered with 「[999]」", async () => {
    const { bot, api } = await fakeBot(engine, cfg);
    const ref = engine.library.firstRef(LONG_ID)!;
    await bot.handleUpdate(press(803, `s:${ref.label}:${ref.check}:999`));
    await bot.handleUpdate(press(803, `s:${ref.label}:${ref.check}:0`));
    expect(api.sent(803).map((m) => m.text)).toEqual([]);
    const answers = api.calls.filter((c) => c.method === "answerCallbackQuery").map((c) => c.payload.text);
    expect(answers).toEqual([MSG.sourceGone, MSG.sourceGone]);
    await bot.handleUpdate(press(803, `s:${ref.label}:${ref.check}:2`));
    expect(api.sent(803)[0]!.text).toMatch(/^\[2\] /u);
  });
});

describe("an answer whose HTML Telegram refuses (issue 22)", () => {
  it("goes out again as plain text, with its buttons, instead of the apology", async () => {
    const api = new FakeApi();
    api.refusing.set("sendMessage", 1);
    api.refusal.set("sendMessage", 'Bad Request: can\'t parse entities: Unsupported start tag "br" at byte offset 10');
    const { bot } = await fakeBot(engine, cfg, api);
    await bot.handleUpdate(textUpdate(804, "武进区镇村道路改造工程进展如何？"));
    const sends = api.calls.filter((c) => c.method === "sendMessage");
    expect(sends).toHaveLength(2);
    expect(sends[0]!.payload.parse_mode).toBe("HTML");
    const plain = sends[1]!.payload;
    expect(plain.parse_mode).toBeUndefined();
    expect(String(plain.text)).toContain("镇村道路改造工程稳步实施");
    expect(String(plain.text)).toBe(
      String(sends[0]!.payload.text)
        .replace(/<[^>]+>/gu, "")
        .replace(/&lt;/gu, "<")
        .replace(/&gt;/gu, ">")
        .replace(/&amp;/gu, "&"),
    );
    expect(String(plain.text)).not.toMatch(/<\/?(b|i|blockquote)/u);
    expect(String(plain.text)).not.toBe(MSG.failed);
    expect(plain.reply_markup).toBeDefined();
  });
});
