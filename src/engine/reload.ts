/**
 * Keeps a serving engine on the live index generation when another process writes the index (an
 * `ingest` run as its own process, another instance's SEEDS_DIR update). Every RELOAD_SECONDS it
 * reads `CURRENT`; when it names a generation other than the engine's, the new generation is loaded
 * in the background (checksums verified, as at start-up) while the old one keeps answering, then
 * swapped in with one reference change (Engine.swap): questions under way finish on the old index,
 * the next ones read the new. Two indexes are in memory only for that moment. A generation that
 * cannot be loaded leaves the old one serving; it is tried again at the next check.
 */
import { resolve } from "node:path";
import type { Config } from "../config/env.js";
import { embeddingsFromConfig } from "../embed/factory.js";
import { currentGeneration } from "../index/generations.js";
import { NewsIndex } from "../index/news-index.js";
import { log } from "../log.js";
import type { EngineEvents, ReloadEvent } from "./events.js";

/** `superseded`: a newer generation went live while this one loaded; the next check loads that. */
export type ReloadOutcome = "unchanged" | "reloaded" | "superseded" | "failed";

export type { ReloadEvent };

export interface ReloaderOptions {
  /** Overrides RELOAD_SECONDS (tests). */
  intervalMs?: number;
  /** How an index folder is opened (defaults to NewsIndex.open with the configured embeddings). */
  open?: (dir: string) => Promise<NewsIndex>;
}

const nameOf = (dir: string | undefined): string => dir?.split(/[\\/]/).pop() ?? "";

/** What a reloader keeps on the live generation: the index answering, the way to replace it, where to say so. */
export interface ServingIndex {
  readonly index: NewsIndex;
  swap(index: NewsIndex): void;
  readonly events: EngineEvents;
}

export class IndexReloader {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<ReloadOutcome> | undefined;
  /** The generation whose load last failed (its warning is logged once, not at every check). */
  private failedOn: string | undefined;
  private readonly dir: string;
  private readonly intervalMs: number;
  private readonly open: (dir: string) => Promise<NewsIndex>;

  constructor(
    private readonly engine: ServingIndex,
    cfg: Config,
    opts: ReloaderOptions = {},
  ) {
    this.dir = cfg.VECTOR_DIR;
    this.intervalMs = opts.intervalMs ?? cfg.RELOAD_SECONDS * 1000;
    this.open = opts.open ?? ((dir) => NewsIndex.open(dir, embeddingsFromConfig(cfg)));
  }

  /** Starts checking, unless the interval is 0 (RELOAD_SECONDS=0: the index changes only with a restart). */
  start(): this {
    if (this.intervalMs > 0) {
      this.timer = setInterval(() => void this.check(), this.intervalMs);
      this.timer.unref();
    }
    return this;
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  /** Checks `CURRENT` once and loads a new generation (a check under way is joined, not repeated). */
  check(): Promise<ReloadOutcome> {
    this.running ??= this.run().finally(() => (this.running = undefined));
    return this.running;
  }

  private async run(): Promise<ReloadOutcome> {
    const live = await currentGeneration(this.dir);
    const mine = this.engine.index.generation;
    if (!live || (mine && resolve(live) === resolve(mine))) return "unchanged";
    const t0 = performance.now();
    const seconds = () => Number(((performance.now() - t0) / 1000).toFixed(3));
    let index: NewsIndex;
    try {
      index = await this.open(this.dir);
    } catch (err) {
      const message = (err as Error).message;
      if (this.failedOn !== nameOf(live))
        log.warn({ err: message, generation: nameOf(live) }, "a new index generation could not be loaded; still answering from the previous one");
      this.failedOn = nameOf(live);
      this.engine.events.emit("reloaded", {
        outcome: "failed",
        seconds: seconds(),
        generation: nameOf(live),
        documents: this.engine.index.documentCount,
        error: message,
      });
      return "failed";
    }
    this.failedOn = undefined;
    // Another write may have gone live while this one loaded (or this process's own SEEDS_DIR update
    // wrote the live one in place): swap only to what is live now.
    const now = await currentGeneration(this.dir);
    const current = this.engine.index.generation;
    if (!now || resolve(now) !== resolve(index.generation ?? "")) return "superseded";
    if (current && resolve(current) === resolve(now)) return "unchanged";
    const before = this.engine.index;
    this.engine.swap(index);
    const event: ReloadEvent = { outcome: "reloaded", seconds: seconds(), generation: nameOf(index.generation), documents: index.documentCount };
    log.info({ generation: event.generation, documents: event.documents, seconds: event.seconds }, "a new index generation is answering");
    this.engine.events.emit("reloaded", event);
    // the articles that were not there before are news for the subscriptions (engine.events, "articlesAdded")
    const added: string[] = [];
    for (const d of index.liveDocs()) if (!before.doc(d.id)) added.push(d.id);
    this.engine.events.articlesAdded(added);
    return "reloaded";
  }
}
