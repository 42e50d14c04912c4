/**
 * A small pool of ingest worker threads (one per core). Batches are analysed in parallel and their
 * results handed back in submission order, because chunk labels are given out in order. Names mined
 * by one worker are broadcast to the others so every segmenter learns them (as addTerms() requires).
 * Workers load the TypeScript sources through tsx's loader, so this works under `tsx` and vitest alike.
 */
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import { tsWorkerSource } from "../worker-source.js";
import type { AnalyseArticle, AnalysedBatch, AnalyseOptions } from "./analyse.js";

interface Pending {
  resolve: (r: AnalysedBatch) => void;
  reject: (e: Error) => void;
}

const workerSource = (): string => tsWorkerSource(new URL("./ingest-worker.ts", import.meta.url));

export class AnalysePool {
  private workers: Worker[] = [];
  private pending = new Map<number, Pending>();
  private nextId = 0;
  private rr = 0;
  private failed: Error | undefined;

  constructor(size = Math.max(1, availableParallelism())) {
    const src = workerSource();
    for (let i = 0; i < size; i++) {
      const w = new Worker(src, { eval: true });
      w.on("message", (m: { id: number; result?: AnalysedBatch; error?: string }) => {
        const p = this.pending.get(m.id);
        if (!p) return;
        this.pending.delete(m.id);
        if (m.error) p.reject(new Error(`ingest worker failed: ${m.error}`));
        else p.resolve(m.result!);
      });
      w.on("error", (e) => this.fail(e));
      w.on("exit", (code) => {
        if (code !== 0) this.fail(new Error(`ingest worker exited with code ${code}`));
      });
      this.workers.push(w);
    }
  }

  get size(): number {
    return this.workers.length;
  }

  private fail(e: Error): void {
    this.failed ??= e;
    for (const p of this.pending.values()) p.reject(e);
    this.pending.clear();
  }

  analyse(articles: AnalyseArticle[], opts: AnalyseOptions): Promise<AnalysedBatch> {
    if (this.failed) return Promise.reject(this.failed);
    const id = this.nextId++;
    const w = this.workers[this.rr++ % this.workers.length]!;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      w.postMessage({ type: "batch", id, articles, opts });
    });
  }

  /** Teaches every worker new names (idempotent on their side). */
  addTerms(terms: string[]): void {
    if (terms.length) for (const w of this.workers) w.postMessage({ type: "terms", terms });
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
    this.workers = [];
  }
}
