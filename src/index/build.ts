/**
 * Ingest: inputs → articles → chunks → tokens + embeddings → a new index generation, published
 * atomically. Incremental: a document whose content hash is unchanged keeps its chunks and vectors
 * (nothing is re-embedded); a changed one is replaced; with `prune`, documents no longer in the
 * inputs are removed (hnswlib markDelete + BM25 tombstones). When nothing changed, nothing is written.
 */
import type { EmbeddingsInterface } from "@langchain/core/embeddings";
import { createHash } from "node:crypto";
import { basename, resolve, sep } from "node:path";
import type { ChunkOptions } from "../chunk/chunker.js";
import { countEmbedderSpec } from "../embed/count-embedder.js";
import { emptyReport, filesNotReadCompletely, InputError, nothingUsable, readArticles, type InputReport } from "../ingest/sources.js";
import { log } from "../log.js";
import { addTerms } from "../text/tokenizer.js";
import type { Article } from "../types.js";
import { analyseBatch, type AnalysedBatch, type AnalyseOptions } from "./analyse.js";
import { Bm25Index } from "./bm25.js";
import { currentGeneration, discardGeneration, freeBytes, isNoSpace, lockIndex, newGeneration, noSpaceError, publishGeneration, removeStaleGenerations, type CleanupOptions, type IndexLock, type LockOptions } from "./generations.js";
import { quantise } from "./quantise.js";
import { meanDirection } from "./vectors/chunk-vectors.js";
import { DEFAULT_HNSW, searchModeFor, type HnswParams } from "./vectors/params.js";
import { NewsVectorStore } from "./vectors/store.js";
import { AnalysePool } from "./pool.js";
import { indexText } from "./text.js";
import { inputsAfterWrite } from "./fix-command.js";
import { FORMAT_VERSION, tokenizerFingerprint, type EmbeddingInfo, type Manifest } from "./manifest.js";
import { NewsIndex, type StoredDoc } from "./news-index.js";

export interface IndexEmbeddings extends EmbeddingsInterface {
  readonly kind: string;
  readonly dimensions: number | undefined;
  readonly model?: string;
}

export interface BuildProgress {
  phase: "read" | "embed" | "write";
  documents: number;
  added: number;
  chunks: number;
  /** Share of the input bytes read so far (0..1), for an ETA. */
  fraction: number;
}

export interface BuildOptions {
  inputs: string[];
  indexDir: string;
  embeddings: IndexEmbeddings;
  chunking: ChunkOptions;
  hnsw?: HnswParams;
  /** Remove documents that are no longer in the inputs. */
  prune?: boolean;
  /** Ignore the existing index and build from scratch. */
  rebuild?: boolean;
  /**
   * The index as already loaded by this process (e.g. the running bot's), updated in place instead
   * of being read from disk again: a daily update then costs the new articles and one write.
   * It must be the live generation of `indexDir`.
   */
  index?: NewsIndex;
  batchSize?: number;
  /**
   * Worker threads for tokenising/embedding: "auto" (default) uses one per core once the input
   * holds more than one batch of new articles and is at least `1 MB`; 0 keeps everything in-process.
   */
  workers?: number | "auto";
  /** Largest journal (bytes) written instead of a full snapshot (see NewsIndex.save); 0 forces a snapshot. */
  journalLimit?: number;
  /** Compact (drop tombstones, renumber) when this share of chunk labels is deleted. Default 0.25. */
  compactAt?: number;
  onProgress?: (p: BuildProgress) => void;
  /** The writer lock: its stale timeout and how long to wait for another writer (default: not at all). */
  lock?: LockOptions;
  /** How long superseded generations are kept for readers still loading them. */
  cleanup?: CleanupOptions;
  /** Fail (InputError, nothing written) when not one input file gave an article: the command line's ingest. */
  requireArticles?: boolean;
}

export interface BuildSummary {
  documents: number;
  chunks: number;
  added: number;
  changed: number;
  unchanged: number;
  removed: number;
  /** Documents `prune` kept because their input file could not be read completely this time. */
  keptUnread: number;
  /** Chunks tokenised and embedded by this run (unchanged documents cost nothing). */
  embeddedChunks: number;
  /** Whether tombstones were dropped (compaction) before writing. */
  compacted: boolean;
  seconds: number;
  written: boolean;
  input: InputReport;
}

