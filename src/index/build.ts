/**
 * Ingest: inputs → articles → chunks → tokens + embeddings → a new index generation, published
 * atomically. Incremental: a document whose content hash is unchanged keeps its chunks and vectors
 * (nothing is re-embedded); a changed one is replaced; with `prune`, documents no longer in the
 * inputs are removed (hnswlib markDelete + BM25 tombstones). When nothing changed, nothing is written.
 */
import type { EmbeddingsInterface } from "@langchain/core/embeddings";
import { createHash } from "node:crypto";
import { chunkArticle, type ChunkOptions } from "../chunk/chunker.js";
import { emptyReport, readArticles, type InputReport } from "../ingest/sources.js";
import { log } from "../log.js";
import { mineTerms } from "../text/terms.js";
import { addTerms, searchTokens } from "../text/tokenizer.js";
import type { Article } from "../types.js";
import { Bm25Index } from "./bm25.js";
import { lockIndex, newGeneration, publishGeneration, removeStaleGenerations } from "./generations.js";
import { DEFAULT_HNSW, HnswVectorStore, type HnswParams } from "./hnsw-store.js";
import { FORMAT_VERSION, type EmbeddingInfo, type Manifest } from "./manifest.js";
import { NewsIndex, tokenizerFingerprint, type StoredDoc } from "./news-index.js";

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
  batchSize?: number;
  onProgress?: (p: BuildProgress) => void;
}

export interface BuildSummary {
  documents: number;
  chunks: number;
  added: number;
  changed: number;
  unchanged: number;
  removed: number;
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

/** The text a chunk is indexed under: its article's headline with the chunk itself. */
export function indexText(doc: Pick<Article, "title" | "subtitle">, chunkText: string): string {
  return `${doc.title}\n${doc.subtitle ? `${doc.subtitle}\n` : ""}${chunkText}`;
}

function sameSettings(m: Manifest, emb: EmbeddingInfo, tokenizer: string, chunking: ChunkOptions, hnsw: HnswParams): boolean {
  return (
    m.embedding.kind === emb.kind &&
    m.embedding.dim === emb.dim &&
    (m.embedding.model ?? "") === (emb.model ?? "") &&
    m.tokenizer === tokenizer &&
    m.chunking.size === chunking.size &&
    m.chunking.overlap === chunking.overlap &&
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
  const hnsw = opts.hnsw ?? DEFAULT_HNSW;
  const batchSize = opts.batchSize ?? 256;
  const unlock = await lockIndex(opts.indexDir);
  try {
    const emb: EmbeddingInfo = { kind: opts.embeddings.kind, dim: await probeDimension(opts.embeddings) };
    if (opts.embeddings.model) emb.model = opts.embeddings.model;
    const tokenizer = tokenizerFingerprint();

    let index: NewsIndex | undefined;
    if (!opts.rebuild) {
      try {
        index = await NewsIndex.open(opts.indexDir, opts.embeddings);
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
        documents: {},
        files: {},
      };
      const bm25 = new Bm25Index(manifest.bm25);
      index = new NewsIndex(manifest, bm25, new HnswVectorStore(opts.embeddings, emb.dim, hnsw, () => undefined), opts.embeddings);
    }
    const idx = index;

    const report = emptyReport();
    const seen = new Set<string>();
    let added = 0;
    let changed = 0;
    let unchanged = 0;
    let documents = 0;
    let pending: Array<{ article: Article; hash: string }> = [];
    const terms = new Set(idx.terms);
    const progress = (phase: BuildProgress["phase"]): void =>
      opts.onProgress?.({ phase, documents, added: added + changed, chunks: idx.chunkCount });

    const flush = async (): Promise<void> => {
      if (pending.length === 0) return;
      const mined = mineTerms(pending.map((p) => p.article));
      addTerms(mined);
      for (const t of mined) terms.add(t);
      const texts: string[] = [];
      const labels: number[] = [];
      for (const { article, hash } of pending) {
        const { body, ...meta } = article;
        const docNo = idx.addDoc({ ...meta, chars: body.length, hash, body } satisfies StoredDoc);
        for (const c of chunkArticle(article, opts.chunking)) {
          const label = idx.addChunkRecord(docNo, c);
          const text = indexText(article, c.text);
          idx.bm25.add(label, searchTokens(text));
          texts.push(text);
          labels.push(label);
        }
      }
      progress("embed");
      idx.vectors.addLabelled(await opts.embeddings.embedDocuments(texts), labels);
      pending = [];
      progress("read");
    };

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
      if (pending.length >= batchSize) await flush();
    }
    await flush();

    let removed = 0;
    if (opts.prune) {
      for (const d of [...idx.liveDocs()]) {
        if (!seen.has(d.id)) {
          idx.removeDoc(d.id);
          removed++;
        }
      }
    }

    const dirty = fresh || added + changed + removed > 0;
    if (dirty) {
      progress("write");
      idx.terms = [...terms];
      idx.manifest.createdAt = new Date().toISOString();
      const gen = await newGeneration(opts.indexDir);
      const files = await idx.save(gen);
      await publishGeneration(opts.indexDir, gen, files);
    } else {
      await removeStaleGenerations(opts.indexDir);
    }
    return {
      documents: idx.documentCount,
      chunks: idx.chunkCount,
      added,
      changed,
      unchanged,
      removed,
      seconds: (performance.now() - t0) / 1000,
      written: dirty,
      input: report,
    };
  } finally {
    await unlock();
  }
}
