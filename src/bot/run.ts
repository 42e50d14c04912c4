/**
 * Running the bot: long polling with @grammyjs/runner (concurrent across chats, sequential within
 * a chat), or a webhook server when WEBHOOK_URL is set (the secret token is checked on every
 * request). SIGINT/SIGTERM stop taking updates, let in-flight answers finish, then close the
 * session store. The parts, in run/: the services the bot is wired to (services.ts), the two
 * runners (polling.ts, webhook.ts), stopping (shutdown.ts), and the start-up errors (errors.ts).
 */
import { ConfigError, type Config } from "../config/env.js";
import type { Engine } from "../engine/engine.js";
import { EXIT } from "../exit-codes.js";
import { log } from "../log.js";
import type { CreateBotOptions } from "./bot.js";
import { runPolling } from "./run/polling.js";
import type { RunningBot } from "./run/running-bot.js";
import { startServices } from "./run/services.js";
import { runWebhook } from "./run/webhook.js";

export { BotStartError } from "./run/errors.js";
export type { RunningBot };

/** Polling is "updates arriving" while a getUpdates answered within this time (its long poll lasts 30 s). */
const UPDATES_STALE_MS = 90_000;

export async function startBot(engine: Engine, cfg: Config, opts: CreateBotOptions = {}): Promise<RunningBot> {
  if (cfg.WEBHOOK_URL && !cfg.WEBHOOK_SECRET) {
    throw new ConfigError("WEBHOOK_URL is set but WEBHOOK_SECRET is not: set a random secret so that only Telegram can call the webhook (see .env.example)");
  }
  const services = await startServices(engine, cfg, opts);
  if (cfg.WEBHOOK_URL) return runWebhook(services, cfg, cfg.WEBHOOK_URL);
  return runPolling(services, cfg, { updatesStaleMs: opts.updatesStaleMs ?? UPDATES_STALE_MS });
}

/**
 * `npm start` with a token: run until SIGINT/SIGTERM, then stop gracefully (resolves: exit 0). A fatal
 * Bot API error (401, 409) rejects with a BotStartError, after the same drain.
 * The handlers are in place before the bot starts: a signal while it starts exits 0 at once (nothing is
 * in flight yet); a repeated signal (Ctrl-C reaches both npm and node, and npm passes it on) is not a second
 * request, but one more than 2 s later exits at once, without waiting for the drain.
 */
export async function runBot(engine: Engine, cfg: Config): Promise<void> {
  let bot: RunningBot | undefined;
  let firstSignal: number | undefined;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (firstSignal !== undefined) {
      if (Date.now() - firstSignal < 2000) return;
      log.warn({ signal }, "second signal: exiting without waiting for the answers in flight");
      process.exit(EXIT.failure);
    }
    firstSignal = Date.now();
    log.info({ signal }, "signal received");
    // still starting (getMe, the session store): nothing is in flight yet
    if (!bot) process.exit(EXIT.ok);
    void bot.stop();
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  try {
    bot = await startBot(engine, cfg);
    const fatal = await bot.stopped;
    if (fatal) throw fatal;
  } finally {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
  }
}
