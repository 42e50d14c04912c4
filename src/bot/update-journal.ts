/**
 * A journal of the updates in flight, so that an update is confirmed to Telegram only once its answer
 * was sent or the update is durably kept (issue 22: with 10 questions in flight, `kill -9` and a
 * restart answered none — long polling confirms a batch of updates by asking for the next one, while
 * they are still being answered).
 *
 * Long polling only (a webhook update is confirmed by the HTTP answer, after it was handled). Kept in
 * the session store's backend (file or Redis; not the memory store, which a restart loses anyway):
 *   - `transformer()` journals every update getUpdates returns before the poller sees it, hence before
 *     the next getUpdates confirms it: an entry with the update, and its id in the journal's index;
 *   - `middleware()` marks an update answered when its handling ends (the entry keeps its id and
 *     time, not the update), and skips an update answered already or being replayed;
 *   - `replay()`, at start, handles again the updates journaled and never marked answered.
 * So a restart answers each lost question once, and none twice: an update that Telegram delivers
 * again (it was never confirmed) is skipped when its entry says it was answered or is being replayed.
 * Entries expire with the store's time to live (SESSION_TTL_MINUTES).
 */
import type { MiddlewareFn, RawApi, StorageAdapter, Transformer } from "grammy";
import type { Update } from "grammy/types";
import { log } from "../log.js";

export type JournalRecord =
  /** One update: `update` while it is in flight, dropped once `answered`. */
  | { kind: "update"; at: number; answered: boolean; update?: Update }
  /** The ids of the updates in flight (the store's keys cannot be listed: they are hashes). */
  | { kind: "index"; ids: number[] };

const INDEX = "journal:index";
const entryKey = (id: number): string => `journal:update:${id}`;

export class UpdateJournal {
  /** Updates this process handles again from the journal (a new delivery of one is skipped). */
  private readonly replaying = new Set<number>();
  /** Updates journaled by this process, to be marked answered when handled. */
  private readonly journaled = new Set<number>();
  /** Updates getUpdates delivered again that are answered already or being replayed: not handled. */
  private readonly skip = new Set<number>();
  /** Index changes, one after another (read, change, write). */
  private indexChain: Promise<unknown> = Promise.resolve();
  private warned = false;

  constructor(private readonly storage: StorageAdapter<JournalRecord>) {}

  private failed(op: string, err: unknown): void {
    if (this.warned) return;
    this.warned = true;
    log.warn(
      { op, err: err instanceof Error ? err.message : String(err) },
      "the journal of updates in flight could not be written: a restart now may not answer the questions in flight",
    );
  }

  /** Changes the index of updates in flight. */
  private changeIndex(change: (ids: Set<number>) => void): Promise<void> {
    const next = this.indexChain.then(async () => {
      const rec = await this.storage.read(INDEX);
      const ids = new Set(rec?.kind === "index" ? rec.ids : []);
      change(ids);
      await this.storage.write(INDEX, { kind: "index", ids: [...ids] });
    });
    this.indexChain = next.catch(() => undefined);
    return next;
  }

  /**
   * Journals the updates of a getUpdates answer (index first, so that an entry is never written that
   * the index does not name) and notes which of them were answered already or are being replayed.
   */
  async record(updates: readonly Update[]): Promise<void> {
    const fresh: Update[] = [];
    await Promise.all(
      updates.map(async (u) => {
        const known = await this.storage.read(entryKey(u.update_id));
        if (known?.kind === "update" && (known.answered || this.replaying.has(u.update_id))) this.skip.add(u.update_id);
        else fresh.push(u);
      }),
    );
    if (!fresh.length) return;
    await this.changeIndex((ids) => fresh.forEach((u) => ids.add(u.update_id)));
    await Promise.all(fresh.map((u) => this.storage.write(entryKey(u.update_id), { kind: "update", at: Date.now(), answered: false, update: u })));
    for (const u of fresh) this.journaled.add(u.update_id);
  }

  /** Marks an update answered: its entry keeps no text, and it leaves the index. */
  async answered(id: number): Promise<void> {
    this.journaled.delete(id);
    this.replaying.delete(id);
    await this.storage.write(entryKey(id), { kind: "update", at: Date.now(), answered: true });
    await this.changeIndex((ids) => ids.delete(id));
  }

  /** The API transformer that journals what getUpdates returns before the poller sees it (and so before it is confirmed). */
  transformer(): Transformer<RawApi> {
    return async (prev, method, payload, signal) => {
      const res = await prev(method, payload, signal);
      if (method === "getUpdates" && res.ok && Array.isArray(res.result) && res.result.length) {
        await this.record(res.result as Update[]).catch((err: unknown) => this.failed("record", err));
      }
      return res;
    };
  }

  /** Skips updates answered already or being replayed; marks the others answered when their handling ends. */
  middleware(): MiddlewareFn {
    return async (ctx, next) => {
      const id = ctx.update.update_id;
      if (this.skip.delete(id)) {
        log.info({ update: id }, "update delivered again after a restart, answered already or being answered from the journal: skipped");
        return;
      }
      try {
        await next();
      } finally {
        if (this.journaled.has(id) || this.replaying.has(id)) await this.answered(id).catch((err: unknown) => this.failed("mark answered", err));
      }
    };
  }

  /** The updates journaled and never marked answered (oldest first); ids whose entry expired leave the index. */
  async inFlight(): Promise<Update[]> {
    const rec = await this.storage.read(INDEX);
    const ids = rec?.kind === "index" ? [...rec.ids].sort((a, b) => a - b) : [];
    const out: Update[] = [];
    const gone: number[] = [];
    for (const id of ids) {
      const e = await this.storage.read(entryKey(id));
      if (e?.kind === "update" && !e.answered && e.update) out.push(e.update);
      else gone.push(id);
    }
    if (gone.length) await this.changeIndex((set) => gone.forEach((id) => set.delete(id)));
    return out;
  }

  /**
   * The updates a stopped process left in flight, from now on this process's to answer: a new
   * delivery of one is skipped. Call it before polling starts, then `replay` them.
   */
  async takeInFlight(): Promise<Update[]> {
    let updates: Update[];
    try {
      updates = await this.inFlight();
    } catch (err) {
      this.failed("read", err);
      return [];
    }
    for (const u of updates) this.replaying.add(u.update_id);
    return updates;
  }

  /**
   * Handles the updates `takeInFlight` returned (through `handle`: the bot's whole middleware, this
   * journal's included, which marks each answered). Resolves when all are handled.
   */
  async replay(updates: readonly Update[], handle: (u: Update) => Promise<void>): Promise<void> {
    if (!updates.length) return;
    log.info({ updates: updates.length }, "answering the updates a stopped process left in flight");
    await Promise.all(
      updates.map((u) =>
        handle(u).catch((err: unknown) =>
          log.error({ update: u.update_id, err: err instanceof Error ? err.message : String(err) }, "a replayed update failed"),
        ),
      ),
    );
  }
}
