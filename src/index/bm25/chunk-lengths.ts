/**
 * What BM25 knows of each chunk label: its token count and whether it was removed (a tombstone until
 * compaction), and the totals behind the average chunk length.
 */
import { grow } from "./grow.js";

export class ChunkLengths {
  /** Token count of each chunk label (0 for never-used labels). */
  lengths: Uint32Array<ArrayBufferLike> = new Uint32Array(0);
  /** 1 where the label was removed. */
  deleted: Uint8Array<ArrayBufferLike> = new Uint8Array(0);
  /** One past the largest label added. */
  labels = 0;
  deletedCount = 0;
  liveCount = 0;
  private totalLength = 0;

  /** Lengths and tombstones as saved (views are used, not copied). */
  static restore(lengths: Uint32Array, deleted: Uint8Array, labels: number): ChunkLengths {
    const chunks = new ChunkLengths();
    chunks.lengths = lengths;
    chunks.deleted = deleted;
    chunks.labels = labels;
    for (let i = 0; i < labels; i++) {
      if (!lengths[i]) continue;
      if (deleted[i]) chunks.deletedCount++;
      else {
        chunks.totalLength += lengths[i]!;
        chunks.liveCount++;
      }
    }
    return chunks;
  }

  set(id: number, len: number): void {
    if (id >= this.lengths.length) {
      this.lengths = grow(this.lengths, id + 1, (m) => new Uint32Array(m));
      this.deleted = grow(this.deleted, id + 1, (m) => new Uint8Array(m));
    }
    this.lengths[id] = len;
    if (id >= this.labels) this.labels = id + 1;
    this.totalLength += len;
    this.liveCount++;
  }

  /** Tombstones a live label; false when it is not one (never added, empty, or removed already). */
  remove(id: number): boolean {
    if (id >= this.labels || this.deleted[id] || !this.lengths[id]) return false;
    this.deleted[id] = 1;
    this.deletedCount++;
    this.totalLength -= this.lengths[id]!;
    this.liveCount--;
    return true;
  }

  isDeleted(id: number): boolean {
    return id < this.labels && this.deleted[id] === 1;
  }

  avgdl(): number {
    return this.liveCount ? this.totalLength / this.liveCount : 1;
  }

  /** Keeps the live labels only, renumbered by `remap` (order-preserving). */
  compact(remap: (oldId: number) => number | undefined): void {
    const newLen = new Uint32Array(this.labels);
    let maxNew = -1;
    for (let old = 0; old < this.labels; old++) {
      if (this.deleted[old] || !this.lengths[old]) continue;
      const nid = remap(old);
      if (nid === undefined) continue;
      newLen[nid] = this.lengths[old]!;
      if (nid > maxNew) maxNew = nid;
    }
    this.lengths = newLen.slice(0, maxNew + 1);
    this.labels = maxNew + 1;
    this.deleted = new Uint8Array(this.labels);
    this.deletedCount = 0;
    this.totalLength = 0;
    this.liveCount = 0;
    for (let i = 0; i < this.labels; i++) {
      if (this.lengths[i]) {
        this.totalLength += this.lengths[i]!;
        this.liveCount++;
      }
    }
  }
}
