/**
 * What a running bot is wired to, made before it takes updates: the session store and the update
 * journal, the bot itself (createBot) with getMe done and its profile set, the readiness checks and
 * the health server (/healthz, /readyz, /metrics on HEALTH_PORT, src/ops/health.ts), and the
 * listeners of index reloads. What was started is closed again when a later step fails.
 */
import type { Bot } from "grammy";
import type { Config } from "../../config/env.js";
import type { Engine } from "../../engine/engine.js";
import { EXIT } from "../../exit-codes.js";
import { ops } from "../../ops/events.js";
import { indexCheck, redisCheck, startHealthServer, updatesCheck, type HealthServer, type ReadinessCheck } from "../../ops/health.js";
import { setDocumentsSource } from "../../ops/metrics.js";
import { createBot, type CreateBotOptions } from "../bot.js";
import type { BotContext } from "../context.js";
import { setUpProfile } from "../menu.js";
import type { InFlight } from "../middleware/inflight.js";
import { createSessionStore, type SessionStore } from "../sessions.js";
import { UpdateJournal } from "../update-journal.js";
import { botFatalError, BotStartError } from "./errors.js";

export interface BotServices {
  bot: Bot<BotContext>;
  inFlight: InFlight;
  store: SessionStore;
  /** The journal of updates in flight (long polling with a file or Redis store). */
  journal: UpdateJournal | undefined;
  /** Closes what createBot holds besides the session store. */
  closeBot(): Promise<void>;
  checks: ReadinessCheck[];
  /** The health server of its own (undefined when HEALTH_PORT is 0 or the webhook server answers instead). */
  health: HealthServer | undefined;
  /** HEALTH_PORT = PORT in webhook mode: the webhook server answers /readyz and /metrics too. */
  healthOnWebhook: boolean;
  /** What /readyz says of updates arriving: the runner sets it once they can. */
  updates: { problem: () => string | undefined };
  /** When a getUpdates last answered (epoch ms). */
  fetched: { last: number };
  /** Stops listening to index reloads. */
  stopListening(): void;
}

export async function startServices(engine: Engine, cfg: Config, opts: CreateBotOptions): Promise<BotServices> {
  const updates = { problem: (): string | undefined => "the bot is starting" };
  setDocumentsSource(() => engine.library.count());
  const reloads = { failure: undefined as { generation: string; error: string } | undefined };
  const checks = readinessChecks(engine, cfg, updates, () => reloads.failure);
  const store = await createSessionStore(cfg);
  // long polling confirms updates by asking for the next ones: they are journaled first (webhook updates are confirmed once handled)
  const journal = !cfg.WEBHOOK_URL && store.journal ? new UpdateJournal(store.journal) : undefined;
  const { bot, inFlight, close: closeBot } = createBot(engine, cfg, store, { ...opts, ...(journal ? { journal } : {}) });
  const fetched = { last: Date.now() };
  bot.api.config.use(async (prev, method, payload, signal) => {
    const res = await prev(method, payload, signal);
    if (method === "getUpdates" && res.ok) fetched.last = Date.now();
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
  const stopListening = watchReloads(engine, reloads);
  const healthOnWebhook = Boolean(cfg.WEBHOOK_URL) && cfg.HEALTH_PORT === cfg.PORT;
  let health: HealthServer | undefined;
  if (cfg.HEALTH_PORT > 0 && !healthOnWebhook) {
    health = await startHealthServer(cfg.HEALTH_PORT, checks).catch(async (err: Error) => {
      stopListening();
      await closeBot();
      await store.close();
      throw new BotStartError(
        `cannot serve health and metrics on HEALTH_PORT ${cfg.HEALTH_PORT} (${err.message}); choose a free port, or 0 to turn it off`,
        EXIT.config,
      );
    });
  }
  return { bot, inFlight, store, journal, closeBot, checks, health, healthOnWebhook, updates, fetched, stopListening };
}

/** What /readyz checks: the index (and the generation a reload last failed to load), updates arriving, Redis when used. */
function readinessChecks(
  engine: Engine,
  cfg: Config,
  updates: BotServices["updates"],
  reloadFailure: () => { generation: string; error: string } | undefined,
): ReadinessCheck[] {
  const checks: ReadinessCheck[] = [indexCheck(() => engine.index, { dir: cfg.VECTOR_DIR, reloadFailure }), updatesCheck(() => updates.problem())];
  if (cfg.REDIS_URL) checks.push(redisCheck(cfg.REDIS_URL));
  return checks;
}

/**
 * Counts index reloads (newsbot_index_reloads_total) and keeps the generation a reload last failed to
 * load (src/engine/reload.ts): /readyz says so while CURRENT names it. Returns the way to stop.
 */
function watchReloads(engine: Engine, reloads: { failure: { generation: string; error: string } | undefined }): () => void {
  const stopMetrics = engine.events.on("reloaded", (e) => ops.reload(e.outcome, e.seconds));
  const stopWatch = engine.events.on(
    "reloaded",
    (e) => (reloads.failure = e.outcome === "failed" ? { generation: e.generation, error: e.error ?? "unreadable" } : undefined),
  );
  return () => {
    stopMetrics();
    stopWatch();
  };
}
