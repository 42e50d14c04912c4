/**
 * End to end (the real bot process, long polling, the Bot API emulator on 127.0.0.1): commands in
 * groups, the welcome when added to a group, sources in place, a vote marked on its button, /sources
 * pages and deep links, over the seed pages plus 14 JSON Lines articles of a named paper, two a day (three /sources pages).
 * Inline queries, which the emulator does not serve, are tested in surfaces.test.ts.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MSG } from "../../src/bot/messages.js";
import { Emulator, sleep, spawnBot, unsafeMarkup, visible, type BotMessage, type BotProcess, type ChatSpec } from "./harness.js";
import { PAPER, pagedSeeds } from "./paged-seeds.js";

const TOKEN = "123456789:AAE2eSurfacesTokenDoNotLeak_abcdefgh";
const BOT_ID = 1; // the emulator's getMe

let emu: Emulator;
let root: string;
let bot: BotProcess;

const reader: ChatSpec = { chatId: 4001, userId: 4001 };
const group: ChatSpec = { chatId: -4002, userId: 4003, type: "group" };

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), "wnb-bot-e2e-surfaces-"));
  emu = await Emulator.start();
  bot = spawnBot({
    TELEGRAM_BOT_TOKEN: TOKEN,
    TELEGRAM_API_ROOT: emu.apiRoot,
    SEEDS_DIR: pagedSeeds(root),
    VECTOR_DIR: join(root, "vectors"),
    SEEDS_RESCAN_SECONDS: "0",
    SESSION_STORE: "memory",
    RATE_LIMIT_PER_MINUTE: "100",
  });
  await bot.waitForLog(/bot running \(long polling\)/, 60_000);
}, 90_000);

afterAll(async () => {
  await bot?.stop();
  await emu?.stop();
  rmSync(root, { recursive: true, force: true });
});

async function command(chat: ChatSpec, text: string): Promise<BotMessage[]> {
  const before = emu.messages(TOKEN, chat.chatId).length;
  await emu.command(TOKEN, chat, text);
  return emu.waitMessages(TOKEN, chat.chatId, before);
}

async function press(chat: ChatSpec, data: string, messageId: number): Promise<BotMessage[]> {
  const before = emu.messages(TOKEN, chat.chatId).length;
  await emu.callback(TOKEN, chat, data, messageId);
  return emu.waitMessages(TOKEN, chat.chatId, before);
}

/** Waits until the bot has edited message `id` so that its text matches. */
async function edited(chat: ChatSpec, id: number, pattern: RegExp, timeoutMs = 8000): Promise<BotMessage> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const m = emu.messages(TOKEN, chat.chatId).find((x) => x.messageId === id);
    if (m && pattern.test(visible(m.text))) return m;
    if (Date.now() > deadline) throw new Error(`message ${id} was not edited to ${pattern}: ${m?.text}`);
    await sleep(25);
  }
}

