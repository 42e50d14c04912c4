/**
 * End to end: the real bot process (long polling) against the Bot API emulator on 127.0.0.1.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chunkingFromConfig, ingest } from "../../src/engine/ingest.js";
import { MSG } from "../../src/bot/messages.js";
import { testConfig } from "../helpers/config.js";
import { Emulator, sleep, spawnBot, unsafeMarkup, visible, type BotMessage, type BotProcess, type ChatSpec } from "./harness.js";

const TOKEN = "123456789:AAE2eTestTokenDoNotLeak_abcdefghijklm";
const TOKEN2 = "987654321:AAE2eSecondTokenDoNotLeak_nopqrstuvwx";
const BOT = "@TestNameBot"; // the emulator's getMe

let emu: Emulator;
let vectorDir: string;
let root: string;
let bot: BotProcess;

const alice: ChatSpec = { chatId: 1001, userId: 1001 };
const bob: ChatSpec = { chatId: 1002, userId: 1002 };
const carol: ChatSpec = { chatId: 1003, userId: 1003 };
const group: ChatSpec = { chatId: -2001, userId: 1004, type: "group" };
const stranger: ChatSpec = { chatId: 9999, userId: 9999 };
const ALLOWED = [alice, bob, carol, group].map((c) => c.chatId).join(",");

function env(extra: Record<string, string> = {}): Record<string, string> {
  return {
    TELEGRAM_BOT_TOKEN: TOKEN,
    TELEGRAM_API_ROOT: emu.apiRoot,
    VECTOR_DIR: vectorDir,
    SESSION_STORE: "memory",
    ALLOWED_CHAT_IDS: ALLOWED,
    MAX_QUESTION_CHARS: "500",
    RATE_LIMIT_PER_MINUTE: "100",
    ...extra,
  };
}

async function ask(chat: ChatSpec, text: string, count = 1, token = TOKEN): Promise<{ id: number; replies: BotMessage[] }> {
  const before = emu.messages(token, chat.chatId).length;
  const id = await emu.send(token, chat, text);
  return { id, replies: await emu.waitMessages(token, chat.chatId, before, count) };
}

async function command(chat: ChatSpec, text: string, token = TOKEN): Promise<BotMessage[]> {
  const before = emu.messages(token, chat.chatId).length;
  await emu.command(token, chat, text);
  return emu.waitMessages(token, chat.chatId, before);
}

async function press(chat: ChatSpec, data: string, messageId: number, token = TOKEN): Promise<BotMessage[]> {
  const before = emu.messages(token, chat.chatId).length;
  await emu.callback(token, chat, data, messageId);
  return emu.waitMessages(token, chat.chatId, before);
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), "wnb-bot-e2e-"));
  vectorDir = join(root, "vectors");
  const cfg = testConfig({ VECTOR_DIR: vectorDir });
  await ingest(cfg, { inputs: [cfg.SEEDS_DIR], indexDir: vectorDir, chunking: chunkingFromConfig(cfg), prune: true });
  emu = await Emulator.start();
  bot = spawnBot(env());
  await bot.waitForLog(/bot running \(long polling\)/);
}, 60_000);

afterAll(async () => {
  await bot?.stop();
  await emu?.stop();
  rmSync(root, { recursive: true, force: true });
});

describe("bot e2e (long polling against the emulator)", () => {
  it("/start says what the bot knows and offers three example questions about three different articles, one a row, no empty row after them", async () => {
    const [start] = await command(alice, "/start");
    expect(visible(start!.text)).toMatch(/我读过 \d+ 篇报道/);
    expect(start!.rows.map((row) => row.length)).toEqual([1, 1, 1]);
    for (const b of start!.buttons) expect(Buffer.byteLength(b.data)).toBeLessThan(64);
    const questions = start!.buttons.map((b) => b.text);
    // they were 「沈东专题调研全区重大项目建设」「沈东专题调研区人大常委会工作」「沈东专题调研区政协工作」是怎么回事？
    expect(new Set(questions.map((q) => q.slice(0, 4))).size).toBe(3);
    const cited: string[] = [];
    for (const b of start!.buttons) {
      const replies = await press(carol, b.data, start!.messageId);
      const text = visible(replies[0]!.text);
      expect(text).toContain(`问：${b.text}`);
      expect(replies.at(-1)!.buttons.some((x) => x.text.startsWith("原文"))).toBe(true);
      // each is answered from the article it names: its headline is the first source
      const first = /^\[1\] (.+?)(?: — |$)/mu.exec(text)![1]!;
      expect(b.text).toBe(`${first}是怎么回事？`);
      cited.push(first);
    }
    expect(new Set(cited).size).toBe(3);
  });

  it("answers a question with numbered citations and source buttons, then a follow-up in the same chat", async () => {
    const { id, replies } = await ask(alice, "高新区有哪些新能源项目？");
    const answer = replies.at(-1)!;
    expect(answer.parseMode).toBe("HTML");
    expect(replies[0]!.replyTo).toBe(id);
    expect(visible(answer.text)).toMatch(/\[1\]/);
    expect(visible(answer.text)).toContain("来源");
    const sourceButtons = answer.buttons.filter((b) => /^原文 \[\d+\]$/.test(b.text));
    expect(sourceButtons.length).toBeGreaterThan(0);
    for (const b of answer.buttons) expect(Buffer.byteLength(b.data)).toBeLessThan(64);

    // the source button shows the cited article's headline and passage
    const title = /\[1\] (.+?)(?: — |$)/m.exec(visible(answer.text))![1]!;
    const [source] = await press(alice, sourceButtons[0]!.data, answer.messageId);
    expect(visible(source!.text)).toContain(title);
    expect(visible(source!.text).length).toBeGreaterThan(title.length + 40);
    expect(unsafeMarkup(source!.text)).toEqual([]);

    // 更多 is offered where there is more to show, and shows what the answer did not
    const chair = (await ask(alice, "区政协主席是谁？")).replies.at(-1)!;
    const moreButton = chair.buttons.find((b) => b.text === "更多");
    expect(moreButton).toBeDefined();
    const more = await press(alice, moreButton!.data, chair.messageId);
    expect(more.length).toBeGreaterThan(0);
    expect(visible(more.at(-1)!.text)).not.toBe(visible(chair.text));

    // a follow-up is answered in the same conversation: the chat now remembers three turns
    const follow = await ask(alice, "投资多少？");
    expect(follow.replies[0]!.replyTo).toBe(follow.id);
    const [reset] = await command(alice, "/reset");
    expect(reset!.text).toMatch(/[45] 轮/u);
  });

  it("keeps two chats' contexts apart", async () => {
    await ask(bob, "西太湖有什么生物医药项目？");
    await ask(carol, "液流电池产业生态大会的主办方之一是哪家公司？");
    await ask(carol, "在哪里举行？");
    const [b] = await command(bob, "/reset");
    const [c] = await command(carol, "/reset");
    expect(b!.text).toContain("1 轮");
    expect(c!.text).toContain("5 轮"); // the three example-button questions earlier + two
  });

  it("in a group, answers only when mentioned, replied to or commanded", async () => {
    const before = emu.messages(TOKEN, group.chatId).length;
    await emu.send(TOKEN, group, "西太湖有什么生物医药项目？");
    const mentionedId = await emu.send(TOKEN, group, `${BOT} 西太湖有什么生物医药项目？`, {
      entities: [{ type: "mention", offset: 0, length: BOT.length }],
    });
    const replies = await emu.waitMessages(TOKEN, group.chatId, before);
    // per-chat order is kept, so a reply to the first message would have come first
    expect(replies.every((r) => r.replyTo === mentionedId)).toBe(true);
    expect(visible(replies.at(-1)!.text)).toMatch(/\[1\]/);
    // a reply to the bot's message counts as addressed
    const before2 = emu.messages(TOKEN, group.chatId).length;
    const replyId = await emu.send(TOKEN, group, "还有吗", {
      reply_to_message: {
        message_id: replies.at(-1)!.messageId,
        from: { id: 666, is_bot: true, first_name: "Bot" },
        chat: { id: group.chatId, type: "group" },
        date: 0,
      },
    });
    const r2 = await emu.waitMessages(TOKEN, group.chatId, before2);
    expect(r2[0]!.replyTo).toBe(replyId);
    const [help] = await command(group, "/help@TestNameBot");
    expect(visible(help!.text)).toContain("/reset");
    await sleep(300);
    expect(emu.messages(TOKEN, group.chatId).length).toBe(before2 + r2.length + 1);
  });

  it("an edited question is answered again as a reply to it, only its latest edit (the bot asks Telegram for edited messages)", async () => {
    const { id } = await ask(bob, "叁零陆动力部件在哪里？");
    const edit = (text: string, seconds: number) => ({
      edited_message: {
        message_id: id,
        date: Math.floor(Date.now() / 1000) - 10,
        edit_date: Math.floor(Date.now() / 1000) + seconds,
        chat: { id: bob.chatId, type: "private", first_name: `User${bob.userId}` },
        from: { id: bob.userId, is_bot: false, first_name: `User${bob.userId}` },
        text,
      },
    });
    const before = emu.messages(TOKEN, bob.chatId).length;
    // two edits in one getUpdates batch: only the second is answered
    emu.rawUpdate(TOKEN, edit("中德技术赋能平台在哪里揭牌？", 0));
    emu.rawUpdate(TOKEN, edit("叁零陆的总经理是谁？", 1));
    const [answer] = await emu.waitMessages(TOKEN, bob.chatId, before);
    await sleep(500);
    expect(emu.messages(TOKEN, bob.chatId).length - before).toBe(1);
    expect(answer!.replyTo).toBe(id);
    expect(visible(answer!.text)).toContain(MSG.editedQuestion);
    expect(visible(answer!.text)).toContain("秦金玉");
    expect(visible(answer!.text)).not.toContain("常州科教城");
  });

  it("HTML- and Markdown-looking input cannot inject markup", async () => {
    const { replies } = await ask(bob, '<b>西太湖</b> & <a href="x">生物医药</a> <script>alert(1)</script> **项目** _有哪些_');
    for (const r of replies) {
      expect(r.parseMode).toBe("HTML");
      expect(unsafeMarkup(r.text)).toEqual([]);
    }
  });

  it("bad input gets a clear reply: empty, 200,000 characters, control characters, emoji-only, punctuation-only, non-text", async () => {
    expect(visible((await ask(bob, "   \n\t  ")).replies[0]!.text)).toContain("请直接用文字提一个问题");
    expect(visible((await ask(bob, "😀🎉👍")).replies[0]!.text)).toContain("没看懂");
    expect(visible((await ask(bob, "？？！！……")).replies[0]!.text)).toContain("没看懂");
    const long = await ask(bob, "西太湖有什么项目".repeat(25_000));
    expect(visible(long.replies[0]!.text)).toContain("只读了前 500 个字");
    for (const r of long.replies) expect(visible(r.text).length).toBeLessThanOrEqual(4096);
    const ctrl = await ask(bob, "西太湖\u0000\u0007\u001b[31m有什么\u202e项目");
    expect(ctrl.replies.length).toBeGreaterThan(0);
    for (const r of ctrl.replies) expect(r.text).not.toMatch(/[\u0000-\u0008\u001b\u202e]/);
    const before = emu.messages(TOKEN, bob.chatId).length;
    await emu.send(TOKEN, bob, undefined, {
      sticker: { file_id: "x", file_unique_id: "y", type: "regular", width: 1, height: 1, is_animated: false, is_video: false },
    });
    const [hint] = await emu.waitMessages(TOKEN, bob.chatId, before);
    expect(hint!.text).toContain("只能读文字");
  });

  it("refuses chats outside ALLOWED_CHAT_IDS politely", async () => {
    const { replies } = await ask(stranger, "西太湖有什么项目？");
    expect(replies[0]!.text).toContain("只对指定的聊天开放");
    expect(replies.length).toBe(1);
  });

  it("never writes the bot token in its logs", () => {
    expect(bot.output().length).toBeGreaterThan(0);
    expect(bot.output()).not.toContain(TOKEN);
    expect(bot.output()).not.toContain(TOKEN.split(":")[1]);
  });
});

describe("bot e2e: restart with the file session store", () => {
  it("keeps the conversation across a restart, and stops gracefully on SIGTERM", async () => {
    const chat: ChatSpec = { chatId: 3001, userId: 3001 };
    const sessionEnv = { TELEGRAM_BOT_TOKEN: TOKEN2, SESSION_STORE: "file", SESSION_DIR: join(root, "sessions"), ALLOWED_CHAT_IDS: "" };
    const first = spawnBot(env(sessionEnv));
    try {
      await first.waitForLog(/bot running/);
      await ask(chat, "西太湖有什么生物医药项目？", 1, TOKEN2);
      await ask(chat, "投资多少？", 1, TOKEN2);
    } finally {
      expect(await first.stop()).toBe(0);
    }
    expect(first.output()).toMatch(/bot stopped/);
    const second = spawnBot(env(sessionEnv));
    try {
      await second.waitForLog(/bot running/);
      const [reset] = await command(chat, "/reset", TOKEN2);
      expect(reset!.text).toContain("2 轮");
    } finally {
      await second.stop();
    }
    expect(first.output() + second.output()).not.toContain(TOKEN2);
  });
});
