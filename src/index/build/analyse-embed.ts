/**
 * The analyse-and-embed stage of a build: new and changed articles are gathered into batches; each
 * batch is analysed (chunked, tokenised, counted and, with the offline embeddings, embedded) on a
 * worker thread or in this one, then embedded here when the analysis could not, and added to the
 * index in submission order (chunk labels are given out in order).
 */
import { countEmbedderSpec } from "../../embed/count-embedder.js";
import type { InputReport } from "../../ingest/sources.js";
import { addTerms } from "../../text/tokenizer.js";
import { analyseBatch, type AnalyseArticle, type AnalysedBatch, type AnalyseOptions } from "../analyse.js";
import type { NewsIndex } from "../news-index.js";
import { AnalysePool } from "../pool.js";
import type { StoredDoc } from "../stored-doc.js";
import type { ArticleToIndex } from "./diff.js";
import { embedBatch, type BatchVectors } from "./embed-batch.js";
import type { BuildOptions, BuildProgress } from "./options.js";

const DEFAULT_BATCH_SIZE = 256;
/** An input this large is analysed on worker threads from its first batch on. */
const POOL_INPUT_BYTES = 1 << 20;
/** Batches each worker may have queued before reading waits for the oldest. */
const QUEUED_PER_WORKER = 3;

export type PipelineOptions = Pick<BuildOptions, "embeddings" | "chunking" | "workers" | "batchSize">;

class AnalysePipeline {
  /** Chunks analysed and embedded so far. */
  embeddedChunks = 0;
  private readonly batchSize: number;
  private readonly analyseOpts: AnalyseOptions;
  private pool: AnalysePool | undefined;
  private poolWanted = false;
  private submitted = 0;
  private pending: ArticleToIndex[] = [];
  /** Batches submitted and not yet added, oldest first. */
  private readonly queue: Array<{ items: ArticleToIndex[]; result: Promise<AnalysedBatch> }> = [];
  /** Each analysing thread's terms, by the numbers it gives them (AnalysedBatch.vocab). */
  private readonly vocabs = new Map<number, string[]>();
  /** The term numbering of batches analysed in this thread. */
  private readonly localVocab = new Map<string, number>();

  constructor(
    private readonly index: NewsIndex,
    private readonly opts: PipelineOptions,
    private readonly report: InputReport,
    private readonly progress: (phase: BuildProgress["phase"]) => void,
  ) {
    this.batchSize = opts.batchSize ?? DEFAULT_BATCH_SIZE;
    this.analyseOpts = { chunking: opts.chunking };
    const embedder = countEmbedderSpec(opts.embeddings);
    if (embedder) this.analyseOpts.embedder = embedder;
  }

  /** Takes an article; once a batch is full it is submitted, and reading waits while too many are queued. */
  async add(item: ArticleToIndex): Promise<void> {
    this.pending.push(item);
    if (this.pending.length < this.batchSize) return;
    this.submit();
    await this.drain(this.pool ? this.pool.size * QUEUED_PER_WORKER : 0);
  }

  /** Submits the last batch and adds every batch still queued. */
  async finish(): Promise<void> {
    this.submit();
    await this.drain(0);
  }

  /** Stops the worker threads (also after a failure). */
  async close(): Promise<void> {
    await this.pool?.close();
  }

  private submit(): void {
    if (this.pending.length === 0) return;
    const items = this.pending;
    this.pending = [];
    const articles = items.map(({ article }): AnalyseArticle =>
      article.subtitle ? { title: article.title, subtitle: article.subtitle, body: article.body } : { title: article.title, body: article.body },
    );
    const pool = this.poolFor();
    const result = pool
      ? pool.analyse(articles, this.analyseOpts)
      : Promise.resolve().then(() => analyseBatch(articles, this.analyseOpts, -1, this.localVocab));
    this.submitted++;
    this.queue.push({ items, result });
  }

  /**
   * Workers when the input is big (known from file sizes) or asked for; the first batch of a small
   * input is analysed here, which also avoids starting threads for a daily update.
   */
  private poolFor(): AnalysePool | undefined {
    const { workers } = this.opts;
    this.poolWanted ||=
      workers !== 0 && (typeof workers === "number" ? workers > 0 : this.report.totalBytes >= POOL_INPUT_BYTES || this.queue.length + this.submitted > 0);
    if (this.poolWanted && !this.pool) this.pool = new AnalysePool(typeof workers === "number" ? workers : undefined);
    return this.pool;
  }

  /** Adds the oldest batches to the index until at most `keep` are queued. */
  private async drain(keep: number): Promise<void> {
    while (this.queue.length > keep) {
      const head = this.queue.shift()!;
      await this.integrate(head.items, await head.result);
    }
  }

  private async integrate(items: ArticleToIndex[], analysed: AnalysedBatch): Promise<void> {
    const vocab = this.vocabularyOf(analysed);
    const docs = items.map(({ article, hash }): StoredDoc => {
      const { body, ...meta } = article;
      return { ...meta, chars: body.length, hash, body };
    });
    const vectors = await this.vectorsOf(docs, analysed);
    const { chunkCounts, spans, chunkTerms, termIds, tfs, lengths, mined } = analysed;
    const fresh = this.index.addBatch({ docs, chunkCounts, spans, vocab, chunkTerms, termIds, tfs, lengths, mined, ...vectors });
    if (this.pool) this.pool.addTerms(fresh);
    else addTerms(fresh);
    this.embeddedChunks += analysed.lengths.length;
    this.progress("read");
  }

  /** The analysing thread's term numbering, as texts (each thread sends a term's text once). */
  private vocabularyOf(analysed: AnalysedBatch): string[] {
    let vocab = this.vocabs.get(analysed.vocab);
    if (!vocab) this.vocabs.set(analysed.vocab, (vocab = []));
    if (vocab.length !== analysed.firstNewTerm) throw new Error("ingest worker vocabulary out of step");
    for (const term of analysed.newTerms) vocab.push(term);
    return vocab;
  }

  private async vectorsOf(docs: StoredDoc[], analysed: AnalysedBatch): Promise<BatchVectors> {
    const dim = this.index.vectors.dim;
    const chunks = analysed.lengths.length;
    let vectors: BatchVectors;
    if (analysed.chunkVectors && analysed.docVectors) vectors = { chunkVectors: analysed.chunkVectors, docVectors: analysed.docVectors };
    else {
      this.progress("embed");
      vectors = await embedBatch(this.opts.embeddings, dim, docs, analysed);
    }
    if (vectors.chunkVectors.length !== chunks * dim) {
      throw new Error(`the embeddings gave ${vectors.chunkVectors.length / Math.max(1, chunks)}-d chunk vectors for a ${dim}-d index`);
    }
    return vectors;
  }
}

/**
 * Runs the stage over what `read` hands it (the diff of the inputs against the index, which returns
 * the ids it read); the worker threads are stopped however it ends.
 */
export async function analyseAndEmbedStage(
  index: NewsIndex,
  opts: PipelineOptions,
  report: InputReport,
  progress: (phase: BuildProgress["phase"]) => void,
  read: (take: (item: ArticleToIndex) => Promise<void>) => Promise<Set<string>>,
): Promise<{ seen: Set<string>; embeddedChunks: number }> {
  const pipeline = new AnalysePipeline(index, opts, report, progress);
  try {
    const seen = await read((item) => pipeline.add(item));
    await pipeline.finish();
    return { seen, embeddedChunks: pipeline.embeddedChunks };
  } finally {
    await pipeline.close();
  }
}
