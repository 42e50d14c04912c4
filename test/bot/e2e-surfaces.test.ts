/**
 * End to end (the real bot process, long polling, the Bot API emulator on 127.0.0.1): commands in
 * groups and the welcome when added to a group, over the seed pages plus 14 dated JSON Lines articles
 * of a named paper.
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

describe("bot e2e: groups and commands", () => {
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

});