/** Content hash of everything about an article that ends up in the index. */
export function articleHash(a: Article): string {
  return createHash("sha256")
    .update(JSON.stringify([a.title, a.subtitle ?? "", a.byline, a.date ?? "", a.column ?? "", a.source, a.url ?? "", a.body]))
    .digest("hex")
    .slice(0, 24);
}

export { indexText };

function sameSettings(m: Manifest, emb: EmbeddingInfo, tokenizer: string, chunking: ChunkOptions, hnsw: HnswParams): boolean {
  return (
    m.embedding.kind === emb.kind &&
    m.embedding.dim === emb.dim &&
    (m.embedding.model ?? "") === (emb.model ?? "") &&
    m.tokenizer === tokenizer &&
    m.chunking.size === chunking.size &&
    m.chunking.overlap === chunking.overlap &&
    (m.hnsw.search ?? "hnsw") === (hnsw.search ?? "hnsw") &&
    m.hnsw.M === hnsw.M &&
    m.hnsw.efConstruction === hnsw.efConstruction
  );
}

async function probeDimension(embeddings: IndexEmbeddings): Promise<number> {
  if (embeddings.dimensions) return embeddings.dimensions;
  return (await embeddings.embedQuery("维度")).length;
}

export async function buildIndex(opts: BuildOptions): Promise<BuildSummary> {
  const t0 = performance.now();
  // sparse hashing vectors: exact document scoring (see HnswParams.search); dense ones: hnswlib
  const hnsw = opts.hnsw ?? { ...DEFAULT_HNSW, search: searchModeFor(opts.embeddings.kind) };
  const batchSize = opts.batchSize ?? 256;
  const lock = await lockIndex(opts.indexDir, opts.lock);
  try {
    const emb: EmbeddingInfo = { kind: opts.embeddings.kind, dim: await probeDimension(opts.embeddings) };
    if (opts.embeddings.model) emb.model = opts.embeddings.model;
    const tokenizer = tokenizerFingerprint();

    let index: NewsIndex | undefined;
    if (!opts.rebuild) {
      try {
        const live = await currentGeneration(opts.indexDir);
        index = opts.index && live && resolve(opts.index.generation ?? "") === resolve(live) ? opts.index : await NewsIndex.open(opts.indexDir, opts.embeddings);
      } catch (err) {
        if (!/no index at/.test((err as Error).message)) log.warn({ err: (err as Error).message }, "existing index unusable; building a new one");
      }
      if (index && !sameSettings(index.manifest, emb, tokenizer, opts.chunking, hnsw)) {
        log.info("index settings changed (embeddings, tokenizer data, chunking or HNSW); rebuilding from scratch");
        index = undefined;
      }
    }
    const fresh = index === undefined;
    if (!index) {
      const manifest: Manifest = {
        formatVersion: FORMAT_VERSION,
        createdAt: new Date().toISOString(),
        embedding: emb,
        tokenizer,
        chunking: opts.chunking,
        hnsw,
        bm25: { k1: 1.2, b: 0.75 },
        counts: { documents: 0, chunks: 0, labels: 0, deletedLabels: 0 },
        files: {},
      };
      const bm25 = new Bm25Index(manifest.bm25);
      index = new NewsIndex(manifest, bm25, NewsVectorStore.create(opts.embeddings, emb.dim, hnsw), opts.embeddings);
    }
    const idx = index;

    const report = emptyReport();
    const seen = new Set<string>();
    let added = 0;
    let changed = 0;
    let unchanged = 0;
    let documents = 0;
    const progress = (phase: BuildProgress["phase"]): void =>
      opts.onProgress?.({
        phase,
        documents,
        added: added + changed,
        chunks: idx.chunkCount,
        fraction: report.totalBytes ? Math.min(1, report.bytesRead / report.totalBytes) : 0,
      });

    const analyseOpts: AnalyseOptions = { chunking: opts.chunking };
    const embedder = countEmbedderSpec(opts.embeddings);
    if (embedder) analyseOpts.embedder = embedder;
    let pool: AnalysePool | undefined;
    let poolWanted = false;
    let embeddedChunks = 0;
    let compacted = false;
    let submitted = 0;
    type Item = { article: Article; hash: string };
    const queue: Array<{ items: Item[]; result: Promise<AnalysedBatch> }> = [];
    const vocabs = new Map<number, string[]>();
    const localVocab = new Map<string, number>();
    let pending: Item[] = [];

    const integrate = async (items: Item[], r: AnalysedBatch): Promise<void> => {
      // the analysing thread's term numbering, as texts
      let vocab = vocabs.get(r.vocab);
      if (!vocab) vocabs.set(r.vocab, (vocab = []));
      if (vocab.length !== r.firstNewTerm) throw new Error("ingest worker vocabulary out of step");
      for (const t of r.newTerms) vocab.push(t);
      const docs = items.map(({ article, hash }): StoredDoc => {
        const { body, ...meta } = article;
        return { ...meta, chars: body.length, hash, body };
      });
      const vectors = r.chunkVectors && r.docVectors ? { chunkVectors: r.chunkVectors, docVectors: r.docVectors } : await embedBatch(docs, r);
      if (vectors.chunkVectors.length !== r.lengths.length * idx.vectors.dim) {
        throw new Error(`the embeddings gave ${vectors.chunkVectors.length / Math.max(1, r.lengths.length)}-d chunk vectors for a ${idx.vectors.dim}-d index`);
      }
      const fresh = idx.addBatch({ docs, chunkCounts: r.chunkCounts, spans: r.spans, vocab, chunkTerms: r.chunkTerms, termIds: r.termIds, tfs: r.tfs, lengths: r.lengths, mined: r.mined, ...vectors });
      if (pool) pool.addTerms(fresh);
      else addTerms(fresh);
      embeddedChunks += r.lengths.length;
      progress("read");
    };

    /** Chunk and document vectors from the configured embeddings (those that the analysing thread cannot compute). */
    const embedBatch = async (docs: StoredDoc[], r: AnalysedBatch): Promise<{ chunkVectors: Int8Array; docVectors: Float32Array }> => {
      progress("embed");
      const dim = idx.vectors.dim;
      const texts: string[] = [];
      let c = 0;
      docs.forEach((d, i) => {
        for (let j = 0; j < r.chunkCounts[i]!; j++, c++) texts.push(indexText(d, d.body.slice(r.spans[2 * c]!, r.spans[2 * c + 1]!)));
      });
      const vecs = await opts.embeddings.embedDocuments(texts);
      const chunkVectors = new Int8Array(vecs.length * dim);
      vecs.forEach((v, i) => {
        if (v.length !== dim) throw new Error(`the embeddings returned a ${v.length}-d vector for a ${dim}-d index`);
        quantise(v, chunkVectors, i * dim);
      });
      const docVectors = new Float32Array(docs.length * dim);
      c = 0;
      docs.forEach((_, i) => {
        const n = r.chunkCounts[i]!;
        if (n > 0) docVectors.set(meanDirection(vecs.slice(c, c + n), dim), i * dim);
        c += n;
      });
      return { chunkVectors, docVectors };
    };

    const drain = async (keep: number): Promise<void> => {
      while (queue.length > keep) {
        const head = queue.shift()!;
        await integrate(head.items, await head.result);
      }
    };

    const submit = (): void => {
      if (pending.length === 0) return;
      const items = pending;
      pending = [];
      const articles = items.map(({ article }) => (article.subtitle ? { title: article.title, subtitle: article.subtitle, body: article.body } : { title: article.title, body: article.body }));
      // Workers when the input is big (known from file sizes) or asked for; the first batch of a
      // small input is analysed here, which also avoids starting threads for a daily update.
      poolWanted ||= opts.workers !== 0 && (typeof opts.workers === "number" ? opts.workers > 0 : report.totalBytes >= 1 << 20 || queue.length + submitted > 0);
      if (poolWanted && !pool) pool = new AnalysePool(typeof opts.workers === "number" ? opts.workers : undefined);
      const result = pool ? pool.analyse(articles, analyseOpts) : Promise.resolve().then(() => analyseBatch(articles, analyseOpts, -1, localVocab));
      submitted++;
      queue.push({ items, result });
    };

    try {
      for await (const article of readArticles(opts.inputs, report)) {
        documents++;
        seen.add(article.id);
        const hash = articleHash(article);
        const old = idx.doc(article.id);
        if (old && old.hash === hash) {
          unchanged++;
          continue;
        }
        if (old) {
          idx.removeDoc(article.id);
          changed++;
        } else {
          added++;
        }
        pending.push({ article, hash });
        if (pending.length >= batchSize) {
          submit();
          await drain(pool ? pool.size * 3 : 0);
        }
      }
      submit();
      await drain(0);
    } finally {
      await pool?.close();
    }

    const unusable = opts.requireArticles ? nothingUsable(opts.inputs, report) : undefined;
    if (unusable) throw new InputError(`${unusable}; the index was not changed`);

    let removed = 0;
    let keptUnread = 0;
    if (opts.prune) {
      const scope = pruneScope(opts.inputs, report);
      for (const d of [...idx.liveDocs()]) {
        if (seen.has(d.id)) continue;
        const verdict = scope(d);
        if (verdict === "remove") {
          idx.removeDoc(d.id);
          removed++;
        } else if (verdict === "unread") keptUnread++;
      }
      if (keptUnread) log.warn({ documents: keptUnread, files: filesNotReadCompletely(report).size }, "prune kept the documents of input files that could not be read completely; fix those files to prune them");
    }

    // `unsaved`: changes of an earlier update of this in-memory index whose save or publish failed
    const dirty = fresh || added + changed + removed > 0 || idx.unsaved;
    if (dirty && idx.deletedShare > (opts.compactAt ?? 0.25)) {
      log.info({ deleted: idx.deletedLabels.size, labels: idx.chunkDoc.length }, "compacting the index (dropping deleted chunks)");
      idx.compact();
      compacted = true;
    }
    if (dirty) {
      progress("write");
      idx.manifest.createdAt = new Date().toISOString();
      idx.manifest.inputs = inputsAfterWrite(fresh ? [] : (idx.manifest.inputs ?? []), opts.inputs, idx.liveDocs());
      // the leftovers of writers killed earlier go first: a full disk may need their space
      await removeStaleGenerations(opts.indexDir, lock, opts.cleanup);
      await writeGeneration(opts.indexDir, idx, lock, opts);
      // the postings just added are sorted in now, not by the first search after the update
      idx.bm25.settle();
    } else {
      await removeStaleGenerations(opts.indexDir, lock, opts.cleanup);
    }
    return {
      documents: idx.documentCount,
      chunks: idx.chunkCount,
      added,
      changed,
      unchanged,
      removed,
      keptUnread,
      embeddedChunks,
      compacted,
      seconds: (performance.now() - t0) / 1000,
      written: dirty,
      input: report,
    };
  } finally {
    await lock.release();
  }
}

