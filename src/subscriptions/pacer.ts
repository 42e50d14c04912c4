/**
 * A paced queue for messages the bot sends on its own (pushes, digests): Telegram lets a bot send
 * about 30 messages a second overall, so sends start at least 1000/perSecond ms apart (never more
 * than perSecond in any second), a few at a time. A 429 pauses the whole queue for its retry_after
 * and the message is tried again first; other failures are the job's to decide (retry or give up).
 */

export type JobOutcome = "done" | { retryAfterSeconds: number } | { retryInMs: number };

export interface PacerOptions {
  perSecond: number;
  /** Sends in flight at once (a slow Bot API should not slow the pace). */
  concurrency?: number;
}

export class Pacer<T> {
  private readonly jobs: T[] = [];
  private readonly interval: number;
  private readonly concurrency: number;
  private nextStart = 0;
  private pausedUntil = 0;
  private inFlight = 0;
  private looping = false;
  /** Jobs waiting out a retry delay before they are queued again. */
  private delayed = 0;
  private wake: (() => void) | undefined;
  private idleWaiters: Array<() => void> = [];
  private stopped = false;

  constructor(
    private readonly run: (job: T) => Promise<JobOutcome>,
    opts: PacerOptions,
  ) {
    this.interval = 1000 / opts.perSecond;
    this.concurrency = opts.concurrency ?? 8;
  }

  get size(): number {
    return this.jobs.length + this.inFlight + this.delayed;
  }

  push(...jobs: T[]): void {
    if (this.stopped || !jobs.length) return;
    this.jobs.push(...jobs);
    this.ensureLoop();
    this.poke();
  }

  /** Drops the waiting jobs that `drop` selects (e.g. those of a chat that blocked the bot). */
  remove(drop: (job: T) => boolean): number {
    let n = 0;
    for (let i = this.jobs.length - 1; i >= 0; i--) {
      if (drop(this.jobs[i]!)) {
        this.jobs.splice(i, 1);
        n++;
      }
    }
    return n;
  }

  /** Resolves when nothing is waiting or in flight. */
  idle(): Promise<void> {
    if (this.size === 0) return Promise.resolve();
    return new Promise((r) => this.idleWaiters.push(r));
  }

  /** Stops taking jobs; the waiting ones are dropped, those in flight finish. */
  async stop(): Promise<number> {
    this.stopped = true;
    const dropped = this.jobs.length;
    this.jobs.length = 0;
    this.poke();
    await this.idle();
    return dropped;
  }

  private ensureLoop(): void {
    if (this.looping) return;
    this.looping = true;
    void this.loop();
  }

  private poke(): void {
    const w = this.wake;
    this.wake = undefined;
    w?.();
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const t = setTimeout(() => ((this.wake = undefined), resolve()), ms);
      this.wake = () => (clearTimeout(t), resolve());
    });
  }

  private settle(): void {
    if (this.size === 0) for (const r of this.idleWaiters.splice(0)) r();
  }

  private async loop(): Promise<void> {
    while (this.jobs.length > 0) {
      const now = Date.now();
      const wait = Math.max(this.nextStart - now, this.pausedUntil - now);
      if (wait > 0) {
        await this.sleep(wait);
        continue;
      }
      if (this.inFlight >= this.concurrency) {
        await this.sleep(1000);
        continue;
      }
      const job = this.jobs.shift()!;
      this.nextStart = Math.max(now, this.nextStart) + this.interval;
      this.inFlight++;
      void this.handle(job);
    }
    this.looping = false; // (no await between the last check and here: a job pushed now starts a new loop)
    this.settle();
  }

  private async handle(job: T): Promise<void> {
    let outcome: JobOutcome;
    try {
      outcome = await this.run(job);
    } catch {
      outcome = "done";
    }
    this.inFlight--;
    if (outcome !== "done" && !this.stopped) {
      if ("retryAfterSeconds" in outcome) {
        this.pausedUntil = Math.max(this.pausedUntil, Date.now() + outcome.retryAfterSeconds * 1000);
        this.jobs.unshift(job);
        this.ensureLoop();
      } else {
        this.delayed++;
        setTimeout(() => {
          this.delayed--;
          this.push(job);
          this.settle();
        }, outcome.retryInMs).unref();
      }
    }
    this.poke();
    this.settle();
  }
}
