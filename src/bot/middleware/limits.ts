/**
 * Limits that fit Telegram and the readers:
 * - questions: RATE_LIMIT_PER_MINUTE per reader — messages and their edits, and the buttons that ask
 *   (「更多」, an example question); the buttons that only show something (「原文」, pages, votes) do not count;
 * - buttons: BUTTON_LIMIT_PER_MINUTE per reader for all of those, against floods; inline queries
 *   (「@bot 问题」, sent as the reader types) have a limit of the same size of their own, and past it get
 *   no results rather than a message;
 * - groups: GROUP_LIMIT_PER_MINUTE questions per group (Telegram lets a bot send about 20 messages a
 *   minute to one group).
 * With REDIS_URL set the counts are kept in Redis, so that several instances share them; while Redis
 * is away they are counted in this instance's memory (a limit should never stop the bot).
 */
import { limit } from "@grammyjs/ratelimiter";
import { Composer, type Context, type MiddlewareFn } from "grammy";
import { Redis } from "ioredis";
import type { Config } from "../../config/env.js";
import { configuredSalt, hashedKey } from "../../config/reader-salt.js";
import { log } from "../../log.js";
import { ops, type LimitKind } from "../../ops/events.js";
import { cosmetic } from "../api.js";
import { isGroup } from "./groups.js";

/** What the limiter needs of a counter store (ioredis's incr/pexpire). */
interface Counter {
  incr(key: string): Promise<number>;
  pexpire(key: string, ms: number): Promise<number>;
}

/** How long a count may wait for Redis before this instance counts on its own (a limit must not slow answers). */
const REDIS_WAIT_MS = 500;

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([p, new Promise<T>((_, reject) => (timer = setTimeout(() => reject(new Error(`redis did not answer within ${ms} ms`)), ms)))]).finally(
    () => clearTimeout(timer),
  );
}

/** Counts in Redis, in memory while Redis fails; said once in the log. */
class ResilientCounter implements Counter {
  private readonly local = new Map<string, { count: number; until: number }>();
  private degraded = false;

  constructor(private readonly redis: Counter | undefined) {}

  async incr(key: string): Promise<number> {
    if (this.redis) {
      try {
        const n = await withTimeout(this.redis.incr(key), REDIS_WAIT_MS);
        if (this.degraded) {
          log.info("rate limits are counted in redis again");
          ops.redisDegraded("limits", false);
        }
        this.degraded = false;
        return n;
      } catch (err) {
        if (!this.degraded) {
          log.warn({ err: (err as Error).message }, "redis unavailable for rate limits: counting in this instance's memory until it is back");
          ops.redisDegraded("limits", true);
        }
        this.degraded = true;
      }
    }
    const now = Date.now();
    const entry = this.local.get(key);
    if (!entry || entry.until <= now) {
      this.local.set(key, { count: 1, until: now + 60_000 });
      return 1;
    }
    entry.count++;
    return entry.count;
  }

  async pexpire(key: string, ms: number): Promise<number> {
    const entry = this.local.get(key);
    if (entry) entry.until = Date.now() + ms;
    if (this.redis && !this.degraded) {
      try {
        return await withTimeout(this.redis.pexpire(key, ms), REDIS_WAIT_MS);
      } catch {
        return 0;
      }
    }
    return 1;
  }
}

/** The kinds of callback data that ask the engine a question. */
const ASKS = /^(more|m:|x:)/u;

/** Whether an update may ask the engine: a message, an edited one (answered again), or a button that asks. */
const asksQuestion = (ctx: Context): boolean =>
  ctx.callbackQuery ? ASKS.test(ctx.callbackQuery.data ?? "") : ctx.message !== undefined || ctx.editedMessage !== undefined;

export interface Limits {
  middleware: MiddlewareFn<Context>;
  close(): Promise<void>;
}

export function createLimits(cfg: Config, notices: { question: string; group: string; button: string }): Limits {
  const redis = cfg.REDIS_URL
    ? new Redis(cfg.REDIS_URL, { enableOfflineQueue: true, maxRetriesPerRequest: 1, connectTimeout: 2000, retryStrategy: (n) => Math.min(200 * n, 2000) })
    : undefined;
  redis?.on("error", () => undefined); // the counter logs degradation once
  const store = new ResilientCounter(redis);
  const tell = (text: string) => (ctx: Context) => {
    if (ctx.callbackQuery) void cosmetic("answerCallbackQuery", () => ctx.answerCallbackQuery({ text }));
    else void ctx.reply(text).catch(() => undefined);
  };
  const composer = new Composer<Context>();
  /** One limit: `perMinute` updates a minute for each key `keyOf` gives (none: not counted). */
  const counted = (
    kind: LimitKind,
    perMinute: number,
    keyOf: (ctx: Context) => string | undefined,
    onExceeded: (ctx: Context) => void,
    alwaysReply = false,
  ): void => {
    composer.use(
      limit<Context, Counter>({
        timeFrame: 60_000,
        limit: perMinute,
        storageClient: store,
        keyPrefix: `wnb:limit:${kind}:`,
        alwaysReply,
        keyGenerator: keyOf,
        onLimitExceeded: (ctx) => {
          ops.rateLimited(kind);
          log.info({ limit: kind, chatType: ctx.chat?.type }, "rate limit reached");
          onExceeded(ctx);
        },
      }),
    );
  };
  // In Redis the counters' keys are salted hashes, as every key about a reader is (READER_SALT, required with REDIS_URL)
  const salt = configuredSalt(cfg);
  const idKey = (id: number): string => (salt ? hashedKey(salt, String(id)) : String(id));
  const reader = (ctx: Context): string | undefined => (ctx.from ? idKey(ctx.from.id) : undefined);
  counted("question", cfg.RATE_LIMIT_PER_MINUTE, (ctx) => (asksQuestion(ctx) ? reader(ctx) : undefined), tell(notices.question));
  counted("button", cfg.BUTTON_LIMIT_PER_MINUTE, (ctx) => (ctx.callbackQuery && !asksQuestion(ctx) ? reader(ctx) : undefined), tell(notices.button));
  // Inline queries come as the reader types: past the limit they get no results, never a message.
  counted(
    "inline",
    cfg.BUTTON_LIMIT_PER_MINUTE,
    (ctx) => (ctx.inlineQuery ? reader(ctx) : undefined),
    (ctx) => void cosmetic("answerInlineQuery", () => ctx.answerInlineQuery([], { cache_time: 5, is_personal: true })),
    true,
  );
  counted("group", cfg.GROUP_LIMIT_PER_MINUTE, (ctx) => (isGroup(ctx) && asksQuestion(ctx) && ctx.chat ? idKey(ctx.chat.id) : undefined), tell(notices.group));
  return {
    middleware: composer.middleware(),
    close: async () => {
      await redis?.quit().catch(() => redis.disconnect());
    },
  };
}
