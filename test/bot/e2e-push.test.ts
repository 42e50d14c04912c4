/**
 * End to end (real bot process, Bot API emulator on 127.0.0.1): a 👎 under an answer is stored with
 * what it was about; subscriptions push a page added to SEEDS_DIR of the running bot exactly once to
 * each matching subscriber and to no one else, and survive a restart.
 */
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MSG } from "../../src/bot/messages.js";
import { chunkingFromConfig, ingest } from "../../src/engine/ingest.js";
import { readerHash } from "../../src/feedback/store.js";
import { TEST_SALT, testConfig } from "../helpers/config.js";
import { Emulator, sleep, spawnBot, visible, type BotMessage, type BotProcess, type ChatSpec } from "./harness.js";

const TOKEN = "123456789:AAE2ePushTokenDoNotLeak_abcdefghijklm";
let emu: Emulator;
let root: string;
let seeds: string;
let bot: BotProcess;

const alice: ChatSpec = { chatId: 5001, userId: 5001 };
const bob: ChatSpec = { chatId: 5002, userId: 5002 };
const carol: ChatSpec = { chatId: 5003, userId: 5003 };

const env = (): Record<string, string> => ({
  TELEGRAM_BOT_TOKEN: TOKEN,
  TELEGRAM_API_ROOT: emu.apiRoot,
  VECTOR_DIR: join(root, "vectors"),
  SEEDS_DIR: seeds,
  SEEDS_RESCAN_SECONDS: "1",
  FEEDBACK_DIR: join(root, "feedback"),
  SUBSCRIPTIONS_DIR: join(root, "subscriptions"),
  RATE_LIMIT_PER_MINUTE: "100",
});

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), "wnb-bot-push-"));
  seeds = join(root, "seeds");
  const cfg = testConfig({ VECTOR_DIR: join(root, "vectors") });
  cpSync(cfg.SEEDS_DIR, seeds, { recursive: true });
  await ingest(cfg, { inputs: [seeds], indexDir: join(root, "vectors"), chunking: chunkingFromConfig(cfg), prune: true });
  emu = await Emulator.start();
  bot = spawnBot(env());
  await bot.waitForLog(/bot running \(long polling\)/);
}, 60_000);

afterAll(async () => {
  await bot?.stop();
  await emu?.stop();
  rmSync(root, { recursive: true, force: true });
});

async function say(chat: ChatSpec, text: string, command = false): Promise<BotMessage[]> {
  const before = emu.messages(TOKEN, chat.chatId).length;
  if (command) await emu.command(TOKEN, chat, text);
  else await emu.send(TOKEN, chat, text);
  return emu.waitMessages(TOKEN, chat.chatId, before);
}

async function until<T>(what: () => T | undefined, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = what();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error("timed out");
    await sleep(50);
  }
}

describe("bot e2e: feedback", () => {
  it("a 👎 press is stored with the question, the understood question, the cited ids, answered, and a hashed reader", async () => {
    await say(alice, "叁零陆动力部件在哪里？");
    const [answer] = (await say(alice, "总经理是谁？")).slice(-1);
    const down = answer!.buttons.find((b) => b.text === "👎")!;
    expect(down.data).toMatch(/^f:-:/u);
    expect(answer!.buttons.find((b) => b.text === "👍")).toBeDefined();
    await emu.callback(TOKEN, alice, down.data, answer!.messageId);
    const dir = join(root, "feedback");
    const vote = await until(() => {
      const files = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith(".jsonl")) : [];
      const lines = files.flatMap((f) => readFileSync(join(dir, f), "utf8").split("\n").filter(Boolean));
      const found = lines.map((l) => JSON.parse(l) as Record<string, unknown>).find((l) => l.type === "vote");
      return found;
    });
    expect(readdirSync(dir)).not.toContain("salt"); // never beside the hashes
    expect(vote).toMatchObject({ vote: "down", question: "总经理是谁？", found: true, reader: readerHash(TEST_SALT, alice.userId) });
    expect(String(vote.standalone)).toContain("叁零陆");
    expect((vote.docIds as string[])[0]).toMatch(/^004_/u);
    for (const f of readdirSync(dir)) expect(readFileSync(join(dir, f), "utf8")).not.toContain(String(alice.userId));
  });
});

describe("bot e2e: subscriptions push new pages", () => {
  it("a page added to SEEDS_DIR of the running bot is pushed once to each matching subscriber, to no one else, and subscriptions survive a restart", async () => {
    expect(visible((await say(alice, "/subscribe 液流电池", true))[0]!.text)).toBe(MSG.subscribed("液流电池", 5));
    expect(visible((await say(bob, "/subscribe 储能", true))[0]!.text)).toBe(MSG.subscribed("储能", 5));
    expect(visible((await say(carol, "/subscribe 氢能", true))[0]!.text)).toBe(MSG.subscribed("氢能", 5));
    const before = new Map([alice, bob, carol].map((c) => [c.chatId, emu.messages(TOKEN, c.chatId).length]));

    writeFileSync(
      join(seeds, "2024-12-09.jsonl"),
      `${JSON.stringify({ id: "flow-storage-1", title: "全钒液流电池储能电站并网", text: "昨天，位于西太湖的全钒液流电池储能电站正式并网。电站规模100兆瓦，可满足3万户家庭一天用电。", date: "2024-12-09" })}\n`,
    );
    const [push] = await emu.waitMessages(TOKEN, alice.chatId, before.get(alice.chatId)!, 1, 20_000);
    await emu.waitMessages(TOKEN, bob.chatId, before.get(bob.chatId)!, 1, 5000);
    await sleep(2500); // two more rescans: nothing twice
    expect(emu.messages(TOKEN, alice.chatId).length - before.get(alice.chatId)!).toBe(1);
    expect(emu.messages(TOKEN, bob.chatId).length - before.get(bob.chatId)!).toBe(1);
    expect(emu.messages(TOKEN, carol.chatId).length - before.get(carol.chatId)!).toBe(0);

    const text = visible(push!.text);
    expect(text).toContain(MSG.pushHeading("液流电池"));
    expect(text).toContain("全钒液流电池储能电站并网");
    expect(text).toContain("2024-12-09");
    expect(text).toContain("「昨天，位于西太湖的全钒液流电池储能电站正式并网。」");
    expect(push!.buttons.map((b) => b.text)).toEqual([MSG.pushSourceButton]);
    const bobPush = emu.messages(TOKEN, bob.chatId).at(-1)!;
    expect(visible(bobPush.text)).toContain(MSG.pushHeading("储能"));

    // 「原文」 opens the article
    const n = emu.messages(TOKEN, alice.chatId).length;
    await emu.callback(TOKEN, alice, push!.buttons[0]!.data, push!.messageId);
    const [source] = await emu.waitMessages(TOKEN, alice.chatId, n);
    expect(visible(source!.text)).toContain("电站规模100兆瓦");

    // a restart keeps the subscriptions
    await bot.stop();
    bot = spawnBot(env());
    await bot.waitForLog(/bot running \(long polling\)/);
    expect(visible((await say(alice, "/subscriptions", true))[0]!.text)).toBe(MSG.subscriptionsList(["液流电池"]));
    expect(bot.output()).not.toContain(TOKEN);
    expect(bot.output()).not.toContain(String(alice.userId));
  }, 60_000);
});
