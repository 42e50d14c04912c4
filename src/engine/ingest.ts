/** Ingest with the configured embeddings and chunking: the one entry point used by the CLI and `npm start`. */
import type { ChunkOptions } from "../chunk/chunker.js";
import type { Config } from "../config/env.js";
import type { NewsIndex } from "../index/news-index.js";
import { embeddingsFromConfig } from "../embed/factory.js";
import { buildIndex, type BuildOptions, type BuildSummary } from "../index/build.js";
import { DEFAULT_HNSW, type HnswParams } from "../index/vectors/params.js";

export const chunkingFromConfig = (cfg: Config): ChunkOptions => ({ size: cfg.CHUNK_SIZE, overlap: cfg.CHUNK_OVERLAP });

/**
 * How document vectors are searched (VECTOR_SEARCH): `auto` lets the index choose by embedding kind
 * (exact scoring for the sparse offline vectors, where it measured both faster and exact; the
 * hnswlib graph for dense model embeddings); `hnsw` or `exact` force one.
 */
function vectorSearchFromConfig(cfg: Config): HnswParams | undefined {
  return cfg.VECTOR_SEARCH === "auto" ? undefined : { ...DEFAULT_HNSW, search: cfg.VECTOR_SEARCH };
}

export function ingest(cfg: Config, opts: Omit<BuildOptions, "embeddings">): Promise<BuildSummary> {
  const hnsw = opts.hnsw ?? vectorSearchFromConfig(cfg);
  return buildIndex({ ...(cfg.PAPER_NAME ? { paper: cfg.PAPER_NAME } : {}), ...opts, ...(hnsw ? { hnsw } : {}), embeddings: embeddingsFromConfig(cfg) });
}

/**
 * Brings the index in VECTOR_DIR up to date with SEEDS_DIR (incremental, with prune): used at
 * start-up and by the running process's rescans. `index` is the running process's own copy, which
 * is updated in place when it is the live generation.
 */
export function updateFromSeeds(cfg: Config, index?: NewsIndex, opts: Pick<BuildOptions, "compactAt" | "lock"> = {}): Promise<BuildSummary> {
  return ingest(cfg, {
    inputs: [cfg.SEEDS_DIR],
    indexDir: cfg.VECTOR_DIR,
    chunking: chunkingFromConfig(cfg),
    prune: true,
    ...opts,
    ...(index ? { index } : {}),
  });
}
