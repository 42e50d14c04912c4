/**
 * Push run (not part of the tests):
 *   npx tsx scripts/push-load.ts [--subscribers 1000] [--per-second 25]
 *
 * Builds the seed index in a temp folder, starts the Bot API emulator (telegram-test-api) on
 * 127.0.0.1 and the real bot process (long polling, SEEDS_RESCAN_SECONDS=1) with that many chats
 * following 「液流电池」 (written to its subscriptions file before it starts) and 50 following a topic no
 * article names; then drops a page about 液流电池 into SEEDS_DIR and waits for the pushes.
 * Checks that every subscriber got exactly one push, the others none, and that no second (by the
 * time the emulator stored each message) held more than 30 messages. Exit code 1 when a check fails.
 */
import { cpSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadConfig } from "../src/config/env.js";
import { chunkingFromConfig, ingest } from "../src/engine/ingest.js";
import { FileSubscriptionStore } from "../src/subscriptions/store.js";
import { Emulator, sleep, spawnBot } from "../test/bot/harness.js";

const args = process.argv.slice(2);
const opt = (name: string, def: string): string => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? args[i + 1]! : def;
};
const SUBSCRIBERS = Number(opt("subscribers", "1000"));
const PER_SECOND = opt("per-second", "25");
const OTHERS = 50;
const TOKEN = "434343434:AAPushRunToken_abcdefghijklmnopqrstuv";
const say = (s: string): void => void process.stderr.write(`${s}\n`);

async function main(): Promise<void> {
  const root = mkdtempSync(join(tmpdir(), "wnb-push-load-"));
  const seeds = join(root, "seeds");
  const vectorDir = join(root, "vectors");
  const cfg = loadConfig({ VECTOR_DIR: vectorDir, LOG_LEVEL: "silent" }, { dotenv: false });
  cpSync(cfg.SEEDS_DIR, seeds, { recursive: true });
  say(`building the seed index in ${vectorDir}…`);
  await ingest(cfg, { inputs: [seeds], indexDir: vectorDir, chunking: chunkingFromConfig(cfg), prune: true });

  const subsDir = join(root, "subscriptions");
  const store = new FileSubscriptionStore(subsDir);
  const followers = Array.from({ length: SUBSCRIBERS }, (_, i) => 200_000 + i);
  const others = Array.from({ length: OTHERS }, (_, i) => 300_000 + i);
  for (const c of followers) await store.add(c, "液流电池", 10);
  for (const c of others) await store.add(c, "足球联赛", 10);
  await store.close();

  const emu = await Emulator.start();
  const arrivals: Array<{ chatId: number; at: number }> = [];
  emu.server.on("AddedBotMessage", () => {
    const m = emu.server.storage.botMessages.at(-1) as unknown as { message: { chat_id: number | string } };
    arrivals.push({ chatId: Number(m.message.chat_id), at: Date.now() });
  });
  const bot = spawnBot({
    TELEGRAM_BOT_TOKEN: TOKEN,
    TELEGRAM_API_ROOT: emu.apiRoot,
    VECTOR_DIR: vectorDir,
    SEEDS_DIR: seeds,
    SEEDS_RESCAN_SECONDS: "1",
    SUBSCRIPTIONS_DIR: subsDir,
    FEEDBACK_DIR: join(root, "feedback"),
    PUSH_PER_SECOND: PER_SECOND,
    LOG_LEVEL: "info",
  });
  let failed = false;
  try {
    await bot.waitForLog(/bot running/, 60_000);
    await sleep(3000); // the first rescan notes the folder as it is
    say(`${SUBSCRIBERS} chats follow 液流电池, ${OTHERS} follow 足球联赛; adding a page to SEEDS_DIR`);
    const t0 = Date.now();
    writeFileSync(
      join(seeds, "2024-12-09.jsonl"),
      `${JSON.stringify({ id: "push-run-1", title: "全钒液流电池储能电站并网", text: "昨天，位于西太湖的全钒液流电池储能电站正式并网。电站规模100兆瓦。", date: "2024-12-09" })}\n`,
    );
    const expectedSeconds = SUBSCRIBERS / Number(PER_SECOND);
    const deadline = Date.now() + (expectedSeconds + 60) * 1000;
    while (arrivals.length < SUBSCRIBERS && Date.now() < deadline) await sleep(100);
    await sleep(3000); // late duplicates would show up here
    const byChat = new Map<number, number>();
    for (const a of arrivals) byChat.set(a.chatId, (byChat.get(a.chatId) ?? 0) + 1);
    const lost = followers.filter((c) => !byChat.has(c)).length;
    const duplicated = followers.filter((c) => (byChat.get(c) ?? 0) > 1).length;
    const wrong = others.filter((c) => byChat.has(c)).length;
    const times = arrivals.map((a) => a.at).sort((a, b) => a - b);
    let worst = 0;
    for (let i = 0, j = 0; i < times.length; i++) {
      while (times[j]! < times[i]! - 999) j++;
      worst = Math.max(worst, i - j + 1);
    }
    const first = times[0] ? (times[0] - t0) / 1000 : NaN;
    const span = times.length > 1 ? (times.at(-1)! - times[0]!) / 1000 : 0;
    say(
      `pushes: ${arrivals.length} messages, ${SUBSCRIBERS - lost}/${SUBSCRIBERS} subscribers reached, lost ${lost}, duplicated ${duplicated}, to non-matching chats ${wrong}; ` +
        `first after ${first.toFixed(1)} s (rescan + settle), all within ${span.toFixed(1)} s → ${(arrivals.length / Math.max(span, 0.001)).toFixed(1)} messages/s; most in any second: ${worst}`,
    );
    if (lost || duplicated || wrong || worst > 30) failed = true;
    const errors = bot
      .output()
      .split("\n")
      .filter((l) => /"level":50|"level":60/.test(l));
    say(`bot error log lines: ${errors.length}${errors.length ? `\n  ${errors.slice(0, 3).join("\n  ")}` : ""}`);
    if (errors.length) failed = true;
  } finally {
    await bot.stop();
    await emu.stop();
    rmSync(root, { recursive: true, force: true });
  }
  say(failed ? "PUSH RUN FAILED" : "push run passed");
  process.exitCode = failed ? 1 : 0;
}

main().catch((err: Error) => {
  say(`error: ${err.message}`);
  process.exitCode = 1;
});