describe("bot e2e: groups, sources in place, /sources pages, deep links", () => {
  it("starts although the emulator refuses the profile calls (menus, description): they are cosmetic", () => {
    expect(bot.output()).toMatch(/cosmetic Bot API call failed/);
  });

  it("in a group, commands for another bot and unknown commands get no reply; its own command does", async () => {
    const before = emu.messages(TOKEN, group.chatId).length;
    for (const text of ["/help@OtherBot", "/start@OtherBot", "/foo"]) await emu.command(TOKEN, group, text);
    await emu.command(TOKEN, group, "/help@TestNameBot");
    const replies = await emu.waitMessages(TOKEN, group.chatId, before);
    await sleep(300);
    // per-chat order is kept: a reply to any of the first three would have come before the help
    expect(emu.messages(TOKEN, group.chatId).length - before).toBe(1);
    expect(visible(replies[0]!.text)).toContain("/reset");
  });

  it("in a private chat, an unknown command gets a one-line hint", async () => {
    const [hint] = await command(reader, "/foo");
    expect(hint!.text).toBe(MSG.unknownCommand("/foo"));
  });

  it("welcomes a group it is added to", async () => {
    const added: ChatSpec = { chatId: -4004, userId: 4005, type: "group" };
    const before = emu.messages(TOKEN, added.chatId).length;
    const me = { id: BOT_ID, is_bot: true, first_name: "Test Name", username: "TestNameBot" };
    emu.rawUpdate(TOKEN, {
      my_chat_member: {
        chat: { id: added.chatId, type: "group", title: "Group" },
        from: { id: added.userId, is_bot: false, first_name: "U" },
        date: Math.floor(Date.now() / 1000),
        old_chat_member: { status: "left", user: me },
        new_chat_member: { status: "member", user: me },
      },
    });
    const [welcome] = await emu.waitMessages(TOKEN, added.chatId, before);
    expect(welcome!.text).toBe(MSG.welcome("TestNameBot"));
  });

  it("an answer shows the cited excerpts in an expandable quote and names its sources without file names", async () => {
    for (const q of ["叁零陆的总经理是谁？", "湖塘镇社区食堂怎么样了？"]) {
      const before = emu.messages(TOKEN, reader.chatId).length;
      await emu.send(TOKEN, reader, q);
      const [answer] = await emu.waitMessages(TOKEN, reader.chatId, before);
      expect(answer!.parseMode).toBe("HTML");
      expect(answer!.text).toMatch(/<blockquote expandable>\[1\] 「[\s\S]+」<\/blockquote>/u);
      expect(answer!.text).not.toMatch(/\.txt|\.jsonl|日期未知/u);
      expect(unsafeMarkup(answer!.text)).toEqual([]);
      if (q.startsWith("湖塘")) expect(visible(answer!.text)).toContain(`${PAPER} · 2024-11-01`);
    }
  });

  it("a vote shows on its button (「👍 已记录」), and a press on 👎 moves the mark there", async () => {
    const before = emu.messages(TOKEN, reader.chatId).length;
    await emu.send(TOKEN, reader, "叁零陆的总经理是谁？");
    const [answer] = await emu.waitMessages(TOKEN, reader.chatId, before);
    expect(answer!.rows.at(-1)!.map((b) => b.text)).toEqual(["👍", "👎"]);
    const [up, down] = answer!.rows.at(-1)!;
    const votes = async (want: string[]): Promise<void> => {
      const deadline = Date.now() + 8000;
      for (;;) {
        const now = emu.messages(TOKEN, reader.chatId).find((m) => m.messageId === answer!.messageId)!;
        if (JSON.stringify(now.rows.at(-1)!.map((b) => b.text)) === JSON.stringify(want)) return;
        if (Date.now() > deadline) throw new Error(`the vote row is ${JSON.stringify(now.rows.at(-1))}, not ${JSON.stringify(want)}`);
        await sleep(25);
      }
    };
    await emu.callback(TOKEN, reader, up!.data, answer!.messageId);
    await votes(["👍 已记录", "👎"]);
    await emu.callback(TOKEN, reader, down!.data, answer!.messageId);
    await votes(["👍", "👎 已记录"]);
    // the other buttons are still there and still work
    const source = emu.messages(TOKEN, reader.chatId).find((m) => m.messageId === answer!.messageId)!.buttons[0]!;
    expect(source.text).toBe("原文 [1]");
    const [passage] = await press(reader, source.data, answer!.messageId);
    expect(visible(passage!.text)).toContain("秦金玉");
  });

  it("/sources pages with ‹ › (edited in place), and a headline's deep link opens the article and its 原文", async () => {
    const [page] = await command(reader, "/sources");
    expect(visible(page!.text)).toContain("（第 1/3 页，最新的在前）");
    expect(page!.text).not.toMatch(/\.txt|\.jsonl/u);
    expect(unsafeMarkup(page!.text)).toEqual([]);
    expect(page!.buttons.map((b) => b.text)).toEqual([MSG.nextPage]);
    await emu.callback(TOKEN, reader, page!.buttons[0]!.data, page!.messageId);
    const second = await edited(reader, page!.messageId, /第 2\/3 页/u);
    expect(second.buttons.map((b) => b.text)).toEqual([MSG.previousPage, MSG.nextPage]);
    await emu.callback(TOKEN, reader, second.buttons[0]!.data, page!.messageId);
    await edited(reader, page!.messageId, /第 1\/3 页/u);

    // on the second page: the nine dated seed articles and one more fill the first
    const payload = /href="https:\/\/t\.me\/TestNameBot\?start=(a_[A-Za-z0-9_-]+)">湖塘镇口袋公园正式开放</u.exec(second.text)![1]!;
    const [summary] = await command(reader, `/start ${payload}`);
    expect(visible(summary!.text)).toMatch(new RegExp(`^湖塘镇口袋公园正式开放\n${PAPER} · 2024-11-06\n\n`, "u"));
    expect(summary!.buttons.map((b) => b.text)).toEqual([MSG.articleButton]);
    const [full] = await press(reader, summary!.buttons[0]!.data, summary!.messageId);
    expect(visible(full!.text)).toContain("下一步，湖塘镇将继续推进口袋公园配套设施建设");
  });
});
