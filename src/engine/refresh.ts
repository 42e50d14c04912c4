/**
 * Keeps a running engine's index in step with SEEDS_DIR. Every SEEDS_RESCAN_SECONDS it lists the
 * folder (file names, sizes, modification times); only when that listing changed does it ingest
 * the folder in place — incremental and with prune, as at start-up — so a page dropped into
 * SEEDS_DIR is answerable without a restart, and the update writes only the index journal. The ids
 * of the articles an update added are told to the engine's listeners (engine.events, "articlesAdded": the
 * bot's subscriptions push them).
 */
import { stat } from "node:fs/promises";
import { resolve } from "node:path";
import type { Config } from "../config/env.js";
import { currentGeneration, IndexBusyError } from "../index/generations.js";
import { listInputs } from "../ingest/sources.js";
import { log } from "../log.js";
import { ops } from "../ops/events.js";
import type { Engine } from "./engine.js";
import { updateFromSeeds } from "./ingest.js";

/** `settling`: the folder was still changing (a copy under way); it is taken in at a later check. */
export type RefreshOutcome = "unchanged" | "updated" | "settling" | "busy" | "failed";

/** The listing of SEEDS_DIR that decides whether it changed. */
async function listing(dir: string): Promise<string> {
  const files = await listInputs([dir]);
  const parts: string[] = [];
  for (const f of files) {
    const st = await stat(f).catch(() => undefined);
    if (st) parts.push(`${f}\t${st.size}\t${st.mtimeMs}`);
  }
  return parts.join("\n");
}

export class SeedRefresher {
  private seen: string | undefined;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<RefreshOutcome> | undefined;

  constructor(
    private readonly engine: Engine,
    private readonly cfg: Config,
    /** How long a changed listing must stay the same before it is ingested (a half-copied page is not pruned). */
    private readonly settleMs = 2000,
  ) {}

  /**
   * Starts checking, unless SEEDS_RESCAN_SECONDS is 0. The first check always ingests (a page may
   * have changed since start-up's own update); it writes nothing when nothing changed.
   */
  start(): this {
    if (this.cfg.SEEDS_RESCAN_SECONDS > 0) {
      this.timer = setInterval(() => void this.check(), this.cfg.SEEDS_RESCAN_SECONDS * 1000);
      this.timer.unref();
    }
    return this;
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  /** Checks SEEDS_DIR once (a check already under way is joined, not repeated). */
  check(): Promise<RefreshOutcome> {
    this.running ??= this.run()
      .then((outcome) => (ops.rescan(outcome), outcome)) // counted for the operator (src/ops/events.ts)
      .finally(() => (this.running = undefined));
    return this.running;
  }

  private async run(): Promise<RefreshOutcome> {
    let now: string;
    try {
      now = await listing(this.cfg.SEEDS_DIR);
    } catch (err) {
      log.warn({ err: (err as Error).message, dir: this.cfg.SEEDS_DIR }, "cannot list SEEDS_DIR; the index stays as it is");
      return "failed";
    }
    if (now === this.seen) return "unchanged";
    try {
      await new Promise((r) => setTimeout(r, this.settleMs));
      if ((await listing(this.cfg.SEEDS_DIR)) !== now) return "settling";
      // No compaction while serving: it renumbers every chunk under the searches in flight (and
      // rebuilds the vector graph); the next start-up compacts.
      const before = this.engine.liveIds();
      const s = await updateFromSeeds(this.cfg, this.engine.index, { compactAt: Number.POSITIVE_INFINITY });
      this.seen = now;
      if (!s.written) return "unchanged";
      log.info(
        { added: s.added, changed: s.changed, removed: s.removed, documents: s.documents, seconds: Number(s.seconds.toFixed(2)) },
        "SEEDS_DIR changed; index updated in place",
      );
      // the articles that were not there before (a changed article keeps its id and is not new)
      const added = [...this.engine.liveIds()].filter((id) => !before.has(id));
      this.engine.events.articlesAdded(added);
      const live = await currentGeneration(this.cfg.VECTOR_DIR);
      if (!live || resolve(live) !== resolve(this.engine.index.generation ?? "")) {
        log.info(
          "the index on disk was rebuilt rather than updated (another process wrote it, or the tokenizer data changed); the reloader loads it (RELOAD_SECONDS)",
        );
      }
      return "updated";
    } catch (err) {
      if (err instanceof IndexBusyError) {
        log.info({ err: err.message }, "SEEDS_DIR changed but another ingest is writing the index; trying again at the next check");
        return "busy";
      }
      log.warn({ err: (err as Error).message }, "taking in the changes of SEEDS_DIR failed; trying again at the next check");
      return "failed";
    }
  }
}
