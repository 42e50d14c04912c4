/**
 * End to end, the real bot against the Bot API emulator: the follow-ups readers ask (issue 21's
 * examples) — 它们 the projects just listed, 他们 the company, 「那在武高新呢」, a question that names its
 * own subject asked afresh, a subject-less follow-up, 「誰投資建設的」 — each reading as one question in
 * 「我理解的问题」; small talk gets a friendly line without vote buttons.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chunkingFromConfig, ingest } from "../../src/engine/ingest.js";
import { testConfig } from "../helpers/config.js";
import { Emulator, spawnBot, visible, type BotMessage, type BotProcess, type ChatSpec } from "./harness.js";

const TOKEN = "123456789:AAE2eConversationTokenDoNotLeak_abc";
let emu: Emulator;
let root: string;
let bot: BotProcess;
let nextChat = 3001;

async function ask(chat: ChatSpec, text: string): Promise<BotMessage> {
  const before = emu.messages(TOKEN, chat.chatId).length;
  await emu.send(TOKEN, chat, text);
  return (await emu.waitMessages(TOKEN, chat.chatId, before)).at(-1)!;
}

/** A new chat, so that each conversation starts afresh. */
const newChat = (): ChatSpec => ({ chatId: nextChat, userId: nextChat++ });
/** The question as the bot understood it (「我理解的问题」), or undefined when it took it as asked. */
const understood = (m: BotMessage): string | undefined => /^我理解的问题[：:]\s*(.+)$/mu.exec(visible(m.text))?.[1]?.trim();

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), "wnb-bot-conv-"));
  const vectorDir = join(root, "vectors");
  const cfg = testConfig({ VECTOR_DIR: vectorDir });
  await ingest(cfg, { inputs: [cfg.SEEDS_DIR], indexDir: vectorDir, chunking: chunkingFromConfig(cfg), prune: true });
  emu = await Emulator.start();
  bot = spawnBot({
    TELEGRAM_BOT_TOKEN: TOKEN,
    TELEGRAM_API_ROOT: emu.apiRoot,
    VECTOR_DIR: vectorDir,
    SESSION_STORE: "memory",
    RATE_LIMIT_PER_MINUTE: "100",
    FEEDBACK: "on",
    FEEDBACK_DIR: join(root, "feedback"),
  });
  await bot.waitForLog(/bot running \(long polling\)/);
}, 60_000);

afterAll(async () => {
  await bot?.stop();
  await emu?.stop();
  rmSync(root, { recursive: true, force: true });
});

describe("follow-ups in a chat", () => {
  it("它们 means the projects just listed", async () => {
    const chat = newChat();
    await ask(chat, "高新区有哪些新能源项目？");
    const reply = await ask(chat, "它们什么时候投产？");
    expect(understood(reply)).toMatch(/理想汽车|TOPCon|液流电池/u);
    expect(understood(reply)).not.toContain("它们");
  });

  it("他们 after a question about a company means the company", async () => {
    const chat = newChat();
    await ask(chat, "叁零陆动力部件在哪里？");
    const reply = await ask(chat, "他们一年能造多少扁线电机？");
    expect(understood(reply)).toMatch(/^叁零陆/u);
    expect(visible(reply.text)).toContain("10万套");
  });

  it("「那在武高新呢」 asks the previous question of 武高新", async () => {
    const chat = newChat();
    await ask(chat, "沈东在西太湖去了哪些项目现场？");
    const reply = await ask(chat, "那在武高新呢？");
    expect(understood(reply)).toBe("沈东在武高新去了哪些项目现场？");
    expect(visible(reply.text)).toContain("理想汽车");
  });

  it("a question that names its own subject is asked afresh", async () => {
    const chat = newChat();
    await ask(chat, "区政协主席是谁？");
    const reply = await ask(chat, "武进区委书记是谁？");
    expect(understood(reply)).toBeUndefined();
    expect(visible(reply.text)).toContain("沈东");
  });

  it("a follow-up without a subject is answered from the article just cited", async () => {
    const chat = newChat();
    await ask(chat, "TOPCon电池项目总投资多少？");
    const reply = await ask(chat, "建筑面积有多大？");
    expect(understood(reply)).toMatch(/TOPCon.*建筑面积有多大/u);
    expect(visible(reply.text)).toContain("11.8万平方米");
  });

  it("「誰投資建設的」 reads as one question naming what it asks about", async () => {
    const chat = newChat();
    await ask(chat, "TOPCon电池项目在哪里？");
    const reply = await ask(chat, "誰投資建設的？");
    expect(understood(reply)).toMatch(/^[^？]*TOPCon[^？]*是谁投资建设的？$/u);
    expect(visible(reply.text)).toContain("滨湖集团");
  });
});

describe("small talk", () => {
  it("gets a friendly line saying what the bot can do, without vote buttons", async () => {
    const chat = newChat();
    for (const hello of ["你好", "谢谢！"]) {
      const reply = await ask(chat, hello);
      expect(visible(reply.text)).not.toMatch(/抱歉|没有找到/u);
      expect(reply.buttons.some((b) => /👍|👎/u.test(b.text))).toBe(false);
    }
  });
});
