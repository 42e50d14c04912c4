/**
 * The push service's sending half: jobs go through a paced queue (src/subscriptions/pacer.ts:
 * PUSH_PER_SECOND overall, a 429's retry_after honoured). A push is counted against the chat's
 * PUSH_DAILY_LIMIT just before it goes, never twice for the same article; a chat that blocked the
 * bot (403) loses its subscriptions and gets nothing more; a send that fails on the network or a
 * 5xx is tried again a few times. Pushes use an Api of their own, without the answers' auto-retry,
 * so that a 429 pauses the queue rather than one call.
 */
import { GrammyError, HttpError, type Api, type RawApi } from "grammy";
import type { Config } from "../../config/env.js";
import type { Engine } from "../../engine/engine.js";
import { log } from "../../log.js";
import { dayIn } from "../../schedule/cron.js";
import { Pacer, type JobOutcome } from "../../subscriptions/pacer.js";
import type { SubscriptionStore } from "../../subscriptions/store.js";
import type { Job, PushJob, PushStats } from "./jobs.js";
import { renderJob, type RenderedMessage } from "./render.js";

/** Attempts of a send that fails on the network or a 5xx. */
const MAX_ATTEMPTS = 4;
/** Seconds to pause when a 429 does not say how long. */
const DEFAULT_RETRY_AFTER = 5;

export type SenderConfig = Pick<Config, "TIMEZONE" | "PUSH_DAILY_LIMIT" | "PUSH_PER_SECOND">;

const isBlocked = (err: unknown): boolean =>
  err instanceof GrammyError &&
  (err.error_code === 403 || (err.error_code === 400 && /chat not found|user is deactivated|group chat was (deleted|upgraded)/iu.test(err.description)));

const message = (err: unknown): string => (err instanceof Error ? err.message : String(err));

export class PushSender {
  readonly stats: PushStats = { sent: 0, blocked: 0, failed: 0, capped: 0, duplicates: 0 };
  private readonly pacer: Pacer<Job>;

  constructor(
    private readonly api: Api<RawApi>,
    private readonly store: SubscriptionStore,
    private readonly engine: Pick<Engine, "library">,
    private readonly cfg: SenderConfig,
  ) {
    this.pacer = new Pacer<Job>((job) => this.send(job), { perSecond: cfg.PUSH_PER_SECOND });
  }

  queue(...jobs: Job[]): void {
    this.pacer.push(...jobs);
  }

  /** Resolves when every queued message has been sent or given up. */
  idle(): Promise<void> {
    return this.pacer.idle();
  }

  /** Stops sending; returns how many queued messages were not sent. */
  stop(): Promise<number> {
    return this.pacer.stop();
  }

  private async send(job: Job): Promise<JobOutcome> {
    // claimed when it is about to go (not when queued), so that a push that never went is not counted
    if (job.kind === "push" && !job.claimed) {
      const refused = await this.claim(job);
      if (refused) return refused;
    }
    const rendered = renderJob(job, this.engine.library);
    if (!rendered) {
      await this.release(job); // the article left the index meanwhile
      return "done";
    }
    try {
      await this.deliver(job.chatId, rendered);
      this.stats.sent++;
      return "done";
    } catch (err) {
      return this.failed(job, err);
    }
  }

  /** Counts a push against the chat's day; the outcome when it is not to go (capped, a duplicate, the store down). */
  private async claim(job: PushJob): Promise<JobOutcome | undefined> {
    let claim;
    try {
      claim = await this.store.claim(job.chatId, job.item.docId, dayIn(Date.now(), this.cfg.TIMEZONE), this.cfg.PUSH_DAILY_LIMIT);
    } catch (err) {
      if (job.attempt + 1 < MAX_ATTEMPTS) return this.retryLater(job);
      this.stats.failed++;
      log.warn({ err: message(err) }, "subscription store unavailable: a push was given up");
      return "done";
    }
    if (claim === "cap") this.stats.capped++;
    if (claim === "dup") this.stats.duplicates++;
    if (claim !== "ok") return "done";
    job.claimed = true;
    return undefined;
  }

  private async deliver(chatId: number, rendered: RenderedMessage): Promise<void> {
    await this.api.sendMessage(chatId, rendered.text, {
      parse_mode: "HTML",
      link_preview_options: { is_disabled: true },
      ...(rendered.keyboard ? { reply_markup: rendered.keyboard } : {}),
    });
  }

  /** What a failed send means: pause the queue (429), drop a chat that blocked the bot, try again, or give up. */
  private async failed(job: Job, err: unknown): Promise<JobOutcome> {
    if (err instanceof GrammyError && err.error_code === 429) {
      const retryAfter = err.parameters?.retry_after ?? DEFAULT_RETRY_AFTER;
      log.warn({ retryAfter }, "Telegram asked the pushes to slow down (429): the push queue pauses");
      return { retryAfterSeconds: retryAfter };
    }
    if (isBlocked(err)) {
      await this.dropChat(job.chatId);
      return "done";
    }
    if ((err instanceof HttpError || (err instanceof GrammyError && err.error_code >= 500)) && job.attempt + 1 < MAX_ATTEMPTS) return this.retryLater(job);
    this.stats.failed++;
    log.warn({ err: message(err) }, "a push could not be sent; given up");
    await this.release(job);
    return "done";
  }

  private retryLater(job: Job): JobOutcome {
    job.attempt++;
    return { retryInMs: 1000 * 2 ** job.attempt };
  }

  /** A chat that blocked the bot or is gone: nothing more is sent to it, and its subscriptions are dropped. */
  private async dropChat(chatId: number): Promise<void> {
    this.stats.blocked++;
    const dropped = this.pacer.remove((j) => j.chatId === chatId);
    await this.store.drop(chatId).catch((e: unknown) => log.warn({ err: (e as Error).message }, "could not drop a blocked chat's subscriptions"));
    log.info({ dropped }, "a chat blocked the bot or is gone: its subscriptions are dropped");
  }

  /** Gives back the daily slots a job claimed, since its message did not go. */
  private async release(job: Job): Promise<void> {
    const docs = job.kind === "push" ? [job.item.docId] : job.items.map((i) => i.docId);
    for (const d of docs)
      await this.store.release(job.chatId, d, job.kind === "digest" ? job.day : dayIn(Date.now(), this.cfg.TIMEZONE)).catch(() => undefined);
  }
}
