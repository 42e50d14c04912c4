/**
 * Running the bot: long polling with @grammyjs/runner (concurrent across chats, sequential within
 * a chat), or a webhook server when WEBHOOK_URL is set (the secret token is checked on every
 * request). SIGINT/SIGTERM stop taking updates, let in-flight answers finish, then close the
 * session store.
 */
import { run, type RunnerHandle } from "@grammyjs/runner";
import { GrammyError, webhookCallback } from "grammy";
import { createServer, type Server } from "node:http";
import { ConfigError, type Config } from "../config/env.js";
import type { Engine } from "../engine/engine.js";
import { EXIT } from "../exit-codes.js";
import { log } from "../log.js";
import { cosmetic } from "./api.js";
import { createBot, describeError, type CreateBotOptions } from "./bot.js";
import { setUpProfile } from "./menu.js";
import { createSessionStore } from "./sessions.js";
import { UpdateJournal } from "./update-journal.js";
import { healthHandler, indexCheck, redisCheck, startHealthServer, updatesCheck, type HealthServer, type ReadinessCheck } from "../ops/health.js";
import { setDocumentsSource } from "../ops/metrics.js";
import { ops } from "../ops/events.js";

/**
 * The bot cannot start or go on (Bot API unreachable, token refused, another instance polling): said
 * in one line with what to fix; `exitCode` tells a supervisor whether a restart can help (src/exit-codes.ts).
 */
export class BotStartError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = EXIT.tempFail,
  ) {
    super(message);
  }
}

/** What a fatal Bot API error means for the operator: a refused token (401), a conflict (409), or no Bot API. */
export function botFatalError(err: unknown, cfg: Pick<Config, "TELEGRAM_API_ROOT">): BotStartError {
  if (err instanceof GrammyError && err.error_code === 401) {
    return new BotStartError("TELEGRAM_BOT_TOKEN was refused (401): check the token with @BotFather", EXIT.config);
  }
  if (err instanceof GrammyError && err.error_code === 409) {
    return /webhook/iu.test(err.description)
      ? new BotStartError(
          "a webhook is set for this TELEGRAM_BOT_TOKEN (409), so it cannot be polled: another instance runs in webhook mode with it; run every instance in one mode (set WEBHOOK_URL here too, or stop that instance; this one deletes the webhook when it starts)",
          EXIT.config,
        )
      : new BotStartError(
          "another instance is polling with this TELEGRAM_BOT_TOKEN (409): stop it (only one process may poll a token), or run every instance in webhook mode (WEBHOOK_URL)",
          EXIT.tempFail,
        );
  }
  return new BotStartError(`could not reach the Bot API at ${cfg.TELEGRAM_API_ROOT} (${describeError(err)}); check TELEGRAM_BOT_TOKEN and TELEGRAM_API_ROOT`, EXIT.tempFail);
}

/** my_chat_member: the bot added to a group (the welcome); inline_query: `@bot 问题` in any chat. */
const ALLOWED_UPDATES = ["message", "callback_query", "my_chat_member", "inline_query"] as const;
const DRAIN_MS = 15_000;
/** Polling is "updates arriving" while a getUpdates answered within this time (its long poll lasts 30 s). */
export const UPDATES_STALE_MS = 90_000;

export interface RunningBot {
  /** Stops taking updates, waits for in-flight answers, closes the store. */
  stop(): Promise<void>;
  /** Resolves when the bot has stopped: with the fatal error that stopped it (401, 409…), if one did. */
  stopped: Promise<BotStartError | undefined>;
  /** The webhook server's port (webhook mode). */
  port?: number;
  /** The port of /healthz, /readyz and /metrics (HEALTH_PORT; undefined when 0 = off). */
  healthPort?: number;
}

