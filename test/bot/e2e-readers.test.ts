/**
 * End to end: an answer's 「更多」 continues *that* answer after the bot restarts (the answer's context
 * lives in the file session store), and a reply to an old answer continues it too.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MSG } from "../../src/bot/messages.js";
import { chunkingFromConfig, ingest } from "../../src/engine/ingest.js";
import { testConfig } from "../helpers/config.js";
import { Emulator, spawnBot, visible, type ChatSpec } from "./harness.js";

const TOKEN = "123456789:AAE2eReadersTokenDoNotLeak_abcdefgh";
let emu: Emulator;
let root: string;
let vectorDir: string;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), "wnb-bot-readers-"));
  vectorDir = join(root, "vectors");
  const cfg = testConfig({ VECTOR_DIR: vectorDir });
  await ingest(cfg, { inputs: [cfg.SEEDS_DIR], indexDir: vectorDir, chunking: chunkingFromConfig(cfg), prune: true });
  emu = await Emulator.start();
}, 60_000);

afterAll(async () => {
  await emu?.stop();
  rmSync(root, { recursive: true, force: true });
});

const BOT_ID = 666; // the emulator's getMe
const env = (extra: Record<string, string> = {}) => ({
  TELEGRAM_BOT_TOKEN: TOKEN,
  TELEGRAM_API_ROOT: emu.apiRoot,
  VECTOR_DIR: vectorDir,
  SESSION_STORE: "file",
  SESSION_DIR: join(root, "sessions"),
  RATE_LIMIT_PER_MINUTE: "100",
  ...extra,
});

async function ask(token: string, chat: ChatSpec, text: string, extra: Record<string, unknown> = {}) {
  const before = emu.messages(token, chat.chatId).length;
  await emu.send(token, chat, text, extra);
  const [reply] = await emu.waitMessages(token, chat.chatId, before);
  return reply!;
}

describe("bot e2e: each answer keeps its conversation", () => {
  it("「更多」 under an earlier answer continues that answer, also after a restart", async () => {
    const chat: ChatSpec = { chatId: 4001, userId: 4001 };
    const first = spawnBot(env());
    let moreData = "";
    let firstId = 0;
    try {
      await first.waitForLog(/bot running/);
      let before = emu.messages(TOKEN, chat.chatId).length;
      await emu.send(TOKEN, chat, "沈东调研了哪些地方？");
      const [answer] = await emu.waitMessages(TOKEN, chat.chatId, before);
      moreData = answer!.buttons.find((b) => b.text === MSG.moreButton)!.data;
      firstId = answer!.messageId;
      before = emu.messages(TOKEN, chat.chatId).length;
      await emu.send(TOKEN, chat, "叁零陆动力部件在哪里？");
      await emu.waitMessages(TOKEN, chat.chatId, before);
    } finally {
      expect(await first.stop()).toBe(0);
    }
    const second = spawnBot(env());
    try {
      await second.waitForLog(/bot running/);
      const before = emu.messages(TOKEN, chat.chatId).length;
      await emu.callback(TOKEN, chat, moreData, firstId);
      const [more] = await emu.waitMessages(TOKEN, chat.chatId, before);
      expect(visible(more!.text)).toContain(`${MSG.understoodAs}沈东调研了哪些地方`);
    } finally {
      await second.stop();
    }
  }, 60_000);

  it("in a group each member follows up on their own question; a reply to an old answer continues that answer", async () => {
    const alice: ChatSpec = { chatId: -4100, userId: 4101, type: "group" };
    const bob: ChatSpec = { chatId: -4100, userId: 4102, type: "group" };
    const bot = spawnBot(env({ SESSION_STORE: "memory" }));
    try {
      await bot.waitForLog(/bot running/);
      const first = await ask(TOKEN, alice, "@TestNameBot 叁零陆动力部件在哪里？");
      await ask(TOKEN, bob, "@TestNameBot 液流电池产业生态大会在哪里举行？");
      const own = await ask(TOKEN, alice, "@TestNameBot 它的总经理是谁？");
      expect(visible(own.text)).toContain(`${MSG.understoodAs}叁零陆`);
      // bob replies to alice's first answer: that answer's conversation, not bob's own
      const replied = await ask(TOKEN, bob, "它的总经理是谁？", {
        reply_to_message: {
          message_id: first.messageId,
          date: 0,
          chat: { id: bob.chatId, type: "group", title: "G" },
          from: { id: BOT_ID, is_bot: true, first_name: "Test First name", username: "TestNameBot" },
        },
      });
      expect(visible(replied.text)).toContain(`${MSG.understoodAs}叁零陆`);
    } finally {
      await bot.stop();
    }
  }, 60_000);

  it("「原文」 presses are not questions: after them the reader can still ask", async () => {
    const chat: ChatSpec = { chatId: 4201, userId: 4201 };
    const bot = spawnBot(env({ SESSION_STORE: "memory", RATE_LIMIT_PER_MINUTE: "2" }));
    try {
      await bot.waitForLog(/bot running/);
      const answer = await ask(TOKEN, chat, "高新区有哪些新能源项目");
      const source = answer.buttons.find((b) => b.text.startsWith("原文"))!;
      for (let i = 0; i < 5; i++) {
        const before = emu.messages(TOKEN, chat.chatId).length;
        await emu.callback(TOKEN, chat, source.data, answer.messageId);
        await emu.waitMessages(TOKEN, chat.chatId, before);
      }
      const second = await ask(TOKEN, chat, "叁零陆动力部件在哪里？");
      expect(second.text).not.toBe(MSG.rateLimited);
      expect(visible(second.text)).toMatch(/\[1\]/u);
      const third = await ask(TOKEN, chat, "西太湖有什么项目？");
      expect(third.text).toBe(MSG.rateLimited);
    } finally {
      await bot.stop();
    }
  }, 60_000);
});
