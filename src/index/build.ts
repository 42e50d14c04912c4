/**
 * Ingest: inputs → articles → chunks → tokens + embeddings → a new index generation, published
 * atomically. Incremental: a document whose content hash is unchanged keeps its chunks and vectors
 * (nothing is re-embedded); a changed one is replaced; with `prune`, documents no longer in the
 * inputs are removed (hnswlib markDelete + BM25 tombstones). When nothing changed, nothing is written.
 *
 * The stages, one file each in build/: plan (the index to update, or a new one), diff (each article
 * against the index) feeding analyse-and-embed (in batches, on worker threads for large inputs),
 * prune, compact, publish.
 */
import { emptyReport, InputError, nothingUsable, type InputReport } from "../ingest/sources.js";
import { analyseAndEmbedStage } from "./build/analyse-embed.js";
import { compactIfDue } from "./build/compact.js";
import { diffInputs, type DiffCounts } from "./build/diff.js";
import type { BuildOptions, BuildProgress, BuildSummary } from "./build/options.js";
import { planBuild } from "./build/plan.js";
import { pruneMissing, type PruneResult } from "./build/prune.js";
import { publishIndex } from "./build/publish.js";
import { lockIndex, removeStaleGenerations } from "./generations.js";
import type { NewsIndex } from "./news-index.js";

export type { BuildOptions, BuildSummary, IndexEmbeddings } from "./build/options.js";

export async function buildIndex(opts: BuildOptions): Promise<BuildSummary> {
  const started = performance.now();
  const lock = await lockIndex(opts.indexDir, opts.lock);
  try {
    const { index, fresh } = await planBuild(opts);
    const report = emptyReport();
    const counts: DiffCounts = { documents: 0, added: 0, changed: 0, unchanged: 0 };
    const progress = progressReporter(opts, index, report, counts);
    const { seen, embeddedChunks } = await analyseAndEmbedStage(index, opts, report, progress, (take) =>
      diffInputs(opts.inputs, index, report, counts, take, opts.paper),
    );
    const unusable = opts.requireArticles ? nothingUsable(opts.inputs, report) : undefined;
    if (unusable) throw new InputError(`${unusable}; the index was not changed`);
    const pruned: PruneResult = opts.prune ? pruneMissing(index, opts.inputs, report, seen) : { removed: 0, keptUnread: 0 };
    // `unsaved`: changes of an earlier update of this in-memory index whose save or publish failed
    const dirty = fresh || counts.added + counts.changed + pruned.removed > 0 || index.unsaved;
    const compacted = dirty && compactIfDue(index, opts.compactAt);
    if (dirty) {
      progress("write");
      await publishIndex(index, lock, fresh, opts);
    } else {
      await removeStaleGenerations(opts.indexDir, lock, opts.cleanup);
    }
    return {
      documents: index.documentCount,
      chunks: index.chunkCount,
      added: counts.added,
      changed: counts.changed,
      unchanged: counts.unchanged,
      removed: pruned.removed,
      keptUnread: pruned.keptUnread,
      embeddedChunks,
      compacted,
      seconds: (performance.now() - started) / 1000,
      written: dirty,
      input: report,
    };
  } finally {
    await lock.release();
  }
}

/** Reports a phase of the build with the counts so far (BuildOptions.onProgress). */
function progressReporter(opts: BuildOptions, index: NewsIndex, report: InputReport, counts: DiffCounts): (phase: BuildProgress["phase"]) => void {
  return (phase) =>
    opts.onProgress?.({
      phase,
      documents: counts.documents,
      added: counts.added + counts.changed,
      chunks: index.chunkCount,
      fraction: report.totalBytes ? Math.min(1, report.bytesRead / report.totalBytes) : 0,
    });
}
