/**
 * The digest (with DIGEST_CRON): the articles are gathered instead of pushed, and at that time (in
 * TIMEZONE) each chat gets one message of the day's new articles on its topics, within its daily
 * limit and once a day across instances.
 */
import type { Config } from "../../config/env.js";
import type { Engine } from "../../engine/engine.js";
import { log } from "../../log.js";
import { cronMatches, dayIn, type CronTime } from "../../schedule/cron.js";
import type { SubscriptionStore } from "../../subscriptions/store.js";
import type { PushItem, PushSummary } from "./jobs.js";
import { matchSubscribers, type ChatMatches } from "./matching.js";
import type { PushSender } from "./sender.js";

/** Articles one digest lists at most (also bounded by PUSH_DAILY_LIMIT). */
const DIGEST_MAX = 10;
/** How often the clock looks whether the digest is due (the cron's unit is the minute). */
const TICK_MS = 15_000;
const DAY_MS = 24 * 3600_000;

export type DigestConfig = Pick<Config, "TIMEZONE" | "PUSH_DAILY_LIMIT">;

/** Queues each subscriber's digest of the articles added in the 24 hours before `at`. */
export async function queueDigests(
  at: number,
  store: SubscriptionStore,
  engine: Pick<Engine, "matches">,
  sender: PushSender,
  cfg: DigestConfig,
): Promise<PushSummary> {
  const day = dayIn(at, cfg.TIMEZONE);
  const ids = await store.addedSince(at - DAY_MS);
  if (!ids.length) return { subscribers: 0, queued: 0 };
  const chats = await matchSubscribers(store, engine, ids);
  let queued = 0;
  for (const chat of chats) {
    if (!chat.items.length || !(await store.claimDigest(chat.chatId, day))) continue;
    const items = await claimDigestItems(chat, day, store, cfg.PUSH_DAILY_LIMIT);
    if (!items.length) continue;
    sender.queue({ kind: "digest", chatId: chat.chatId, day, topics: chat.topics, items, attempt: 0 });
    queued++;
  }
  if (queued) log.info({ articles: ids.length, messages: queued }, "daily digest queued");
  return { subscribers: chats.length, queued };
}

/** The articles a chat's digest lists: each claimed against its day, until the digest or the day is full. */
async function claimDigestItems(chat: ChatMatches, day: string, store: SubscriptionStore, dailyLimit: number): Promise<PushItem[]> {
  const items: PushItem[] = [];
  for (const item of chat.items) {
    if (items.length >= DIGEST_MAX) break;
    const claim = await store.claim(chat.chatId, item.docId, day, dailyLimit);
    if (claim === "ok") items.push(item);
    else if (claim === "cap") break;
  }
  return items;
}

/** Runs `digest` once in every minute the cron names (in `timeZone`); returns the way to stop. */
export function startDigestClock(cron: CronTime, timeZone: string, digest: (at: number) => Promise<PushSummary>): () => void {
  let lastMinute = -1;
  const tick = (): void => {
    const now = Date.now();
    const minute = Math.floor(now / 60_000);
    if (minute !== lastMinute && cronMatches(cron, now, timeZone)) {
      lastMinute = minute;
      void digest(now).catch((err: unknown) => log.warn({ err: (err as Error).message }, "the daily digest failed"));
    }
  };
  const timer = setInterval(tick, TICK_MS);
  timer.unref();
  return () => clearInterval(timer);
}
