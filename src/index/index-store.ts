/**
 * Where an index is kept between processes. The index (news-index.ts) holds the state in memory and
 * tells its store of every change; the store loads a generation, keeps the changes made since, and
 * decides what a save writes. The one implementation, file-store.ts, writes generation folders: a
 * journal of the changes beside hard links to the last snapshot, or a new snapshot.
 */
import type { Bm25Index } from "./bm25.js";
import type { JournalRecord } from "./journal.js";
import type { Manifest } from "./manifest.js";
import type { StoredDoc } from "./stored-doc.js";
import type { NewsVectorStore } from "./vectors/store.js";

export interface SaveOptions {
  /** Largest journal (bytes) to write instead of a snapshot; default from JOURNAL_LIMIT. 0 forces a snapshot. */
  journalLimit?: number;
}

/** What a store reads from an index to save it (NewsIndex has all of it). */
export interface SavableIndex {
  /** Written with the files; a save sets its `files` and `counts`. */
  readonly manifest: Manifest;
  readonly documentCount: number;
  readonly chunkCount: number;
  /** Documents by document number; undefined where one was removed. */
  readonly docs: ReadonlyArray<StoredDoc | undefined>;
  /** Chunk records by label. */
  readonly chunkDoc: readonly number[];
  readonly chunkN: readonly number[];
  readonly chunkStart: readonly number[];
  readonly chunkEnd: readonly number[];
  readonly deletedLabels: ReadonlySet<number>;
  readonly terms: readonly string[];
  readonly bm25: Bm25Index;
  readonly vectors: NewsVectorStore;
}

export interface IndexStore {
  /** Applies, in order, the changes saved after the snapshot the index was restored from (once, at load); returns how many. */
  replay(apply: (change: JournalRecord) => void): number;
  /** Keeps a change just made to the index for the next save. */
  record(change: JournalRecord): void;
  /** The index renumbered its documents, labels and terms (compaction): the next save must write all of it. */
  renumbered(): void;
  /** Writes the index into a new, empty generation folder; returns the names of the files written (for publishing). */
  save(index: SavableIndex, dir: string, opts?: SaveOptions): Promise<string[]>;
  /** About how many bytes the next `save` writes (for the error that says how much space a generation needs). */
  estimatedSaveBytes(index: SavableIndex, opts?: SaveOptions): number;
  /** The generation the last save wrote is now live (see generations.ts publishGeneration). */
  published(dir: string): void;
}
