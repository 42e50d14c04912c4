/** Ingest with the configured embeddings and chunking: the one entry point used by the CLI and `npm start`. */
import type { ChunkOptions } from "../chunk/chunker.js";
import type { Config } from "../config/env.js";
import { embeddingsFromConfig } from "../embed/factory.js";
import { buildIndex, type BuildOptions, type BuildSummary } from "../index/build.js";

export const chunkingFromConfig = (cfg: Config): ChunkOptions => ({ size: cfg.CHUNK_SIZE, overlap: cfg.CHUNK_OVERLAP });

export function ingest(cfg: Config, opts: Omit<BuildOptions, "embeddings">): Promise<BuildSummary> {
  return buildIndex({ ...opts, embeddings: embeddingsFromConfig(cfg) });
}
