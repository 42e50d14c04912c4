/**
 * Per-term upper bounds for MaxScore: the largest saturated tf factor tf·(k1+1)/(tf+k1·norm) any of
 * a term's postings reaches, divided by (k1+1). They depend on the average chunk length, so they are
 * computed lazily and forgotten whenever the chunks change.
 */
import type { ChunkLengths } from "./chunk-lengths.js";
import type { Bm25Params } from "./params.js";
import type { Postings } from "./postings.js";

/** Room for terms added after the table was made, before it must be made again. */
const SPARE_TERMS = 1024;

export class TermBounds {
  /** NaN = not computed yet. */
  private bound: Float32Array<ArrayBufferLike> = new Float32Array(0);
  /** The average chunk length the bounds hold for; -1 = none. */
  private avgdl = -1;

  /** The chunks changed: every bound must be computed again. */
  invalidate(): void {
    this.avgdl = -1;
  }

  /** Bounds as saved, valid while the average chunk length is `avgdl`. */
  restore(bounds: Float32Array, termCount: number, avgdl: number): void {
    this.bound = new Float32Array(termCount + SPARE_TERMS).fill(Number.NaN);
    this.bound.set(bounds);
    this.avgdl = avgdl;
  }

  /** The bound of term `tid` over its (merged) postings. */
  of(tid: number, termCount: number, postings: Postings, chunks: ChunkLengths, { k1, b }: Bm25Params): number {
    const avgdl = chunks.avgdl();
    if (this.avgdl !== avgdl || this.bound.length < termCount) {
      this.bound = new Float32Array(termCount + SPARE_TERMS);
      this.bound.fill(Number.NaN);
      this.avgdl = avgdl;
    }
    let m = this.bound[tid]!;
    if (Number.isNaN(m)) {
      const ids = postings.ids;
      const tfs = postings.tfs;
      const n = postings.offs[tid + 1]!;
      const lengths = chunks.lengths;
      m = 0;
      for (let i = postings.offs[tid]!; i < n; i++) {
        const tf = tfs[i]!;
        const s = tf / (tf + k1 * (1 - b + (b * lengths[ids[i]!]!) / avgdl));
        if (s > m) m = s;
      }
      m = m * (1 + 1e-6) + 1e-9; // float32 storage must still be an upper bound
      this.bound[tid] = m;
    }
    return m;
  }
}
