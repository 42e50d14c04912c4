/** The manifest of an index generation: what built it, what it holds, and checksums of its files. */
import { createHash } from "node:crypto";
import { createReadStream, readFileSync } from "node:fs";
import type { ChunkOptions } from "../chunk/chunker.js";
import { dataPath } from "../paths.js";
import type { Bm25Params } from "./bm25.js";
import type { HnswParams } from "./vectors/params.js";

export const FORMAT_VERSION = 3;

export interface EmbeddingInfo {
  kind: string;
  model?: string;
  dim: number;
}

export interface FileInfo {
  bytes: number;
  sha256: string;
}

export interface Manifest {
  formatVersion: number;
  createdAt: string;
  embedding: EmbeddingInfo;
  /** Fingerprint of the tokeniser's data (dictionary, stop-words, OCR fixes): tokens must match at query time. */
  tokenizer: string;
  chunking: ChunkOptions;
  hnsw: HnswParams;
  bm25: Bm25Params;
  counts: { documents: number; chunks: number; labels: number; deletedLabels: number };
  /**
   * The inputs (files and folders, absolute) the documents come from: the fix printed for a damaged
   * index rebuilds from these (src/index/fix-command.ts). Absent in indexes written before it was kept.
   */
  inputs?: string[];
  files: Record<string, FileInfo>;
}

export async function fileInfo(path: string): Promise<FileInfo> {
  const hash = createHash("sha256");
  let bytes = 0;
  for await (const chunk of createReadStream(path)) {
    hash.update(chunk as Buffer);
    bytes += (chunk as Buffer).length;
  }
  return { bytes, sha256: hash.digest("hex") };
}

/** Fingerprint of the data files that decide how text is tokenised (Manifest.tokenizer). */
export function tokenizerFingerprint(): string {
  const h = createHash("sha256");
  for (const f of ["user-dict.txt", "stopwords.txt", "ocr-fixes.tsv"]) {
    try {
      h.update(readFileSync(dataPath(f)));
    } catch {
      h.update(`missing:${f}`);
    }
  }
  return h.digest("hex").slice(0, 16);
}
