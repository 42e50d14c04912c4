/**
 * Document vectors, one per document (the normalised sum of its chunks' vectors), keyed by the
 * document number. Two implementations, chosen by the manifest's `hnsw.search` (open-doc-index.ts):
 * - `HnswDocIndex` (hnsw-doc-index.ts): an hnswlib graph, for dense embeddings;
 * - `ExactDocIndex` (exact-doc-index.ts): exact scoring of an int8 matrix, for the sparse hashing vectors.
 * This file holds only what they have in common, so that they can depend on it and not it on them.
 */
import type { FileInfo } from "../manifest.js";

/** Document-key filter: true to keep. */
export type KeyFilter = (key: number) => boolean;

export interface DocVectorIndex {
  readonly dim: number;
  /** Document keys held, deleted ones included until `compact`. */
  readonly count: number;
  /**
   * Whether a search over all documents reads every one of them (exact scoring), so that a caller
   * that already has candidates should pass them as `among`. An approximate graph search costs
   * little more than a search among candidates, and finds documents the candidates miss.
   */
  readonly prefersCandidates: boolean;
  /** Adds unit vectors under their keys. */
  add(vectors: ArrayLike<number>[], keys: number[]): void;
  /** Leaves a key out of later searches (a key never added or already deleted: nothing happens). */
  markDeleted(key: number): void;
  /**
   * Keys of the `k` nearest documents (cosine), best first, among those that pass `keyFilter`, and
   * only among the keys `among` when given.
   */
  search(query: number[], k: number, keyFilter?: KeyFilter, among?: Iterable<number>): number[];
  /** A key's stored vector (quantised where the index stores it so); for measurement. */
  vector(key: number): number[];
  /**
   * Writes the index into a file that must not exist yet (index files may be hard-linked by an
   * older generation: they are never rewritten); returns its size and SHA-256 for the manifest.
   */
  save(file: string): Promise<FileInfo>;
  /** About how many bytes `save` writes (for the space a new generation needs). */
  estimatedFileBytes(): number;
  /** Keeps only `keys` (the live keys, in order), renumbered by `newKey`, from the stored vectors. */
  compact(keys: number[], newKey: (old: number) => number): void;
}
