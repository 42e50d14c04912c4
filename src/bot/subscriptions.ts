/**
 * Subscriptions that push: /subscribe 液流电池, /unsubscribe [topic], /subscriptions
 * (subscriptions/commands.ts).
 *
 * When articles enter the running index (engine.events "articlesAdded": a SEEDS_DIR rescan), each chat
 * whose topic one of them matches (engine.matches: the topic read by the question analysis) gets
 * one message per article (subscriptions/push.ts, render.ts): at most PUSH_DAILY_LIMIT a day per
 * chat, never the same article twice, nothing more to a chat that blocked the bot, through a paced
 * queue (subscriptions/sender.ts). With DIGEST_CRON set, the articles are gathered instead and each
 * chat gets one digest at that time (subscriptions/digest.ts).
 */
import { Api, type Composer, type RawApi, type Transformer } from "grammy";
import type { Config } from "../config/env.js";
import type { Engine } from "../engine/engine.js";
import { log } from "../log.js";
import { parseCron } from "../schedule/cron.js";
import { createSubscriptionStore, type SubscriptionStore } from "../subscriptions/store.js";
import type { BotContext } from "./context.js";
import { registerSubscriptionCommands } from "./subscriptions/commands.js";
import { queueDigests, startDigestClock } from "./subscriptions/digest.js";
import type { PushStats, PushSummary } from "./subscriptions/jobs.js";
import { queuePushes } from "./subscriptions/push.js";
import { PushSender } from "./subscriptions/sender.js";

export interface SubscriptionService {
  readonly store: SubscriptionStore;
  /** Queues the pushes of articles `ids` to the chats whose topics they match. */
  pushNew(ids: string[]): Promise<PushSummary>;
  /** Sends each subscriber the digest of the articles added in the 24 hours before `at`. */
  digest(at?: number): Promise<PushSummary>;
  /** Resolves when every queued message has been sent or given up. */
  idle(): Promise<void>;
  /** What was sent, dropped or refused so far (for the log and the tests). */
  readonly stats: PushStats;
  close(): Promise<void>;
}

export interface SubscriptionDeps {
  engine: Engine;
  cfg: Config;
  /** Default: the store where the sessions are kept (src/subscriptions/store.ts). */
  store?: SubscriptionStore;
  /** Installed on the pushes' Api (tests: a recording transport). */
  transformers?: Array<Transformer<RawApi>>;
}

export function registerSubscriptions(app: Composer<BotContext>, deps: SubscriptionDeps): SubscriptionService {
  const { engine, cfg } = deps;
  const store = deps.store ?? createSubscriptionStore(cfg);
  const ownStore = !deps.store;
  registerSubscriptionCommands(app, { engine, store, dailyLimit: cfg.PUSH_DAILY_LIMIT });
  const sender = new PushSender(pushApi(cfg, deps.transformers), store, engine, cfg);
  const pushNew = (ids: string[]): Promise<PushSummary> => queuePushes(ids, store, engine, sender);
  const digest = (at = Date.now()): Promise<PushSummary> => queueDigests(at, store, engine, sender, cfg);
  const cron = cfg.DIGEST_CRON ? parseCron(cfg.DIGEST_CRON) : undefined;
  const stopListening = engine.events.on("articlesAdded", (ids) => void takeNewArticles(ids, store, cron ? undefined : pushNew));
  const stopClock = cron ? startDigestClock(cron, cfg.TIMEZONE, digest) : undefined;
  return {
    store,
    stats: sender.stats,
    pushNew,
    digest,
    idle: () => sender.idle(),
    close: async () => {
      stopListening();
      stopClock?.();
      const dropped = await sender.stop();
      if (dropped) log.warn({ dropped }, "stopping with pushes still queued: they are not sent");
      if (ownStore) await store.close(); // a store passed in belongs to the caller
    },
  };
}

/** The pushes' own Api: without the answers' auto-retry, so that a 429 pauses the push queue rather than one call. */
function pushApi(cfg: Config, transformers: Array<Transformer<RawApi>> = []): Api<RawApi> {
  const api = new Api<RawApi>(cfg.TELEGRAM_BOT_TOKEN ?? "", { apiRoot: cfg.TELEGRAM_API_ROOT });
  for (const t of transformers) api.config.use(t);
  return api;
}

/** Notes articles that entered the index (for the digest) and, without a digest, pushes them at once. */
async function takeNewArticles(ids: string[], store: SubscriptionStore, pushNew: ((ids: string[]) => Promise<PushSummary>) | undefined): Promise<void> {
  try {
    await store.noteAdded(ids, Date.now());
    if (pushNew) await pushNew(ids);
  } catch (err) {
    log.warn({ err: err instanceof Error ? err.message : String(err) }, "could not push new articles to subscribers");
  }
}
