/**
 * The index's vectors, as the rest of the code uses them: retrieval searches them by chunk label
 * (src/retrieve/retrieval-index.ts), the index builder fills them. Two levels, because hnswlib's
 * single-threaded `addPoint` is the cost of a large ingest:
 * - one vector per document (the normalised sum of its chunk vectors), keyed by the document number,
 *   in a `DocVectorIndex` (an hnswlib graph or exact scoring, per `params.search`): 68,798 insertions
 *   for the news archive instead of ~300,000;
 * - every chunk's own int8 vector beside it (`ChunkVectors`), so a search returns, for each document
 *   found, its best-matching chunk label and that chunk's cosine similarity.
 */
import type { FileInfo } from "../manifest.js";
import { ChunkVectors } from "./chunk-vectors.js";
import type { DocVectorIndex } from "./doc-index.js";
import { loadDocIndex, openDocIndex } from "./open-doc-index.js";
import type { HnswParams } from "./params.js";

/** Label filter: true to keep. */
export type LabelFilter = (label: number) => boolean;

/** Chunk labels of a document key. */
export type GroupResolver = (key: number) => readonly number[];

export class NewsVectorStore {
  private groups: GroupResolver = () => [];

  constructor(
    readonly params: HnswParams,
    readonly docs: DocVectorIndex,
    readonly chunks: ChunkVectors,
  ) {
    if (docs.dim !== chunks.dim) throw new Error(`document vectors of dimension ${docs.dim} beside chunk vectors of dimension ${chunks.dim}`);
  }

  /** An empty store of the kind `params.search` names. */
  static create(dim: number, params: HnswParams): NewsVectorStore {
    return new NewsVectorStore(params, openDocIndex(dim, params), new ChunkVectors(dim));
  }

  /** The store saved as `docFile` (whose bytes are `docBytes`) and the chunk vectors' bytes. */
  static async load(docFile: string, docBytes: Buffer, chunkBytes: Buffer, dim: number, params: HnswParams): Promise<NewsVectorStore> {
    const chunks = new ChunkVectors(dim, chunkBytes);
    return new NewsVectorStore(params, await loadDocIndex(docFile, docBytes, dim, params), chunks);
  }

  get dim(): number {
    return this.docs.dim;
  }

  /** Whether a search should be given the candidates other channels found (see DocVectorIndex). */
  get prefersCandidates(): boolean {
    return this.docs.prefersCandidates;
  }

  setGroups(groups: GroupResolver): void {
    this.groups = groups;
  }

  /** Stores a chunk's vector (unit length) under its label. */
  setChunkVector(label: number, v: ArrayLike<number>): void {
    this.chunks.set(label, v);
  }

  /** Stores already-quantised chunk vectors for consecutive labels starting at `first`. */
  setChunkVectorsQuantised(first: number, q: Int8Array): void {
    this.chunks.setQuantised(first, q);
  }

  /** Adds document vectors under their keys (document numbers). */
  addDocVectors(vectors: ArrayLike<number>[], keys: number[]): void {
    this.docs.add(vectors, keys);
  }

  markDeleted(key: number): void {
    this.docs.markDeleted(key);
  }

  /**
   * Nearest chunks: the document index finds the `k` nearest documents (whose chunks pass `filter`;
   * only among the document keys `among` when given), and each contributes its best chunk with that
   * chunk's cosine similarity; sorted by that similarity.
   */
  searchLabels(query: number[], k: number, filter?: LabelFilter, among?: Iterable<number>): Array<{ label: number; score: number }> {
    if (k <= 0) return [];
    const keyFilter = filter ? (key: number) => this.groups(key).some((l) => filter(l)) : undefined;
    const out: Array<{ label: number; score: number }> = [];
    for (const key of this.docs.search(query, k, keyFilter, among)) {
      let best = -1;
      let bestScore = -Infinity;
      for (const l of this.groups(key)) {
        if (l >= this.chunks.count || (filter && !filter(l))) continue;
        const s = this.chunks.score(query, l);
        if (s > bestScore) {
          bestScore = s;
          best = l;
        }
      }
      if (best >= 0) out.push({ label: best, score: bestScore });
    }
    out.sort((a, b) => b.score - a.score || a.label - b.label);
    return out;
  }

  /** Cosine similarity of a query vector with a chunk's stored vector (0 for a chunk without one). */
  chunkScore(query: ArrayLike<number>, label: number): number {
    return label < this.chunks.count ? this.chunks.score(query, label) : 0;
  }

  /** Chunk vectors as bytes (for saving). */
  chunkVectorBytes(): Buffer {
    return this.chunks.bytes();
  }

  /** About how many bytes the two vector files of a snapshot take. */
  estimatedFileBytes(): number {
    return this.chunks.count * this.dim + this.docs.estimatedFileBytes();
  }

  /** Writes the document index into a new file (see DocVectorIndex.save). */
  saveDocIndex(file: string): Promise<FileInfo> {
    return this.docs.save(file);
  }

  /**
   * Drops deleted documents and chunks: `keys` are the live document keys in order, `newKey` maps
   * them, `labels` are the live chunk labels in order (they become 0..n-1). Nothing is re-embedded.
   */
  compact(keys: number[], newKey: (old: number) => number, labels: number[]): void {
    this.docs.compact(keys, newKey);
    this.chunks.compact(labels);
  }
}
