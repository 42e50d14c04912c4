/**
 * Subscriptions that push: /subscribe 液流电池, /unsubscribe [topic], /subscriptions.
 *
 * When articles enter the running index (engine.onArticlesAdded: a SEEDS_DIR rescan), each chat
 * whose topic one of them matches (engine.matches: the topic read by the question analysis) gets
 * one message per article: the topic, the headline, byline · paper · date (estimated ones marked
 * 推断), the sentence that matches, and a 「原文」 button. At most PUSH_DAILY_LIMIT a day per chat,
 * never the same article twice, nothing more to a chat that blocked the bot (a 403 drops its
 * subscriptions). Sends go through a paced queue (src/subscriptions/pacer.ts): PUSH_PER_SECOND
 * overall, a 429's retry_after honoured. With DIGEST_CRON set, the articles are gathered instead
 * and each chat gets one digest at that time (in TIMEZONE) of the day's new articles on its topics.
 * Pushes use an Api of their own, without the answers' auto-retry, so that a 429 pauses the queue
 * rather than one call.
 */
import { Api, GrammyError, HttpError, InlineKeyboard, type Composer, type RawApi, type Transformer } from "grammy";
import type { Config } from "../config/env.js";
import type { Engine } from "../engine/engine.js";
import type { TopicMatch } from "../engine/topics.js";
import { log } from "../log.js";
import { cronMatches, dayIn, parseCron } from "../schedule/cron.js";
import { Pacer, type JobOutcome } from "../subscriptions/pacer.js";
import { createSubscriptionStore, type SubscriptionStore } from "../subscriptions/store.js";
import type { BotContext } from "./context.js";
import { renderMessages, type Paragraph } from "./format.js";
import { sourceMeta, sourceName } from "../answer/source-name.js";
import { encodeCallback } from "./keyboards.js";
import { MSG } from "./messages.js";

/** Topics one chat may follow, and how long a topic may be. */
export const MAX_TOPICS = 10;
export const MAX_TOPIC_CHARS = 20;
/** The longest matching sentence a push quotes. */
const SENTENCE_CAP = 200;
/** Articles one digest lists at most (also bounded by PUSH_DAILY_LIMIT). */
const DIGEST_MAX = 10;
/** Attempts of a send that fails on the network or a 5xx. */
const MAX_ATTEMPTS = 4;

interface PushItem {
  docId: string;
  topic: string;
  match: TopicMatch;
}

type Job = { kind: "push"; chatId: number; item: PushItem; attempt: number; claimed?: boolean } | { kind: "digest"; chatId: number; day: string; topics: string[]; items: PushItem[]; attempt: number };

export interface PushSummary {
  /** Chats following something, and the messages queued for them. */
  subscribers: number;
  queued: number;
}

