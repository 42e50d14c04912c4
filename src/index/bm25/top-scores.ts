/**
 * The best `k` (score, id) pairs seen so far: a min-heap with the worst at the top, so that a
 * candidate is compared with one entry and the heap's threshold is the k-th best score. Ties go to
 * the smaller id.
 */
import type { ScoredId } from "./params.js";

export class TopScores {
  private readonly scores: Float64Array;
  private readonly ids: Int32Array;
  private n = 0;

  constructor(private readonly k: number) {
    this.scores = new Float64Array(k);
    this.ids = new Int32Array(k);
  }

  get full(): boolean {
    return this.n === this.k;
  }

  /** The k-th best score (the one to beat once the heap is full). */
  get threshold(): number {
    return this.scores[0]!;
  }

  /** Whether (score, id) would enter: while there is room, or when it beats the worst kept. */
  admits(score: number, id: number): boolean {
    return this.n < this.k || score > this.scores[0]! || (score === this.scores[0] && id < this.ids[0]!);
  }

  /** Adds (score, id), replacing the worst when full (call only when `admits`). */
  push(score: number, id: number): void {
    if (this.n < this.k) {
      this.scores[this.n] = score;
      this.ids[this.n] = id;
      this.siftUp(this.n++);
    } else {
      this.scores[0] = score;
      this.ids[0] = id;
      this.siftDown(0);
    }
  }

  /** What was kept, best first (score descending, id ascending on ties). */
  sorted(): ScoredId[] {
    const out: ScoredId[] = [];
    for (let i = 0; i < this.n; i++) out.push({ id: this.ids[i]!, score: this.scores[i]! });
    out.sort((x, y) => y.score - x.score || x.id - y.id);
    return out;
  }

  private siftUp(c: number): void {
    while (c > 0) {
      const p = (c - 1) >> 1;
      if (!this.worse(c, p)) break;
      this.swap(c, p);
      c = p;
    }
  }

  private siftDown(p: number): void {
    for (;;) {
      const l = 2 * p + 1;
      if (l >= this.n) break;
      const r = l + 1;
      const m = r < this.n && this.worse(r, l) ? r : l;
      if (!this.worse(m, p)) break;
      this.swap(m, p);
      p = m;
    }
  }

  private worse(i: number, j: number): boolean {
    const s = this.scores;
    return s[i]! < s[j]! || (s[i] === s[j] && this.ids[i]! > this.ids[j]!);
  }

  private swap(i: number, j: number): void {
    const s = this.scores[i]!;
    this.scores[i] = this.scores[j]!;
    this.scores[j] = s;
    const d = this.ids[i]!;
    this.ids[i] = this.ids[j]!;
    this.ids[j] = d;
  }
}
