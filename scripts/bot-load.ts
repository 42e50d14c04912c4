/**
 * Load run for the Telegram bot (not part of the tests):
 *   npx tsx scripts/bot-load.ts [--chats 50] [--questions 10] [--questions-file ../shared/eval/seeds-dev.jsonl]
 *
 * Builds the seed index in a temp folder, starts the Bot API emulator (telegram-test-api) on
 * 127.0.0.1 and the real bot process (long polling) against it, then:
 *   1. burst: every chat sends all its questions at once (chats × questions updates in flight);
 *   2. conversation: every chat asks its questions one after another, waiting for each reply,
 *      all chats at the same time.
 * Checks that nothing is lost or duplicated and that each chat's replies come in question order,
 * and reports reply latency (question posted → answer stored by the emulator) and the bot's RSS.
 * Feedback and subscriptions are on: every chat follows 「液流电池」 first; in phase 2 every answer
 * gets a 👍 or 👎 press, and a page about 液流电池 is dropped into SEEDS_DIR (rescanned every second),
 * so each chat must get exactly one push while it talks, and the feedback folder must hold every
 * answer and every vote.
 * Exit code 1 when a check fails or p95 > 500 ms in the conversation phase.
 */
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { loadConfig } from "../src/config/env.js";
import { chunkingFromConfig, ingest } from "../src/engine/ingest.js";
import { percentile } from "../src/eval/stats.js";
import { PROJECT_ROOT } from "../src/paths.js";
import { Emulator, sleep, spawnBot, type ChatSpec } from "../test/bot/harness.js";

const args = process.argv.slice(2);
const opt = (name: string, def: string): string => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? args[i + 1]! : def;
};
const CHATS = Number(opt("chats", "50"));
const PER_CHAT = Number(opt("questions", "10"));
const QFILE = resolve(opt("questions-file", join(PROJECT_ROOT, "../shared/eval/seeds-dev.jsonl")));
const TOKEN = "424242424:AALoadRunToken_abcdefghijklmnopqrstu";

const FALLBACK = ["西太湖有什么新项目？", "高新区有哪些新能源项目", "最近有什么重大项目开工？", "区人大常委会做了什么？", "还有吗"];
const questions: string[] = existsSync(QFILE)
  ? readFileSync(QFILE, "utf8")
      .split("\n")
      .filter(Boolean)
      .flatMap((l) => {
        const e = JSON.parse(l) as { q?: string; turns?: Array<{ q?: string }> };
        return [e.q, ...(e.turns ?? []).map((t) => t.q)].filter((q): q is string => typeof q === "string" && q.length > 0);
      })
  : FALLBACK;

const say = (s: string): void => void process.stderr.write(`${s}\n`);
const pct = percentile;
const rss = (pid: number): number => {
  try {
    return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))![1]) / 1024;
  } catch {
    return NaN;
  }
};

/** CPU seconds used by a process so far (user + system). */
const cpu = (pid: number): number => {
  try {
    const f = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
    return (Number(f[11]) + Number(f[12])) / 100;
  } catch {
    return NaN;
  }
};

interface Arrival {
  chatId: number;
  replyTo?: number;
  at: number;
  messageId: number;
  /** The callback data of the answer's 👍 and 👎, when it has them. */
  votes: string[];
  push: boolean;
}

