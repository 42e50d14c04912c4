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

const env = () => ({ TELEGRAM_BOT_TOKEN: TOKEN, TELEGRAM_API_ROOT: emu.apiRoot, VECTOR_DIR: vectorDir, SESSION_STORE: "file", SESSION_DIR: join(root, "sessions"), RATE_LIMIT_PER_MINUTE: "100" });

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
});