export interface SubscriptionService {
  readonly store: SubscriptionStore;
  /** Queues the pushes of articles `ids` to the chats whose topics they match. */
  pushNew(ids: string[]): Promise<PushSummary>;
  /** Sends each subscriber the digest of the articles added in the 24 hours before `at`. */
  digest(at?: number): Promise<PushSummary>;
  /** Resolves when every queued message has been sent or given up. */
  idle(): Promise<void>;
  /** What was sent, dropped or refused so far (for the log and the tests). */
  readonly stats: { sent: number; blocked: number; failed: number; capped: number; duplicates: number };
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

/** A topic as it is kept: spaces collapsed, quotes around it taken off. */
export function cleanTopic(text: string): string {
  return text
    .replace(/\s+/gu, " ")
    .trim()
    .replace(/^[「『“"'《]+|[」』”"'》]+$/gu, "")
    .trim();
}

const isBlocked = (err: unknown): boolean =>
  err instanceof GrammyError && (err.error_code === 403 || (err.error_code === 400 && /chat not found|user is deactivated|group chat was (deleted|upgraded)/iu.test(err.description)));

function clip(s: string, cap: number): string {
  return s.length > cap ? `${s.slice(0, cap - 1)}…` : s;
}

export function registerSubscriptions(app: Composer<BotContext>, deps: SubscriptionDeps): SubscriptionService {
  const { engine, cfg } = deps;
  const store = deps.store ?? createSubscriptionStore(cfg);
  const ownStore = !deps.store;
  const api = new Api<RawApi>(cfg.TELEGRAM_BOT_TOKEN ?? "", { apiRoot: cfg.TELEGRAM_API_ROOT });
  for (const t of deps.transformers ?? []) api.config.use(t);
  const stats = { sent: 0, blocked: 0, failed: 0, capped: 0, duplicates: 0 };

  // ---- commands ------------------------------------------------------------------------------
  const unavailable = async (ctx: BotContext, err: unknown): Promise<void> => {
    log.warn({ err: err instanceof Error ? err.message : String(err) }, "subscription store unavailable");
    await ctx.reply(MSG.subscriptionsUnavailable);
  };

  app.command("subscribe", async (ctx) => {
    const topic = cleanTopic(typeof ctx.match === "string" ? ctx.match : "");
    if (!topic) return void (await ctx.reply(MSG.subscribeUsage));
    if (topic.length > MAX_TOPIC_CHARS) return void (await ctx.reply(MSG.subscribeTopicTooLong(MAX_TOPIC_CHARS)));
    if (!engine.topicWords(topic).length) return void (await ctx.reply(MSG.subscribeNoWords));
    let outcome;
    try {
      outcome = await store.add(ctx.chat.id, topic, MAX_TOPICS);
    } catch (err) {
      return unavailable(ctx, err);
    }
    if (outcome === "added") log.info({ chatType: ctx.chat.type }, "a chat subscribed to a topic");
    await ctx.reply(outcome === "added" ? MSG.subscribed(topic, cfg.PUSH_DAILY_LIMIT) : outcome === "exists" ? MSG.subscribedAlready(topic) : MSG.subscribeTooMany(MAX_TOPICS));
  });

  app.command("unsubscribe", async (ctx) => {
    const topic = cleanTopic(typeof ctx.match === "string" ? ctx.match : "");
    try {
      const removed = await store.remove(ctx.chat.id, topic || undefined);
      if (removed.length) await ctx.reply(MSG.unsubscribed(removed));
      else await ctx.reply(topic ? MSG.unsubscribedNone(topic) : MSG.subscriptionsNone);
    } catch (err) {
      return unavailable(ctx, err);
    }
  });

  app.command("subscriptions", async (ctx) => {
    try {
      const topics = await store.topics(ctx.chat.id);
      await ctx.reply(topics.length ? MSG.subscriptionsList(topics) : MSG.subscriptionsNone);
    } catch (err) {
      return unavailable(ctx, err);
    }
  });

  // ---- messages ------------------------------------------------------------------------------
  const articleLines = (item: PushItem, n?: number): Paragraph[] | undefined => {
    const found = engine.library.article(item.docId);
    if (!found) return undefined;
    const a = found.article;
    const meta = sourceMeta(a);
    return [
      [{ text: n === undefined ? "" : `[${n}] ` }, { text: sourceName(a), style: "bold" }],
      ...(meta ? [[{ text: meta, style: "italic" as const }]] : []),
      [{ text: `「${clip(item.match.sentence, SENTENCE_CAP)}」` }],
    ];
  };

  const sourceButton = (item: PushItem, n: number, label: string, kb: InlineKeyboard): boolean => {
    const ref = engine.library.refOf(item.docId, item.match.chunkId) ?? engine.library.firstRef(item.docId);
    if (!ref) return false;
    kb.text(label, encodeCallback({ kind: "source", ...ref, n }));
    return true;
  };

  const render = (job: Job): { text: string; keyboard?: InlineKeyboard } | undefined => {
    const kb = new InlineKeyboard();
    if (job.kind === "push") {
      const lines = articleLines(job.item);
      if (!lines) return undefined;
      const paragraphs: Paragraph[] = [[{ text: MSG.pushHeading(job.item.topic), style: "italic" }], ...lines];
      const ok = sourceButton(job.item, 1, MSG.pushSourceButton, kb);
      return { text: renderMessages(paragraphs)[0]!, ...(ok ? { keyboard: kb } : {}) };
    }
    const paragraphs: Paragraph[] = [[{ text: MSG.digestHeading(job.day), style: "bold" }], [{ text: MSG.digestTopics(job.topics), style: "italic" }]];
    let n = 0;
    let buttons = 0;
    for (const item of job.items) {
      const lines = articleLines(item, n + 1);
      if (!lines) continue;
      n++;
      paragraphs.push([], ...lines);
      if (buttons > 0 && buttons % 4 === 0) kb.row();
      if (sourceButton(item, n, MSG.digestSourceButton(n), kb)) buttons++;
    }
    if (!n) return undefined;
    return { text: renderMessages(paragraphs)[0]!, ...(buttons ? { keyboard: kb } : {}) };
  };

  // ---- sending -------------------------------------------------------------------------------
  const docsOf = (job: Job): string[] => (job.kind === "push" ? [job.item.docId] : job.items.map((i) => i.docId));
  const release = async (job: Job): Promise<void> => {
    for (const d of docsOf(job)) await store.release(job.chatId, d, job.kind === "digest" ? job.day : dayIn(Date.now(), cfg.TIMEZONE)).catch(() => undefined);
  };

  const send = async (job: Job): Promise<JobOutcome> => {
    // claimed when it is about to go (not when queued), so that a push that never went is not counted
    if (job.kind === "push" && !job.claimed) {
      let claim;
      try {
        claim = await store.claim(job.chatId, job.item.docId, dayIn(Date.now(), cfg.TIMEZONE), cfg.PUSH_DAILY_LIMIT);
      } catch (err) {
        if (job.attempt + 1 < MAX_ATTEMPTS) {
          job.attempt++;
          return { retryInMs: 1000 * 2 ** job.attempt };
        }
        stats.failed++;
        log.warn({ err: err instanceof Error ? err.message : String(err) }, "subscription store unavailable: a push was given up");
        return "done";
      }
      if (claim === "cap") stats.capped++;
      if (claim === "dup") stats.duplicates++;
      if (claim !== "ok") return "done";
      job.claimed = true;
    }
    const message = render(job);
    if (!message) {
      await release(job); // the article left the index meanwhile
      return "done";
    }
    try {
      await api.sendMessage(job.chatId, message.text, { parse_mode: "HTML", link_preview_options: { is_disabled: true }, ...(message.keyboard ? { reply_markup: message.keyboard } : {}) });
      stats.sent++;
      return "done";
    } catch (err) {
      if (err instanceof GrammyError && err.error_code === 429) {
        const retryAfter = err.parameters?.retry_after ?? 5;
        log.warn({ retryAfter }, "Telegram asked the pushes to slow down (429): the push queue pauses");
        return { retryAfterSeconds: retryAfter };
      }
      if (isBlocked(err)) {
        stats.blocked++;
        const dropped = pacer.remove((j) => j.chatId === job.chatId);
        await store.drop(job.chatId).catch((e: unknown) => log.warn({ err: (e as Error).message }, "could not drop a blocked chat's subscriptions"));
        log.info({ dropped }, "a chat blocked the bot or is gone: its subscriptions are dropped");
        return "done";
      }
      if ((err instanceof HttpError || (err instanceof GrammyError && err.error_code >= 500)) && job.attempt + 1 < MAX_ATTEMPTS) {
        job.attempt++;
        return { retryInMs: 1000 * 2 ** job.attempt };
      }
      stats.failed++;
      log.warn({ err: err instanceof Error ? err.message : String(err) }, "a push could not be sent; given up");
      await release(job);
      return "done";
    }
  };

  const pacer = new Pacer<Job>(send, { perSecond: cfg.PUSH_PER_SECOND });

  /** For each subscriber, the articles of `ids` that match one of its topics (first topic wins). */
  const matching = async (ids: string[]): Promise<Array<{ chatId: number; topics: string[]; items: PushItem[] }>> => {
    const subscribers = await store.subscribers();
    const byTopic = new Map<string, TopicMatch[]>();
    const out: Array<{ chatId: number; topics: string[]; items: PushItem[] }> = [];
    for (const s of subscribers) {
      const items = new Map<string, PushItem>();
      for (const topic of s.topics) {
        const key = topic.toLowerCase();
        if (!byTopic.has(key)) byTopic.set(key, engine.matches(topic, ids));
        for (const match of byTopic.get(key)!) if (!items.has(match.docId)) items.set(match.docId, { docId: match.docId, topic, match });
      }
      out.push({ chatId: s.chatId, topics: s.topics, items: [...items.values()] });
    }
    return out;
  };

  const pushNew = async (ids: string[]): Promise<PushSummary> => {
    const chats = await matching(ids);
    const jobs: Job[] = chats.flatMap((c) => c.items.map((item) => ({ kind: "push" as const, chatId: c.chatId, item, attempt: 0 })));
    pacer.push(...jobs);
    if (jobs.length) log.info({ articles: ids.length, subscribers: chats.length, messages: jobs.length }, "new articles match subscriptions: pushes queued");
    return { subscribers: chats.length, queued: jobs.length };
  };

  const digest = async (at = Date.now()): Promise<PushSummary> => {
    const day = dayIn(at, cfg.TIMEZONE);
    const ids = await store.addedSince(at - 24 * 3600_000);
    if (!ids.length) return { subscribers: 0, queued: 0 };
    const chats = await matching(ids);
    let queued = 0;
    for (const c of chats) {
      if (!c.items.length || !(await store.claimDigest(c.chatId, day))) continue;
      const items: PushItem[] = [];
      for (const item of c.items) {
        if (items.length >= DIGEST_MAX) break;
        const claim = await store.claim(c.chatId, item.docId, day, cfg.PUSH_DAILY_LIMIT);
        if (claim === "ok") items.push(item);
        else if (claim === "cap") break;
      }
      if (!items.length) continue;
      pacer.push({ kind: "digest", chatId: c.chatId, day, topics: c.topics, items, attempt: 0 });
      queued++;
    }
    if (queued) log.info({ articles: ids.length, messages: queued }, "daily digest queued");
    return { subscribers: chats.length, queued };
  };

  // ---- new articles and the digest's clock ------------------------------------------------------
  const cron = cfg.DIGEST_CRON ? parseCron(cfg.DIGEST_CRON) : undefined;
  const stopListening = engine.onArticlesAdded((ids) => {
    void (async () => {
      try {
        await store.noteAdded(ids, Date.now());
        if (!cron) await pushNew(ids);
      } catch (err) {
        log.warn({ err: err instanceof Error ? err.message : String(err) }, "could not push new articles to subscribers");
      }
    })();
  });
  let timer: NodeJS.Timeout | undefined;
  if (cron) {
    let lastMinute = -1;
    const tick = (): void => {
      const now = Date.now();
      const minute = Math.floor(now / 60_000);
      if (minute !== lastMinute && cronMatches(cron, now, cfg.TIMEZONE)) {
        lastMinute = minute;
        void digest(now).catch((err: unknown) => log.warn({ err: (err as Error).message }, "the daily digest failed"));
      }
    };
    timer = setInterval(tick, 15_000);
    timer.unref();
  }

  return {
    store,
    stats,
    pushNew,
    digest,
    idle: () => pacer.idle(),
    close: async () => {
      stopListening();
      if (timer) clearInterval(timer);
      const dropped = await pacer.stop();
      if (dropped) log.warn({ dropped }, "stopping with pushes still queued: they are not sent");
      if (ownStore) await store.close(); // a store passed in belongs to the caller
    },
  };
}