/**
 * Saves the index into a new generation and makes it live. A save or publish that fails removes its
 * partial generation at once (a full disk is not filled further by every later attempt); one that
 * failed for want of space says how much the generation needs and how much is free.
 */
async function writeGeneration(indexDir: string, idx: NewsIndex, lock: IndexLock, opts: Pick<BuildOptions, "journalLimit" | "cleanup">): Promise<void> {
  const saveOpts = opts.journalLimit === undefined ? {} : { journalLimit: opts.journalLimit };
  let gen: string | undefined;
  try {
    gen = await newGeneration(indexDir);
    const files = await idx.save(gen, saveOpts);
    await publishGeneration(indexDir, gen, files, lock, opts.cleanup);
  } catch (err) {
    if (gen && !(await discardGeneration(indexDir, gen).catch(() => true))) {
      // CURRENT names it: the publish happened, only what came after it failed
      log.warn({ err: (err as Error).message }, "the new index generation is live, but cleaning up after it failed");
      idx.published(gen);
      return;
    }
    if (isNoSpace(err)) throw noSpaceError(indexDir, idx.estimatedSaveBytes(saveOpts), await freeBytes(indexDir));
    throw err;
  }
  idx.published(gen);
}

/**
 * Which documents `prune` may remove: a document is removed only when its source file was read
 * completely by this run and no longer holds it (or the file is gone from a folder that was read).
 * Documents of other sources in the same index are never touched ("other"), nor those of a file that
 * could not be read completely this time ("unread": unreadable, cut short, with unusable lines, empty).
 * Documents indexed before origins were recorded are matched by their source file name.
 */
function pruneScope(inputs: string[], report: InputReport): (d: { origin?: string; source: string }) => "remove" | "unread" | "other" {
  const roots = inputs.map((p) => resolve(p));
  const unread = filesNotReadCompletely(report);
  const read = report.files.map((f) => resolve(f));
  const namesRead = new Set(read.filter((f) => !unread.has(f)).map((f) => basename(f)));
  const namesUnread = new Set([...unread].map((f) => basename(f)));
  return (d) => {
    if (d.origin === undefined) return namesRead.has(d.source) ? "remove" : namesUnread.has(d.source) ? "unread" : "other";
    if (unread.has(d.origin)) return "unread";
    return roots.some((r) => d.origin === r || d.origin!.startsWith(r + sep)) ? "remove" : "other";
  };
}
