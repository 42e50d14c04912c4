/** Counts updates being handled, so that shutdown can wait for in-flight answers to finish. */
import type { Context, MiddlewareFn } from "grammy";

export class InFlight {
  private count = 0;
  private waiters: Array<() => void> = [];

  get size(): number {
    return this.count;
  }

  middleware(): MiddlewareFn<Context> {
    return async (_ctx, next) => {
      this.count++;
      try {
        await next();
      } finally {
        this.count--;
        if (this.count === 0) for (const w of this.waiters.splice(0)) w();
      }
    };
  }

  /** Resolves when nothing is in flight (or after `timeoutMs`); true when it drained. */
  idle(timeoutMs: number): Promise<boolean> {
    if (this.count === 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const t = setTimeout(() => resolve(false), timeoutMs);
      this.waiters.push(() => (clearTimeout(t), resolve(true)));
    });
  }
}
