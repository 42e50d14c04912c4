/**
 * The first stage of a build: the settings the index is to have, and the index to update (the one
 * this process holds, the live generation on disk) or, when there is none or its settings differ,
 * a new empty one.
 */
import { resolve } from "node:path";
import type { ChunkOptions } from "../../chunk/chunker.js";
import { log } from "../../log.js";
import { Bm25Index } from "../bm25.js";
import { DEFAULT_BM25 } from "../bm25/params.js";
import { currentGeneration } from "../generations.js";
import { FORMAT_VERSION, tokenizerFingerprint, type EmbeddingInfo, type Manifest } from "../manifest.js";
import { NewsIndex } from "../news-index.js";
import { DEFAULT_HNSW, searchModeFor, type HnswParams } from "../vectors/params.js";
import { NewsVectorStore } from "../vectors/store.js";
import type { BuildOptions, IndexEmbeddings } from "./options.js";

export interface BuildPlan {
  index: NewsIndex;
  /** Whether the index is new (nothing of an earlier one is kept). */
  fresh: boolean;
}

/** What decides how an index is made: an index made otherwise is rebuilt, not updated. */
interface IndexSettings {
  embedding: EmbeddingInfo;
  tokenizer: string;
  chunking: ChunkOptions;
  hnsw: HnswParams;
}

export async function planBuild(opts: BuildOptions): Promise<BuildPlan> {
  const settings = await settingsFor(opts);
  const existing = opts.rebuild ? undefined : await existingIndex(opts, settings);
  return existing ? { index: existing, fresh: false } : { index: newIndex(opts.embeddings, settings), fresh: true };
}

async function settingsFor(opts: BuildOptions): Promise<IndexSettings> {
  // sparse hashing vectors: exact document scoring (see HnswParams.search); dense ones: hnswlib
  const hnsw = opts.hnsw ?? { ...DEFAULT_HNSW, search: searchModeFor(opts.embeddings.kind) };
  const embedding: EmbeddingInfo = { kind: opts.embeddings.kind, dim: await probeDimension(opts.embeddings) };
  if (opts.embeddings.model) embedding.model = opts.embeddings.model;
  return { embedding, tokenizer: tokenizerFingerprint(), chunking: opts.chunking, hnsw };
}

async function probeDimension(embeddings: IndexEmbeddings): Promise<number> {
  if (embeddings.dimensions) return embeddings.dimensions;
  return (await embeddings.embedQuery("维度")).length;
}

/** The index to update: the one passed in when it is the live generation, else the live one on disk; undefined when there is none to keep. */
async function existingIndex(opts: BuildOptions, settings: IndexSettings): Promise<NewsIndex | undefined> {
  let index: NewsIndex | undefined;
  try {
    const live = await currentGeneration(opts.indexDir);
    index = opts.index && live && resolve(opts.index.generation ?? "") === resolve(live) ? opts.index : await NewsIndex.open(opts.indexDir, opts.embeddings);
  } catch (err) {
    if (!/no index at/.test((err as Error).message)) log.warn({ err: (err as Error).message }, "existing index unusable; building a new one");
  }
  if (index && !sameSettings(index.manifest, settings)) {
    log.info("index settings changed (embeddings, tokenizer data, chunking or HNSW); rebuilding from scratch");
    return undefined;
  }
  return index;
}

function sameSettings(built: Manifest, { embedding, tokenizer, chunking, hnsw }: IndexSettings): boolean {
  return (
    built.embedding.kind === embedding.kind &&
    built.embedding.dim === embedding.dim &&
    (built.embedding.model ?? "") === (embedding.model ?? "") &&
    built.tokenizer === tokenizer &&
    built.chunking.size === chunking.size &&
    built.chunking.overlap === chunking.overlap &&
    (built.hnsw.search ?? "hnsw") === (hnsw.search ?? "hnsw") &&
    built.hnsw.M === hnsw.M &&
    built.hnsw.efConstruction === hnsw.efConstruction
  );
}

function newIndex(embeddings: IndexEmbeddings, settings: IndexSettings): NewsIndex {
  const manifest: Manifest = {
    formatVersion: FORMAT_VERSION,
    createdAt: new Date().toISOString(),
    embedding: settings.embedding,
    tokenizer: settings.tokenizer,
    chunking: settings.chunking,
    hnsw: settings.hnsw,
    bm25: { ...DEFAULT_BM25 },
    counts: { documents: 0, chunks: 0, labels: 0, deletedLabels: 0 },
    files: {},
  };
  const bm25 = new Bm25Index(manifest.bm25);
  return new NewsIndex(manifest, bm25, NewsVectorStore.create(settings.embedding.dim, settings.hnsw), embeddings);
}