async function main(): Promise<void> {
  // everything the run writes is under one temporary folder, removed however the run ends
  const root = mkdtempSync(join(tmpdir(), "wnb-bot-load-"));
  try {
    await loadRun(root);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

async function loadRun(root: string): Promise<void> {
  const vectorDir = join(root, "vectors");
  const cfg = loadConfig({ VECTOR_DIR: vectorDir, LOG_LEVEL: "silent" }, { dotenv: false });
  const seeds = join(root, "seeds");
  const feedbackDir = join(root, "feedback");
  cpSync(cfg.SEEDS_DIR, seeds, { recursive: true });
  say(`building the seed index in ${vectorDir}…`);
  await ingest(cfg, { inputs: [seeds], indexDir: vectorDir, chunking: chunkingFromConfig(cfg), prune: true });
  const emu = await Emulator.start();
  const arrivals: Arrival[] = [];
  const waiting = new Map<number, (a: Arrival) => void>();
  emu.server.on("AddedBotMessage", () => {
    const m = emu.server.storage.botMessages.at(-1) as unknown as {
      messageId: number;
      message: {
        chat_id: number | string;
        text: string;
        reply_parameters?: { message_id: number } | string;
        reply_markup?: string | { inline_keyboard?: Array<Array<{ callback_data?: string }>> };
      };
    };
    const rp = typeof m.message.reply_parameters === "string" ? (JSON.parse(m.message.reply_parameters) as { message_id: number }) : m.message.reply_parameters;
    const markup =
      typeof m.message.reply_markup === "string"
        ? (JSON.parse(m.message.reply_markup) as { inline_keyboard?: Array<Array<{ callback_data?: string }>> })
        : m.message.reply_markup;
    const votes = (markup?.inline_keyboard ?? []).flat().flatMap((b) => (b.callback_data?.startsWith("f:") ? [b.callback_data] : []));
    const arrival = {
      chatId: Number(m.message.chat_id),
      replyTo: rp?.message_id,
      at: performance.now(),
      messageId: m.messageId,
      votes,
      push: m.message.text.includes("你关注的"),
    };
    arrivals.push(arrival);
    if (arrival.replyTo !== undefined) waiting.get(arrival.replyTo)?.(arrival);
  });
  const bot = spawnBot({
    TELEGRAM_BOT_TOKEN: TOKEN,
    TELEGRAM_API_ROOT: emu.apiRoot,
    VECTOR_DIR: vectorDir,
    LOG_LEVEL: "warn",
    RATE_LIMIT_PER_MINUTE: String(Math.max(20, PER_CHAT * 3)),
    SESSION_TTL_MINUTES: "60",
    SEEDS_DIR: seeds,
    SEEDS_RESCAN_SECONDS: "1",
    FEEDBACK_DIR: feedbackDir,
    SUBSCRIPTIONS_DIR: join(root, "subscriptions"),
  });
  let failed = false;
  try {
    await bot.waitForLog(/bot running/, 60_000).catch(async () => {
      // LOG_LEVEL=warn hides the info line: wait for the first cosmetic warning instead.
      await bot.waitForLog(/setMyCommands/, 60_000);
    });
    await sleep(300);
    const pid = bot.proc.pid!;
    const rssStart = rss(pid);
    const chats: ChatSpec[] = Array.from({ length: CHATS }, (_, i) => ({ chatId: 100_000 + i, userId: 100_000 + i }));
    const qOf = (c: number, i: number): string => questions[(c * 7 + i) % questions.length]!;

    // ---- subscriptions on -------------------------------------------------------------------
    const subscribedAt = arrivals.length;
    await Promise.all(chats.map((chat) => emu.command(TOKEN, chat, "/subscribe 液流电池")));
    const subDeadline = Date.now() + 30_000;
    const subscribed = (): number => new Set(arrivals.slice(subscribedAt).map((a) => a.chatId)).size;
    while (subscribed() < CHATS && Date.now() < subDeadline) await sleep(20);
    say(`subscriptions: ${subscribed()}/${CHATS} chats follow 液流电池`);
    if (subscribed() < CHATS) failed = true;

    // ---- phase 1: burst --------------------------------------------------------------------
    say(`phase 1 (burst): ${CHATS} chats × ${PER_CHAT} questions sent at once`);
    const sent = new Map<number, { chatId: number; at: number }>();
    const order = new Map<number, number[]>();
    const t0 = performance.now();
    const cpu0 = [cpu(pid), process.cpuUsage()];
    await Promise.all(
      chats.map(async (chat, c) => {
        for (let i = 0; i < PER_CHAT; i++) {
          const at = performance.now();
          const id = await emu.send(TOKEN, chat, qOf(c, i));
          sent.set(id, { chatId: chat.chatId, at });
          order.set(chat.chatId, [...(order.get(chat.chatId) ?? []), id]);
        }
      }),
    );
    const total = CHATS * PER_CHAT;
    const answered = (): number => arrivals.filter((a) => a.replyTo !== undefined && sent.has(a.replyTo)).length;
    const deadline = Date.now() + 120_000;
    while (answered() < total && Date.now() < deadline) await sleep(20);
    const burstSeconds = (performance.now() - t0) / 1000;
    await sleep(500); // late duplicates would show up here
    const burst = arrivals.filter((a) => a.replyTo !== undefined && sent.has(a.replyTo));
    const counts = new Map<number, number>();
    for (const a of burst) counts.set(a.replyTo!, (counts.get(a.replyTo!) ?? 0) + 1);
    const lost = [...sent.keys()].filter((id) => !counts.has(id)).length;
    const duplicated = [...counts.values()].filter((n) => n > 1).length;
    const wrongChat = burst.filter((a) => sent.get(a.replyTo!)!.chatId !== a.chatId).length;
    let outOfOrder = 0;
    for (const chat of chats) {
      const got = burst.filter((a) => a.chatId === chat.chatId).map((a) => a.replyTo!);
      if (JSON.stringify(got) !== JSON.stringify(order.get(chat.chatId))) outOfOrder++;
    }
    const burstLat = burst.map((a) => a.at - sent.get(a.replyTo!)!.at);
    say(
      `  answers ${counts.size}/${total}, lost ${lost}, duplicated ${duplicated}, wrong chat ${wrongChat}, chats out of order ${outOfOrder}; ` +
        `${burstSeconds.toFixed(2)} s → ${(total / burstSeconds).toFixed(0)} answers/s; latency incl. queueing p50 ${pct(burstLat, 50).toFixed(0)} ms, p95 ${pct(burstLat, 95).toFixed(0)} ms, max ${pct(burstLat, 100).toFixed(0)} ms`,
    );
    const cpuNote = (c: [number, NodeJS.CpuUsage]): string =>
      `CPU: bot ${(cpu(pid) - c[0]).toFixed(2)} s, emulator+driver ${((process.cpuUsage(c[1]).user + process.cpuUsage(c[1]).system) / 1e6).toFixed(2)} s`;
    say(`  ${cpuNote(cpu0 as [number, NodeJS.CpuUsage])}`);
    if (lost || duplicated || wrongChat || outOfOrder) failed = true;

    // ---- phase 2: conversations ------------------------------------------------------------
    say(`phase 2 (conversations): ${CHATS} chats at once, each asking ${PER_CHAT} questions in turn`);
    const lat: number[] = [];
    let lost2 = 0;
    let dup2 = 0;
    let votes = 0;
    writeFileSync(
      join(seeds, "2024-12-09.jsonl"),
      `${JSON.stringify({ id: "load-run-flow-1", title: "全钒液流电池储能电站并网", text: "昨天，位于西太湖的全钒液流电池储能电站正式并网。电站规模100兆瓦。", date: "2024-12-09" })}\n`,
    );
    const t1 = performance.now();
    const cpu1 = [cpu(pid), process.cpuUsage()] as [number, NodeJS.CpuUsage];
    await Promise.all(
      chats.map(async (chat, c) => {
        for (let i = 0; i < PER_CHAT; i++) {
          const at = performance.now();
          let id = -1;
          const got = await new Promise<Arrival | undefined>((resolve) => {
            const timer = setTimeout(() => resolve(undefined), 10_000);
            void emu.send(TOKEN, chat, qOf(c, i + 3)).then((sentId) => {
              id = sentId;
              const done = (a: Arrival): void => (clearTimeout(timer), resolve(a));
              const early = arrivals.find((a) => a.replyTo === id);
              if (early) done(early);
              else waiting.set(id, done);
            });
          });
          waiting.delete(id);
          if (!got) lost2++;
          else {
            lat.push(got.at - at);
            // a vote on the answer (its buttons sit under the last part of a split answer)
            const last = arrivals.filter((a) => a.chatId === chat.chatId && a.at >= got.at && !a.push).find((a) => a.votes.length);
            if (last) {
              votes++;
              void emu.callback(TOKEN, chat, last.votes[i % 2]!, last.messageId);
            }
          }
        }
      }),
    );
    await sleep(500);
    const seen = new Map<number, number>();
    for (const a of arrivals) if (a.replyTo !== undefined) seen.set(a.replyTo, (seen.get(a.replyTo) ?? 0) + 1);
    dup2 = [...seen.values()].filter((n) => n > 1).length;
    const convSeconds = (performance.now() - t1) / 1000;
    const p95 = pct(lat, 95);
    say(
      `  answers ${lat.length}/${total}, lost ${lost2}, duplicated (both phases) ${dup2}; ${convSeconds.toFixed(2)} s; ` +
        `reply latency p50 ${pct(lat, 50).toFixed(0)} ms, p95 ${p95.toFixed(0)} ms, max ${pct(lat, 100).toFixed(0)} ms`,
    );
    say(`  ${cpuNote(cpu1)}`);
    if (lost2 || dup2 || !(p95 <= 500)) failed = true;

    // ---- what feedback and subscriptions did meanwhile ----------------------------------------
    const pushDeadline = Date.now() + 15_000;
    const pushes = (): Map<number, number> => {
      const m = new Map<number, number>();
      for (const a of arrivals) if (a.push) m.set(a.chatId, (m.get(a.chatId) ?? 0) + 1);
      return m;
    };
    while (pushes().size < CHATS && Date.now() < pushDeadline) await sleep(100);
    await sleep(2500); // two more rescans: a second push would show up here
    const pushed = pushes();
    const pushLost = chats.filter((c) => !pushed.has(c.chatId)).length;
    const pushDup = [...pushed.values()].filter((n) => n > 1).length;
    const lines = (existsSync(feedbackDir) ? readdirSync(feedbackDir).filter((f) => f.endsWith(".jsonl")) : []).flatMap((f) =>
      readFileSync(join(feedbackDir, f), "utf8")
        .split("\n")
        .filter(Boolean)
        .map((l) => JSON.parse(l) as { type: string }),
    );
    const recorded = lines.filter((l) => l.type === "answer").length;
    const voted = lines.filter((l) => l.type === "vote").length;
    const answersSent = arrivals.filter((a) => a.votes.length).length;
    say(`  pushes: ${pushed.size}/${CHATS} chats got the new article, lost ${pushLost}, duplicated ${pushDup}`);
    say(`  feedback: ${recorded} answers recorded of ${answersSent} sent with 👍/👎, ${voted}/${votes} votes stored`);
    if (pushLost || pushDup || recorded !== answersSent || voted !== votes || answersSent < 2 * total) failed = true;
    say(`bot RSS: ${rssStart.toFixed(0)} MB at start, ${rss(pid).toFixed(0)} MB after ${2 * total} questions`);
    const errors = bot
      .output()
      .split("\n")
      .filter((l) => /"level":50|"level":60/.test(l));
    say(`bot error log lines: ${errors.length}${errors.length ? `\n  ${errors.slice(0, 3).join("\n  ")}` : ""}`);
    if (errors.length) failed = true;
  } finally {
    await bot.stop();
    await emu.stop();
  }
  say(failed ? "LOAD RUN FAILED" : "load run passed");
  process.exitCode = failed ? 1 : 0;
}

main().catch((err: Error) => {
  say(`error: ${err.message}`);
  process.exitCode = 1;
});
