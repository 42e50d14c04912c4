/**
 * `npm start`: make sure the index of SEEDS_DIR is built and current (incremental: only changed
 * pages are re-read and re-embedded), then run the Telegram bot when TELEGRAM_BOT_TOKEN is set,
 * or the terminal chat when it is not.
 */
import { BotStartError, runBot } from "./bot/run.js";
import { runChat } from "./cli/chat.js";
import { ConfigError, loadConfig } from "./config/env.js";
import { Engine } from "./engine/engine.js";
import { chunkingFromConfig, ingest } from "./engine/ingest.js";
import { IndexError } from "./index/errors.js";
import { log, redact, registerSecrets, setLogLevel } from "./log.js";

async function main(): Promise<void> {
  const cfg = loadConfig();
  setLogLevel(cfg.LOG_LEVEL);
  registerSecrets(cfg.TELEGRAM_BOT_TOKEN, cfg.LLM_API_KEY, cfg.EMBEDDINGS_API_KEY, cfg.WEBHOOK_SECRET);
  const summary = await ingest(cfg, {
    inputs: [cfg.SEEDS_DIR],
    indexDir: cfg.VECTOR_DIR,
    chunking: chunkingFromConfig(cfg),
    prune: true,
  });
  if (summary.written) {
    log.info({ documents: summary.documents, chunks: summary.chunks, seconds: Number(summary.seconds.toFixed(2)) }, "index built");
  }
  const engine = await Engine.open(cfg);
  if (cfg.TELEGRAM_BOT_TOKEN) {
    await runBot(engine, cfg);
  } else {
    process.stderr.write("TELEGRAM_BOT_TOKEN is not set, so the Telegram bot is off: starting the terminal chat instead.\n");
    await runChat(engine);
  }
}

main().catch((err: Error) => {
  const known = err instanceof ConfigError || err instanceof IndexError || err instanceof BotStartError;
  process.stderr.write(`error: ${redact(known ? err.message : `unexpected failure: ${err.message}`)}\n`);
  process.exitCode = 1;
});
