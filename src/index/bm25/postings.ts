/**
 * The postings of every term: chunk labels ascending, each with its term frequency, in CSR form
 * (term t's are ids/tfs[offs[t] .. offs[t+1])). Postings appended by an ingest go to a log first,
 * in blocks (no copying while an ingest appends millions), and are merged into the CSR arrays
 * before the next read.
 */
import { grow } from "./grow.js";

const LOG_SHIFT = 20;
const LOG_BLOCK = 1 << LOG_SHIFT;
/** Term frequencies are stored in 16 bits. */
const MAX_TF = 65535;

export class Postings {
  /** Where each term's postings start (terms ≥ offs.length-1 have none yet). */
  offs: Uint32Array<ArrayBufferLike> = new Uint32Array(1);
  ids: Uint32Array<ArrayBufferLike> = new Uint32Array(0);
  tfs: Uint16Array<ArrayBufferLike> = new Uint16Array(0);
  /** Appended postings, term and frequency only; the chunk label is stored once per chunk, in `runLabel`. */
  private log: Array<{ t: Uint32Array; tf: Uint16Array }> = [];
  private logN = 0;
  /** Chunks appended since the last merge: label of chunk r, and where its postings start in the log. */
  private runLabel: Uint32Array<ArrayBufferLike> = new Uint32Array(0);
  private runStart: Uint32Array<ArrayBufferLike> = new Uint32Array(0);
  private runs = 0;

  /** Postings as saved: per-term counts, then labels and frequencies term after term (views are used, not copied). */
  static restore(counts: Uint32Array, ids: Uint32Array, tfs: Uint16Array): Postings {
    const postings = new Postings();
    postings.offs = new Uint32Array(counts.length + 1);
    for (let t = 0; t < counts.length; t++) postings.offs[t + 1] = postings.offs[t]! + counts[t]!;
    postings.ids = ids;
    postings.tfs = tfs;
    return postings;
  }

  /** Postings in the CSR arrays (appended ones count after `merge`). */
  get total(): number {
    return this.offs[this.offs.length - 1]!;
  }

  /** Number of postings of term `t` in the CSR arrays. */
  count(t: number): number {
    return t + 1 < this.offs.length ? this.offs[t + 1]! - this.offs[t]! : 0;
  }

  /** Starts the postings of a new chunk (labels increase). */
  beginChunk(label: number): void {
    this.runLabel = grow(this.runLabel, this.runs + 1, (n) => new Uint32Array(n));
    this.runStart = grow(this.runStart, this.runs + 1, (n) => new Uint32Array(n));
    this.runLabel[this.runs] = label;
    this.runStart[this.runs] = this.logN;
    this.runs++;
  }

  /** Appends one posting of the current chunk. */
  push(tid: number, tf: number): void {
    const b = this.logN & (LOG_BLOCK - 1);
    if (b === 0) this.log.push({ t: new Uint32Array(LOG_BLOCK), tf: new Uint16Array(LOG_BLOCK) });
    const blk = this.log[this.log.length - 1]!;
    blk.t[b] = tid;
    blk.tf[b] = tf > MAX_TF ? MAX_TF : tf;
    this.logN++;
  }

  /** Appends postings of the current chunk, straight into the current log block while it has room (this runs once per posting of an ingest). */
  pushAll(termIds: ArrayLike<number>, tfs: ArrayLike<number>): void {
    let i = 0;
    while (i < termIds.length) {
      const b = this.logN & (LOG_BLOCK - 1);
      if (b === 0) {
        this.push(termIds[i]!, tfs[i]!);
        i++;
        continue;
      }
      const blk = this.log[this.log.length - 1]!;
      const n = Math.min(termIds.length - i, LOG_BLOCK - b);
      for (let j = 0; j < n; j++) {
        const tf = tfs[i + j]!;
        blk.t[b + j] = termIds[i + j]!;
        blk.tf[b + j] = tf > MAX_TF ? MAX_TF : tf;
      }
      this.logN += n;
      i += n;
    }
  }

