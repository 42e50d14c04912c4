/** What buildIndex (../build.ts) is asked to do and what it reports. */
import type { EmbeddingsInterface } from "@langchain/core/embeddings";
import type { ChunkOptions } from "../../chunk/chunker.js";
import type { InputReport } from "../../ingest/sources.js";
import type { CleanupOptions, LockOptions } from "../generations.js";
import type { NewsIndex } from "../news-index.js";
import type { HnswParams } from "../vectors/params.js";

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
  /** The paper's name (PAPER_NAME): the `source` of articles whose input names none. */
  paper?: string;
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