export async function startBot(engine: Engine, cfg: Config, opts: CreateBotOptions = {}): Promise<RunningBot> {
  if (cfg.WEBHOOK_URL && !cfg.WEBHOOK_SECRET) {
    throw new ConfigError("WEBHOOK_URL is set but WEBHOOK_SECRET is not: set a random secret so that only Telegram can call the webhook (see .env.example)");
  }
  // /healthz, /readyz, /metrics on HEALTH_PORT (src/ops/health.ts), ready once updates can arrive
  let updatesProblem = (): string | undefined => "the bot is starting";
  setDocumentsSource(() => engine.library.count());
  // the generation a reload last failed to load (src/engine/reload.ts): /readyz says so while CURRENT names it
  let reloadFailure: { generation: string; error: string } | undefined;
  const checks: ReadinessCheck[] = [indexCheck(() => engine.index, { dir: cfg.VECTOR_DIR, reloadFailure: () => reloadFailure }), updatesCheck(() => updatesProblem())];
  if (cfg.REDIS_URL) checks.push(redisCheck(cfg.REDIS_URL));
  let health: HealthServer | undefined;
  const store = await createSessionStore(cfg);
  // long polling confirms updates by asking for the next ones: they are journaled first (webhook updates are confirmed once handled)
  const journal = !cfg.WEBHOOK_URL && store.journal ? new UpdateJournal(store.journal) : undefined;
  const { bot, inFlight, close: closeBot } = createBot(engine, cfg, store, { ...opts, ...(journal ? { journal } : {}) });
  let lastFetch = Date.now();
  bot.api.config.use(async (prev, method, payload, signal) => {
    const res = await prev(method, payload, signal);
    if (method === "getUpdates" && res.ok) lastFetch = Date.now();
    return res;
  });
  try {
    await bot.init();
  } catch (err) {
    await closeBot();
    await store.close();
    throw botFatalError(err, cfg);
  }
  await setUpProfile(bot.api); // command menus per scope, description, short description (cosmetic)
  const stopReloadMetrics = engine.onReload((e) => ops.reload(e.outcome, e.seconds)); // newsbot_index_reloads_total
  const stopReloadWatch = engine.onReload((e) => (reloadFailure = e.outcome === "failed" ? { generation: e.generation, error: e.error ?? "unreadable" } : undefined));
  // HEALTH_PORT = PORT in webhook mode: the webhook server answers /readyz and /metrics too
  const healthOnWebhook = Boolean(cfg.WEBHOOK_URL) && cfg.HEALTH_PORT === cfg.PORT;
  if (cfg.HEALTH_PORT > 0 && !healthOnWebhook) {
    health = await startHealthServer(cfg.HEALTH_PORT, checks).catch(async (err: Error) => {
      stopReloadMetrics();
      stopReloadWatch();
      await closeBot();
      await store.close();
      throw new BotStartError(`cannot serve health and metrics on HEALTH_PORT ${cfg.HEALTH_PORT} (${err.message}); choose a free port, or 0 to turn it off`, EXIT.config);
    });
  }

  let resolveStopped!: (fatal: BotStartError | undefined) => void;
  const stopped = new Promise<BotStartError | undefined>((r) => (resolveStopped = r));
  let fatal: BotStartError | undefined;
  let stopping: Promise<void> | undefined;
  let runner: RunnerHandle | undefined;
  let server: Server | undefined;

  const finish = async (): Promise<void> => {
    const drained = await inFlight.idle(DRAIN_MS);
    if (!drained) log.warn({ inFlight: inFlight.size }, "stopping with answers still in flight after the grace period");
    await closeBot();
    await store.close();
    await health?.close();
    if (healthOnWebhook) for (const c of checks) await c.close?.().catch(() => undefined);
    stopReloadMetrics();
    stopReloadWatch();
    log.info("bot stopped");
    resolveStopped(fatal);
  };

  if (cfg.WEBHOOK_URL) {
    const url = new URL(cfg.WEBHOOK_URL);
    const handle = webhookCallback(bot, "http", { secretToken: cfg.WEBHOOK_SECRET, onTimeout: "return", timeoutMilliseconds: 50_000 });
    const serveHealth = healthOnWebhook ? healthHandler(checks) : undefined;
    server = createServer((req, res) => {
      if (serveHealth?.(req, res)) return;
      if (req.method === "GET" && req.url === "/healthz") {
        res.writeHead(200, { "content-type": "text/plain" }).end("ok");
        return;
      }
      if (req.method !== "POST" || (req.url ?? "").split("?")[0] !== url.pathname) {
        res.writeHead(404).end();
        return;
      }
      if (req.headers["x-telegram-bot-api-secret-token"] !== cfg.WEBHOOK_SECRET) {
        log.warn({ from: req.socket.remoteAddress }, "webhook request without the right secret token: rejected");
      }
      handle(req, res).catch((err: unknown) => {
        log.error({ err: describeError(err) }, "webhook request failed");
        if (!res.headersSent) res.writeHead(500).end();
      });
    });
    await new Promise<void>((resolve, reject) => server!.once("error", reject).listen(cfg.PORT, resolve)).catch(async (err: unknown) => {
      await health?.close();
      throw err;
    });
    const address = server.address();
    const port = typeof address === "object" && address ? address.port : cfg.PORT;
    await bot.api.setWebhook(cfg.WEBHOOK_URL, { secret_token: cfg.WEBHOOK_SECRET, allowed_updates: [...ALLOWED_UPDATES] });
    log.info({ port, path: url.pathname, username: bot.botInfo.username }, "bot running (webhook)");
    updatesProblem = () => (server!.listening ? undefined : "the webhook server is not listening");
    const stop = (): Promise<void> =>
      (stopping ??= (async () => {
        log.info("stopping: no new webhook requests, finishing answers in flight");
        await new Promise<void>((resolve) => server!.close(() => resolve()));
        await finish();
      })());
    return { stop, stopped, port, ...(health ? { healthPort: health.port } : healthOnWebhook ? { healthPort: port } : {}) };
  }

  await cosmetic("deleteWebhook", () => bot.api.deleteWebhook());
  // silent: the runner's own multi-line dumps of fetch errors are replaced by the warning below and,
  // for a fatal one (401, 409), the one line that says what to fix.
  bot.api.config.use(async (prev, method, payload, signal) => {
    try {
      return await prev(method, payload, signal);
    } catch (err) {
      if (method === "getUpdates" && !signal?.aborted) log.warn({ err: describeError(err) }, "getUpdates failed");
      throw err;
    }
  });
  // the questions a stopped process left unanswered: taken before polling starts (a new delivery of one
  // is skipped), answered alongside the new updates
  const leftOver = journal ? await journal.takeInFlight() : [];
  if (journal) bot.api.config.use(journal.transformer()); // journals what getUpdates returns before it is confirmed
  runner = run(bot, { runner: { silent: true, fetch: { allowed_updates: [...ALLOWED_UPDATES] } } });
  if (journal) void journal.replay(leftOver, (u) => bot.handleUpdate(u));
  log.info({ username: bot.botInfo.username, store: store.kind }, "bot running (long polling)");
  lastFetch = Date.now();
  updatesProblem = () => {
    if (!runner!.isRunning()) return "polling has stopped";
    const ago = Date.now() - lastFetch;
    return ago > (opts.updatesStaleMs ?? UPDATES_STALE_MS) ? `no getUpdates answered for ${Math.round(ago / 1000)} s (Bot API unreachable?)` : undefined;
  };
  const stop = (): Promise<void> =>
    (stopping ??= (async () => {
      log.info("stopping: no new updates, finishing answers in flight");
      if (runner!.isRunning()) await runner!.stop();
      await finish();
    })());
  void runner.task()?.catch((err: unknown) => {
    log.error({ err: describeError(err) }, "polling stopped on an unrecoverable error");
    fatal = botFatalError(err, cfg);
    void stop();
  });
  return { stop, stopped, ...(health ? { healthPort: health.port } : {}) };
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
