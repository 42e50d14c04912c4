/**
 * An index kept in generation folders (see generations.ts). A generation is a full snapshot plus a
 * journal of the changes made since (journal.ts). Saving writes only the journal and hard-links the
 * snapshot's files from the previous generation, until the journal outgrows its limit or the index
 * is compacted; then a new snapshot is written (snapshot-write.ts). Loading is snapshot-read.ts.
 */
import { createHash } from "node:crypto";
import { link, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { log } from "../log.js";
import { FILES } from "./index-files.js";
import type { IndexStore, SavableIndex, SaveOptions } from "./index-store.js";
import { decodeRecord, encodeRecord, type JournalRecord } from "./journal.js";
import type { Manifest } from "./manifest.js";
import { estimateSnapshotBytes, writeSnapshot } from "./snapshot-write.js";

/**
 * When a save writes a new snapshot instead of adding to the journal: once the journal would exceed
 * this share of the snapshot's size, within these bounds. The journal is replayed at every load, so
 * it is kept small next to what loading costs anyway: on the 68,798-article archive (2.0–2.1 s to
 * load) a journal of 500 news articles (4.3 MB) added 0.3 s, one of 1,000 (8.6 MB) 0.8 s.
 */
const JOURNAL_LIMIT = { share: 0.05, min: 256 << 10, max: 4 << 20 };

/** A full snapshot on disk: its generation folder and its files (the journal not among them). */
export interface Snapshot {
  dir: string;
  files: Manifest["files"];
}

export class FileIndexStore implements IndexStore {
  /** The full snapshot the on-disk generation starts from; undefined until there is one (or after compaction). */
  private snapshot: Snapshot | undefined;
  /** Journal lines since that snapshot. */
  private journal: string[] = [];
  private journalBytes = 0;
  /** The journal read at load, until `replay` applies it. */
  private unreplayed: string | undefined;
  /** What a save wrote, applied by `published` once that generation is live (a failed publish leaves the old state). */
  private pending: { generation: string; snapshot: Snapshot; journalReset: boolean } | undefined;

  /** A store for a new index (nothing on disk yet), or for one loaded from `loaded.snapshot` with the journal saved beside it. */
  constructor(loaded?: { snapshot: Snapshot; journal?: string }) {
    this.snapshot = loaded?.snapshot;
    this.unreplayed = loaded?.journal;
  }

  replay(apply: (change: JournalRecord) => void): number {
    const text = this.unreplayed;
    this.unreplayed = undefined;
    if (text === undefined) return 0;
    let n = 0;
    for (const line of text.split("\n")) {
      if (!line) continue;
      n++;
      let change;
      try {
        change = decodeRecord(line);
      } catch (err) {
        throw new Error(`journal record ${n}: ${(err as Error).message}`);
      }
      apply(change);
      // the records stay the journal of this index until the next snapshot
      this.keep(line);
    }
    return n;
  }

  record(change: JournalRecord): void {
    if (this.recording) this.keep(encodeRecord(change));
  }

  renumbered(): void {
    // labels and term ids changed: the journal's records no longer fit any snapshot
    this.snapshot = undefined;
    this.journal = [];
    this.journalBytes = 0;
  }

  /**
   * While the journal stays under its limit only the journal is written and the snapshot's files
   * are hard-linked from the generation the index was loaded from or last saved to; otherwise (or
   * when linking fails) a full snapshot is written.
   */
  async save(index: SavableIndex, dir: string, opts: SaveOptions = {}): Promise<string[]> {
    const files = (await this.saveJournal(dir, opts.journalLimit)) ?? (await this.saveSnapshot(index, dir));
    index.manifest.files = files;
    index.manifest.counts = {
      documents: index.documentCount,
      chunks: index.chunkCount,
      labels: index.chunkDoc.length,
      deletedLabels: index.deletedLabels.size,
    };
    await writeFile(join(dir, FILES.manifest), JSON.stringify(index.manifest), { flag: "wx" });
    return [...Object.keys(files), FILES.manifest];
  }

  /** The journal and the manifest while a journal will do (the snapshot's files are hard-linked), else every file of a snapshot. */
  estimatedSaveBytes(index: SavableIndex, opts: SaveOptions = {}): number {
    const manifest = Buffer.byteLength(JSON.stringify(index.manifest)) + 2048;
    if (!this.snapshotDue(opts.journalLimit)) return this.journalBytes + manifest;
    return manifest + estimateSnapshotBytes(index);
  }

  published(dir: string): void {
    const p = this.pending;
    if (!p || p.generation !== dir) throw new Error(`${dir} is not the generation this index last saved`);
    this.snapshot = p.snapshot;
    if (p.journalReset) {
      this.journal = [];
      this.journalBytes = 0;
    }
    this.pending = undefined;
  }

  /** Whether changes are kept for the journal: there is a snapshot, and the journal has not outgrown the largest limit. */
  private get recording(): boolean {
    return this.snapshot !== undefined && this.journalBytes <= JOURNAL_LIMIT.max;
  }

  private keep(line: string): void {
    this.journal.push(line);
    this.journalBytes += Buffer.byteLength(line) + 1;
    if (this.journalBytes > JOURNAL_LIMIT.max) {
      // a large update: it goes into a new snapshot, so its records need not be kept
      this.journal = [];
      this.journalBytes = Number.POSITIVE_INFINITY;
    }
  }

  /** Whether the next save would write a full snapshot (no snapshot to link, or the journal is over its limit). */
  private snapshotDue(journalLimit?: number): boolean {
    return !this.snapshot || journalLimit === 0 || this.journalBytes > (journalLimit ?? this.defaultJournalLimit());
  }

  private defaultJournalLimit(): number {
    const snapshotBytes = this.snapshot ? Object.values(this.snapshot.files).reduce((s, f) => s + f.bytes, 0) : 0;
    return Math.min(JOURNAL_LIMIT.max, Math.max(JOURNAL_LIMIT.min, snapshotBytes * JOURNAL_LIMIT.share));
  }

  private async saveJournal(dir: string, journalLimit?: number): Promise<Manifest["files"] | undefined> {
    const snap = this.snapshot;
    if (!snap || this.snapshotDue(journalLimit)) return undefined;
    if (!(await linkSnapshot(snap, dir))) return undefined;
    const files = { ...snap.files };
    if (this.journal.length) {
      const buf = Buffer.from(`${this.journal.join("\n")}\n`);
      await writeFile(join(dir, FILES.journal), buf, { flag: "wx" });
      files[FILES.journal] = { bytes: buf.byteLength, sha256: createHash("sha256").update(buf).digest("hex") };
    }
    this.pending = { generation: dir, snapshot: { dir, files: snap.files }, journalReset: false };
    return files;
  }

  private async saveSnapshot(index: SavableIndex, dir: string): Promise<Manifest["files"]> {
    const files = await writeSnapshot(index, dir);
    this.pending = { generation: dir, snapshot: { dir, files }, journalReset: true };
    return { ...files };
  }
}

/** Hard-links a snapshot's files into a new generation folder; false (and nothing left linked) when linking fails. */
async function linkSnapshot(snap: Snapshot, dir: string): Promise<boolean> {
  const linked: string[] = [];
  try {
    for (const name of Object.keys(snap.files)) {
      await link(join(snap.dir, name), join(dir, name));
      linked.push(name);
    }
    return true;
  } catch (err) {
    log.warn({ err: (err as Error).message }, "cannot hard-link the previous generation's files; writing a full snapshot instead");
    for (const name of linked) await rm(join(dir, name), { force: true });
    return false;
  }
}
