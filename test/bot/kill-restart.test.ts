/**
 * A bot killed with questions in flight (issue 22, item 5): with 10 questions being answered,
 * `kill -9` and a restart answered none of them — long polling had confirmed the updates (by asking
 * for the next ones) before they were answered. Against the fake Bot API (test/helpers/fake-bot-api.ts,
 * the server of scripts/fake-bot-api.ts), which drops every update below the `offset` a getUpdates
 * asks from, as Telegram does. The answers are held in flight by an LLM that does not answer.
 */
import { MemorySessionStorage } from "grammy";
import type { Update } from "grammy/types";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { UpdateJournal, type JournalRecord } from "../../src/bot/update-journal.js";
import { startFakeBotApi, type FakeBotApi } from "../helpers/fake-bot-api.js";
import { startFakeOpenAI, type FakeOpenAI } from "../helpers/fake-openai.js";
import { tempDir } from "../helpers/tmp.js";
import { sleep, spawnBot, type BotProcess } from "./harness.js";
import { skipWhenMissing } from "../helpers/needs.js";
import { redisMissing, RedisServer } from "./redis.js";

const TOKEN = "6666666:AAKillRestartToken_abcdefghijklmnopq";
const QUESTION = "叁零陆的总经理是谁？";
const CHATS = Array.from({ length: 10 }, (_, i) => 7_100 + i);

let api: FakeBotApi;
let llm: FakeOpenAI;
let redis: RedisServer;
let dir: string;
const bots: BotProcess[] = [];

const noRedis = skipWhenMissing(redisMissing(), "kill -9 and restart with SESSION_STORE=redis");

beforeAll(async () => {
  llm = await startFakeOpenAI();
  if (!noRedis) redis = await RedisServer.start();
  dir = tempDir("wnb-kill-restart-");
});
afterAll(async () => {
  for (const b of bots) if (b.proc.exitCode === null && b.proc.signalCode === null) b.proc.kill("SIGKILL");
  await llm.close();
  await redis?.down();
});

const start = (store: "file" | "redis"): BotProcess => {
  const bot = spawnBot({
    TELEGRAM_BOT_TOKEN: TOKEN,
    TELEGRAM_API_ROOT: api.apiRoot,
    VECTOR_DIR: join(dir, "vectors"),
    SESSION_STORE: store,
    SESSION_DIR: join(dir, "sessions"),
    ...(store === "redis" ? { REDIS_URL: redis.url } : {}),
    SEEDS_RESCAN_SECONDS: "0",
    RELOAD_SECONDS: "0",
    LLM_BASE_URL: llm.baseUrl,
    LLM_MODEL: "fake-model",
    LLM_TIMEOUT_MS: "120000",
    FEEDBACK: "off",
  });
  bots.push(bot);
  return bot;
};

/** The answers each chat got: sendMessage calls that reply to a question (the first part of an answer). */
function answersPerChat(): Map<number, number> {
  const out = new Map<number, number>();
  for (const c of api.calls)
    if (c.method === "sendMessage" && c.payload.reply_parameters) out.set(Number(c.payload.chat_id), (out.get(Number(c.payload.chat_id)) ?? 0) + 1);
  return out;
}

async function until(ok: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!ok()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

describe.each(noRedis ? (["file"] as const) : (["file", "redis"] as const))(
  "kill -9 with 10 questions in flight, then a restart (SESSION_STORE=%s)",
  (store) => {
    it("answers each of the 10 questions once, and none twice after another restart (0 of 10 were answered)", async () => {
      api = await startFakeBotApi({ holdMs: 300 });
      try {
        llm.behaviour = "hang";
        llm.requests.length = 0;
        const first = start(store);
        await first.waitForLog(/bot running \(long polling\)/u, 60_000);
        for (const chat of CHATS) api.message(chat, QUESTION); // update ids 1000–1009 (the fake numbers from 1000)
        // all 10 are being answered (each waits on the model) and Telegram has been told they were received
        await until(() => llm.requests.filter((r) => r.path.endsWith("/chat/completions")).length >= CHATS.length, 30_000, "10 answers in flight");
        await until(
          () => api.calls.some((c) => c.method === "getUpdates" && Number(c.payload.offset ?? 0) >= 1000 + CHATS.length),
          10_000,
          "the next getUpdates, which confirms the 10 updates",
        );
        expect(answersPerChat().size).toBe(0);
        first.proc.kill("SIGKILL");
        await first.stop();

        llm.behaviour = "refuse"; // the model is down now: the offline answer, at once
        const second = start(store);
        await until(() => answersPerChat().size === CHATS.length, 60_000, "an answer in each of the 10 chats");
        await sleep(1500); // anything twice would show up here
        for (const chat of CHATS) expect(answersPerChat().get(chat), `chat ${chat}`).toBe(1);
        const texts = api.sent.filter((m) => CHATS.includes(Number(m.chat_id))).map((m) => m.text);
        expect(texts.every((t) => t.includes("秦金玉"))).toBe(true);
        expect(await second.stop()).toBe(0);

        // another restart: nothing in flight any more, nothing answered again
        const third = start(store);
        await third.waitForLog(/bot running \(long polling\)/u, 60_000);
        await sleep(2000);
        for (const chat of CHATS) expect(answersPerChat().get(chat), `chat ${chat}`).toBe(1);
        expect(await third.stop()).toBe(0);
      } finally {
        await api.close();
      }
    }, 180_000);
  },
);

describe("the journal of updates in flight", () => {
  it("replays what a stopped process left, skips a new delivery of it and of an answered update, and keeps no text once answered", async () => {
    const storage = new MemorySessionStorage<JournalRecord>();
    const update = (id: number) =>
      ({ update_id: id, message: { message_id: id, date: 0, chat: { id: 1, type: "private" as const, first_name: "U" }, text: `问题${id}` } }) as Update;
    const handled: number[] = [];
    const run = async (j: UpdateJournal, u: Update) => {
      const mw = j.middleware();
      await mw({ update: u } as never, async () => void handled.push(u.update_id));
    };
    // a process journals 1, 2, 3 and answers only 1, then dies
    const a = new UpdateJournal(storage);
    await a.record([update(1), update(2), update(3)]);
    await run(a, update(1));
    // the next process takes 2 and 3 in flight; Telegram delivers 1, 2, 3 again (never confirmed) and a new 4
    const b = new UpdateJournal(storage);
    const left = await b.takeInFlight();
    expect(left.map((u) => u.update_id)).toEqual([2, 3]);
    await b.record([update(1), update(2), update(3), update(4)]);
    for (const u of [update(1), update(2), update(3), update(4)]) await run(b, u);
    await b.replay(left, (u) => run(b, u));
    expect(handled.sort()).toEqual([1, 2, 3, 4]);
    expect(await new UpdateJournal(storage).takeInFlight()).toEqual([]);
    for (const id of [1, 2, 3, 4]) expect(JSON.stringify(storage.read(`journal:update:${id}`))).not.toContain("问题");
  });
});
