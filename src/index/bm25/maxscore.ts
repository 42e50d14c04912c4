/**
 * Document-at-a-time MaxScore over BM25 postings: each query term has an upper bound on what it can
 * add to a score; once the top-k heap is full, the terms whose bounds together cannot beat the k-th
 * score are "non-essential": they are only probed (gallop and binary search) for candidates found
 * through the essential terms, so long posting lists of common words are mostly skipped instead of
 * scored. Returns exactly what scoring every posting returns (Bm25Index.searchExhaustive).
 */
import type { ChunkLengths } from "./chunk-lengths.js";
import type { Bm25Params, ScoredId } from "./params.js";
import type { Postings } from "./postings.js";
import { TopScores } from "./top-scores.js";

/** A query term: its id, its weight (idf × query weight × (k1+1)) and the upper bound of its contribution. */
export interface QueryTerm {
  tid: number;
  w: number;
  ub: number;
}

/** No candidate is left (labels are below it). */
const NONE = 0xffffffff;

/** The query terms' posting lists as the search walks them, in ascending order of their bounds. */
class PostingWalk {
  readonly n: number;
  readonly ids: Uint32Array[];
  readonly tfs: Uint16Array[];
  readonly lens: number[];
  readonly ws: number[];
  /** Sum of the bounds of terms 0..i: what the first i+1 terms can add at most. */
  readonly pre: Float64Array;
  /** Position of each list's next posting. */
  readonly pos: Int32Array;

  constructor(query: QueryTerm[], postings: Postings) {
    this.n = query.length;
    this.ids = query.map((x) => postings.ids.subarray(postings.offs[x.tid]!, postings.offs[x.tid + 1]!));
    this.tfs = query.map((x) => postings.tfs.subarray(postings.offs[x.tid]!, postings.offs[x.tid + 1]!));
    this.lens = query.map((x) => postings.count(x.tid));
    this.ws = query.map((x) => x.w);
    this.pre = new Float64Array(this.n);
    for (let i = 0, s = 0; i < this.n; i++) this.pre[i] = s += query[i]!.ub;
    this.pos = new Int32Array(this.n);
  }

  /** The smallest label at the heads of the essential lists (`from` on), or NONE. */
  nextCandidate(from: number): number {
    let cand = NONE;
    for (let i = from; i < this.n; i++) {
      const p = this.pos[i]!;
      if (p < this.lens[i]! && this.ids[i]![p]! < cand) cand = this.ids[i]![p]!;
    }
    return cand;
  }

  /** The essential lists' contributions to `cand`'s score; moves them past it. */
  scoreEssential(cand: number, from: number, norm: number): number {
    let score = 0;
    for (let i = from; i < this.n; i++) {
      const p = this.pos[i]!;
      if (p < this.lens[i]! && this.ids[i]![p] === cand) {
        const tf = this.tfs[i]![p]!;
        score += (this.ws[i]! * tf) / (tf + norm);
        this.pos[i] = p + 1;
      }
    }
    return score;
  }

  /**
   * Adds the non-essential lists' contributions to `score`, largest bound first, stopping once even
   * all the rest could not lift it above `bar` (the heap's threshold, or -∞ while it has room).
   */
  addNonEssential(cand: number, until: number, norm: number, score: number, bar: number): number {
    for (let i = until - 1; i >= 0; i--) {
      if (score + this.pre[i]! <= bar) break;
      const at = this.seek(i, cand);
      if (at < this.lens[i]! && this.ids[i]![at] === cand) {
        const tf = this.tfs[i]![at]!;
        score += (this.ws[i]! * tf) / (tf + norm);
      }
    }
    return score;
  }

  /** Moves list i to its first posting ≥ cand (gallop, then binary search); returns that position. */
  private seek(i: number, cand: number): number {
    const arr = this.ids[i]!;
    const len = this.lens[i]!;
    let lo = this.pos[i]!;
    if (lo >= len || arr[lo]! >= cand) return lo;
    let step = 1;
    let hi = lo + 1;
    while (hi < len && arr[hi]! < cand) {
      lo = hi;
      step *= 2;
      hi = lo + step;
    }
    if (hi > len) hi = len;
    lo++;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (arr[mid]! < cand) lo = mid + 1;
      else hi = mid;
    }
    this.pos[i] = lo;
    return lo;
  }

  /** The first essential list once the threshold is `theta`: lists whose bounds together stay at or below it are not. */
  essentialFrom(from: number, theta: number): number {
    while (from < this.n && this.pre[from]! <= theta) from++;
    return from;
  }
}

/**
 * The best `k` chunks for `query` (sorted by ascending bound), score descending and label ascending
 * on ties. `allow` filters labels before they enter the ranking.
 */
export function maxScoreSearch(
  query: QueryTerm[],
  postings: Postings,
  chunks: ChunkLengths,
  { k1, b }: Bm25Params,
  k: number,
  allow?: (id: number) => boolean,
): ScoredId[] {
  const walk = new PostingWalk(query, postings);
  const top = new TopScores(k);
  const lengths = chunks.lengths;
  const deleted = chunks.deleted;
  const normA = k1 * (1 - b);
  const normB = (k1 * b) / chunks.avgdl();
  let essential = 0;
  for (;;) {
    const cand = walk.nextCandidate(essential);
    if (cand === NONE) break;
    const norm = normA + normB * lengths[cand]!;
    let score = walk.scoreEssential(cand, essential, norm);
    if (deleted[cand]) continue;
    score = walk.addNonEssential(cand, essential, norm, score, top.full ? top.threshold : Number.NEGATIVE_INFINITY);
    if (!top.admits(score, cand) || (allow && !allow(cand))) continue;
    top.push(score, cand);
    if (top.full) essential = walk.essentialFrom(essential, top.threshold);
  }
  return top.sorted();
}
