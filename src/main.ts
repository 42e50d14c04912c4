/**
 * `npm start`: make sure the index holds SEEDS_DIR and is current (incremental: only changed
 * pages are re-read and re-embedded), then run the Telegram bot when TELEGRAM_BOT_TOKEN is set,
 * or the terminal chat when it is not.
 */
import { resolve } from "node:path";
import { BotStartError, runBot } from "./bot/run.js";
import { runChat } from "./cli/chat.js";
import { ConfigError, loadConfig, type Config } from "./config/env.js";
import { Engine } from "./engine/engine.js";
import { updateFromSeeds } from "./engine/ingest.js";
import { SeedRefresher } from "./engine/refresh.js";
import { IndexReloader } from "./engine/reload.js";
import type { BuildSummary } from "./index/build.js";
import { IndexBusyError, IndexError, IndexSpaceError } from "./engine/errors.js";
import { EXIT } from "./exit-codes.js";
import { currentGeneration } from "./index/generations.js";
import type { NewsIndex } from "./index/news-index.js";
import { log, redact, registerSecrets, setLogLevel } from "./log.js";

/**
 * The engine over VECTOR_DIR, with the pages of SEEDS_DIR in it. A missing index is built. An
 * existing one is opened first — a damaged index, or one built by another version or embedding,
 * stops start-up with the command that fixes it, rather than being silently replaced — and then
 * brought up to date in place when the seed pages changed.
 */
async function openEngine(cfg: Config): Promise<Engine> {
  const update = (index?: NewsIndex) => updateFromSeeds(cfg, index);
  const report = (s: BuildSummary): void => {
    if (s.written) log.info({ documents: s.documents, chunks: s.chunks, seconds: Number(s.seconds.toFixed(2)) }, "index of SEEDS_DIR built or updated");
  };
  if (!(await currentGeneration(cfg.VECTOR_DIR))) {
    // several instances starting on an empty shared folder: one builds, the others wait for its index
    report(await updateFromSeeds(cfg, undefined, { lock: { waitMs: 15 * 60_000 } }));
    return Engine.open(cfg);
  }
  const engine = await Engine.open(cfg);
  let summary: BuildSummary;
  try {
    summary = await update(engine.index);
  } catch (err) {
    if (err instanceof IndexSpaceError) {
      // the disk is full: answer from the live index; the rescans write the changes once there is space
      log.warn({ err: err.message }, "the index of SEEDS_DIR could not be updated; starting on the live generation");
      return engine;
    }
    if (!(err instanceof IndexBusyError)) throw err;
    // another process is writing the index: answer from the live one; the reloader loads the new one
    log.info({ err: err.message }, "another process is writing the index; starting on the live generation");
    return engine;
  }
  report(summary);
  // Settings that change how text is indexed (chunking, tokenizer data) make the update a rebuild on disk.
  const live = await currentGeneration(cfg.VECTOR_DIR);
  return summary.written && (!live || resolve(live) !== resolve(engine.index.generation ?? "")) ? Engine.open(cfg) : engine;
}

async function main(): Promise<void> {
  const cfg = loadConfig();
  setLogLevel(cfg.LOG_LEVEL);
  registerSecrets(cfg.TELEGRAM_BOT_TOKEN, cfg.LLM_API_KEY, cfg.EMBEDDINGS_API_KEY, cfg.WEBHOOK_SECRET);
  // A stop asked for while the index is opened or built: nothing is answered yet, and an index write
  // stopped at any moment leaves the previous index live (CURRENT is renamed atomically), so exit now.
  const stopWhileStarting = (signal: NodeJS.Signals): void => {
    log.info({ signal }, "signal received while starting: exiting");
    process.exit(EXIT.ok);
  };
  process.on("SIGINT", stopWhileStarting);
  process.on("SIGTERM", stopWhileStarting);
  const engine = await openEngine(cfg);
  process.off("SIGINT", stopWhileStarting);
  process.off("SIGTERM", stopWhileStarting);
  // new or changed pages in SEEDS_DIR are taken in while the bot or chat runs
  const refresher = new SeedRefresher(engine, cfg).start();
  // a generation another process made live (an ingest, another instance) is loaded and switched to
  const reloader = new IndexReloader(engine, cfg).start();
  try {
    if (cfg.TELEGRAM_BOT_TOKEN) {
      await runBot(engine, cfg);
    } else {
      process.stderr.write("没有设置 TELEGRAM_BOT_TOKEN，Telegram 机器人没有启动：现在在终端里对话（设置后重新运行 npm start 即启动机器人）。\n");
      await runChat(engine);
    }
  } finally {
    refresher.stop();
    reloader.stop();
  }
}

/** The exit code for a supervisor (src/exit-codes.ts): 75 = try again later, 78 = fix the setting, token or index first. */
function exitCode(err: Error): number {
  if (err instanceof BotStartError) return err.exitCode;
  if (err instanceof IndexBusyError || err instanceof IndexSpaceError) return EXIT.tempFail;
  if (err instanceof ConfigError || err instanceof IndexError) return EXIT.config;
  return EXIT.failure;
}

main()
  .then(
    () => {
      process.exitCode = EXIT.ok;
    },
    (err: Error) => {
      const known =
        err instanceof ConfigError ||
        err instanceof IndexError ||
        err instanceof IndexBusyError ||
        err instanceof IndexSpaceError ||
        err instanceof BotStartError;
      process.stderr.write(`error: ${redact(known ? err.message : `unexpected failure: ${err.message}`)}\n`);
      process.exitCode = exitCode(err);
    },
  )
  .finally(() => {
    // Everything is closed by now; should a handle still hold the event loop, do not hang the supervisor's stop.
    setTimeout(() => process.exit(), 3000).unref();
  });