  /**
   * Merges appended postings into the CSR arrays (a stable counting sort by term), for a vocabulary
   * of `termCount` terms. Appended labels are larger than every merged one, so each term's new
   * postings go after its old ones, and runs of terms without new postings are moved with one copy
   * each: a daily update of a large index costs one pass of memory copying, not one step per term.
   */
  merge(termCount: number): void {
    if (this.logN === 0) return;
    const added = this.appendedPerTerm(termCount);
    const oldOffs = this.offs;
    const oldTerms = oldOffs.length - 1;
    const offs = new Uint32Array(termCount + 1);
    for (let t = 0; t < termCount; t++) offs[t + 1] = offs[t]! + (t < oldTerms ? oldOffs[t + 1]! - oldOffs[t]! : 0) + added[t]!;
    const ids = new Uint32Array(offs[termCount]!);
    const tfs = new Uint16Array(offs[termCount]!);
    const fill = this.copyMerged(offs, added, ids, tfs);
    this.scatterAppended(fill, ids, tfs);
    this.offs = offs;
    this.ids = ids;
    this.tfs = tfs;
    this.log = [];
    this.logN = 0;
    this.runLabel = new Uint32Array(0);
    this.runStart = new Uint32Array(0);
    this.runs = 0;
  }

  private appendedPerTerm(termCount: number): Uint32Array {
    const added = new Uint32Array(termCount);
    for (let i = 0; i < this.logN; i++) added[this.log[i >> LOG_SHIFT]!.t[i & (LOG_BLOCK - 1)]!]!++;
    return added;
  }

  /** Copies the merged postings to their new places; returns where each term's appended postings go. */
  private copyMerged(offs: Uint32Array, added: Uint32Array, ids: Uint32Array, tfs: Uint16Array): Uint32Array {
    const oldOffs = this.offs;
    const oldTerms = oldOffs.length - 1;
    const termCount = added.length;
    // runs of terms whose lists did not grow keep their relative layout
    let run = 0;
    const flush = (end: number): void => {
      if (end <= run) return;
      const a = oldOffs[run]!;
      const b = oldOffs[end]!;
      ids.set(this.ids.subarray(a, b), offs[run]!);
      tfs.set(this.tfs.subarray(a, b), offs[run]!);
    };
    const fill = new Uint32Array(termCount);
    for (let t = 0; t < termCount; t++) {
      if (added[t] === 0) continue;
      const end = Math.min(t, oldTerms);
      flush(end);
      if (t < oldTerms) {
        const a = oldOffs[t]!;
        const b = oldOffs[t + 1]!;
        ids.set(this.ids.subarray(a, b), offs[t]!);
        tfs.set(this.tfs.subarray(a, b), offs[t]!);
        fill[t] = offs[t]! + b - a;
      } else fill[t] = offs[t]!;
      run = Math.min(t + 1, oldTerms);
    }
    flush(oldTerms);
    return fill;
  }

  /** Writes the appended postings after each term's merged ones, chunk by chunk (so labels stay ascending). */
  private scatterAppended(fill: Uint32Array, ids: Uint32Array, tfs: Uint16Array): void {
    for (let r = 0; r < this.runs; r++) {
      const label = this.runLabel[r]!;
      const end = r + 1 < this.runs ? this.runStart[r + 1]! : this.logN;
      for (let i = this.runStart[r]!; i < end; i++) {
        const blk = this.log[i >> LOG_SHIFT]!;
        const j = i & (LOG_BLOCK - 1);
        const p = fill[blk.t[j]!]!++;
        ids[p] = label;
        tfs[p] = blk.tf[j]!;
      }
    }
  }

  /**
   * Drops the postings of removed labels and renumbers the others by `remap` (order-preserving, so
   * postings stay grouped by term and ascending by label and the new arrays are written directly).
   * Terms left without postings are dropped: returns the old ids of the terms kept, in order.
   */
  compact(termCount: number, isDeleted: Uint8Array, remap: (oldId: number) => number | undefined): number[] {
    const ids = new Uint32Array(this.total);
    const tfs = new Uint16Array(this.total);
    const kept: number[] = [];
    const offs: number[] = [0];
    let n = 0;
    for (let t = 0; t < termCount; t++) {
      const start = n;
      for (let i = this.offs[t]!; i < this.offs[t + 1]!; i++) {
        const old = this.ids[i]!;
        if (isDeleted[old]) continue;
        const nid = remap(old);
        if (nid === undefined) continue;
        ids[n] = nid;
        tfs[n] = this.tfs[i]!;
        n++;
      }
      if (n > start) {
        kept.push(t);
        offs.push(n);
      }
    }
    this.offs = Uint32Array.from(offs);
    this.ids = ids.slice(0, n);
    this.tfs = tfs.slice(0, n);
    return kept;
  }
}
