/**
 * A BM25 inverted index over chunk tokens, written for Chinese tokens (LangChain's BM25Retriever
 * scores Chinese as NaN). Chunk ids are the integer labels shared with the vector index; deleted
 * chunks are tombstoned until compaction. The parts, one job each, are in bm25/:
 * - the vocabulary: term text → id (term-table.ts);
 * - the postings of each term, appended to a log and merged into CSR arrays (bm25/postings.ts);
 * - each chunk's length and tombstone (bm25/chunk-lengths.ts);
 * - scoring: document-at-a-time MaxScore (bm25/maxscore.ts) with per-term bounds (bm25/term-bounds.ts);
 * - the file format (bm25/serialise.ts).
 */
import { ChunkLengths } from "./bm25/chunk-lengths.js";
import { maxScoreSearch, type QueryTerm } from "./bm25/maxscore.js";
import { DEFAULT_BM25, type Bm25Params, type ScoredId } from "./bm25/params.js";
import { Postings } from "./bm25/postings.js";
import { deserialiseParts, serialiseParts } from "./bm25/serialise.js";
import { TermBounds } from "./bm25/term-bounds.js";
import { TermTable } from "./term-table.js";

export type { Bm25Params, ScoredId };

/** A query term and how much it counts. */
export interface WeightedTerm {
  term: string;
  weight: number;
}

export class Bm25Index {
  readonly params: Bm25Params;
  private terms: string[] = [];
  private termIds = new TermTable(this.terms);
  private postings = new Postings();
  private chunks = new ChunkLengths();
  private readonly bounds = new TermBounds();

  constructor(params: Bm25Params = DEFAULT_BM25) {
    this.params = params;
  }

  get size(): number {
    return this.chunks.liveCount;
  }

  get deletedCount(): number {
    return this.chunks.deletedCount;
  }

  get vocabularySize(): number {
    return this.terms.length;
  }

  /** The id of a term, adding it to the vocabulary when new. */
  termId(term: string): number {
    return this.termIds.get(term) ?? this.termIds.add(term);
  }

  /** Sorts appended postings into the searchable arrays now rather than at the next search. */
  settle(): void {
    this.merge();
  }

  private merge(): void {
    this.postings.merge(this.terms.length);
  }

  /** Adds a chunk from its tokens. Labels must be added in increasing order. */
  add(id: number, tokens: string[]): void {
    const tf = new Map<string, number>();
    for (const t of tokens) tf.set(t, (tf.get(t) ?? 0) + 1);
    this.addCounts(id, tf.keys(), tf.values(), tokens.length);
  }

  /** Adds a chunk from its distinct terms and their frequencies (as produced by ingest workers). */
  addCounts(id: number, terms: Iterable<string>, tfs: Iterable<number>, length: number): void {
    this.beginChunk(id);
    const tfIt = tfs[Symbol.iterator]();
    for (const term of terms) this.postings.push(this.termId(term), tfIt.next().value as number);
    this.endChunk(id, length);
  }

  /** Adds a chunk from term ids (see termId) and their frequencies. */
  addIds(id: number, termIds: ArrayLike<number>, tfs: ArrayLike<number>, length: number): void {
    this.beginChunk(id);
    this.postings.pushAll(termIds, tfs);
    this.endChunk(id, length);
  }

  private beginChunk(id: number): void {
    if (id < this.chunks.labels) throw new Error(`BM25 labels must increase (got ${id} after ${this.chunks.labels - 1})`);
    this.postings.beginChunk(id);
  }

  private endChunk(id: number, length: number): void {
    this.chunks.set(id, length);
    this.bounds.invalidate();
  }

  remove(id: number): void {
    if (this.chunks.remove(id)) this.bounds.invalidate();
  }

  isDeleted(id: number): boolean {
    return this.chunks.isDeleted(id);
  }

  /** Document frequency of a term (counts tombstoned chunks until compaction). */
  df(term: string): number {
    const t = this.termIds.get(term);
    if (t === undefined) return 0;
    this.merge();
    return this.postings.count(t);
  }

  /** Every term with the number of live chunks it occurs in (what `df` gives one term at a time). */
  documentFrequencies(): Array<[string, number]> {
    return this.terms.map((t) => [t, this.df(t)] as [string, number]).filter(([, n]) => n > 0);
  }

  /**
   * Inverse document frequency. Until compaction, document frequencies still count tombstoned
   * chunks, so the population they are measured against includes them too (idf stays positive).
   */
  idf(term: string): number {
    return this.idfOf(this.df(term));
  }

  private idfOf(df: number): number {
    return Math.log(1 + (this.chunks.liveCount + this.chunks.deletedCount - df + 0.5) / (df + 0.5));
  }

  private avgdl(): number {
    return this.chunks.avgdl();
  }

  /** Upper bound of one term's saturated tf factor over its postings (see term-bounds.ts). */
  private termBound(tid: number): number {
    return this.bounds.of(tid, this.terms.length, this.postings, this.chunks, this.params);
  }

  /**
   * Scores chunks against weighted query terms; returns the best `k` (score descending, label
   * ascending on ties). `allow` filters chunk ids (e.g. by date) before they enter the ranking.
   */
  search(terms: WeightedTerm[], k: number, allow?: (id: number) => boolean): ScoredId[] {
    if (k <= 0) return [];
    this.merge();
    const query = this.queryTerms(terms);
    if (query.length === 0) return [];
    return maxScoreSearch(query, this.postings, this.chunks, this.params, k, allow);
  }

  /** The query's terms that can score, weights of a repeated term summed, in ascending order of their bounds. */
  private queryTerms(terms: WeightedTerm[]): QueryTerm[] {
    const byTerm = new Map<number, number>();
    for (const { term, weight } of terms) {
      const t = this.termIds.get(term);
      if (t === undefined || weight === 0 || this.postings.count(t) === 0) continue;
      byTerm.set(t, (byTerm.get(t) ?? 0) + weight);
    }
    const query: QueryTerm[] = [];
    for (const [tid, weight] of byTerm) {
      const w = this.idfOf(this.postings.count(tid)) * weight * (this.params.k1 + 1);
      if (w <= 0) continue;
      query.push({ tid, w, ub: w * this.termBound(tid) });
    }
    return query.sort((x, y) => x.ub - y.ub);
  }

  /** Exhaustive scoring (every posting), kept as the reference the MaxScore search is tested against. */
  searchExhaustive(terms: WeightedTerm[], k: number, allow?: (id: number) => boolean): ScoredId[] {
    this.merge();
    const { k1, b } = this.params;
    const avgdl = this.avgdl();
    const { ids, tfs, offs } = this.postings;
    const { lengths, deleted } = this.chunks;
    const scores = new Map<number, number>();
    for (const { term, weight } of terms) {
      const t = this.termIds.get(term);
      if (t === undefined || weight === 0) continue;
      const idf = this.idf(term) * weight;
      for (let i = offs[t]!; i < offs[t + 1]!; i++) {
        const id = ids[i]!;
        if (deleted[id] || (allow && !allow(id))) continue;
        const tf = tfs[i]!;
        const s = (idf * tf * (k1 + 1)) / (tf + k1 * (1 - b + (b * lengths[id]!) / avgdl));
        scores.set(id, (scores.get(id) ?? 0) + s);
      }
    }
    return topK(scores, k);
  }

  /** Drops tombstoned postings; `remap` gives each surviving old id its new id (order-preserving). */
  compact(remap: (oldId: number) => number | undefined): void {
    this.merge();
    // the postings are compacted while the tombstones they are checked against are still the old ones
    const kept = this.postings.compact(this.terms.length, this.chunks.deleted, remap);
    this.terms = kept.map((t) => this.terms[t]!);
    this.termIds = new TermTable(this.terms);
    this.chunks.compact(remap);
    this.bounds.invalidate();
  }

  serialize(): { vocab: string; buffer: Buffer } {
    const { vocab, parts } = this.serializeParts();
    return { vocab, buffer: Buffer.concat(parts) };
  }

  /** The serialised form as buffer pieces (views, not copies) to be written one after another. */
  serializeParts(): { vocab: string; parts: Buffer[] } {
    this.merge();
    const bounds = new Float32Array(this.terms.length);
    for (let t = 0; t < this.terms.length; t++) bounds[t] = this.postings.count(t) ? this.termBound(t) : 0;
    return serialiseParts({ params: this.params, terms: this.terms, postings: this.postings, chunks: this.chunks, bounds, avgdl: this.avgdl() });
  }

  static deserialize(vocab: string, buffer: Buffer): Bm25Index {
    const saved = deserialiseParts(vocab, buffer);
    const idx = new Bm25Index(saved.params);
    idx.terms = saved.terms;
    idx.termIds = new TermTable(saved.terms);
    idx.postings = saved.postings;
    idx.chunks = saved.chunks;
    if (Math.abs(idx.avgdl() - saved.avgdl) < 1e-9) idx.bounds.restore(saved.bounds, saved.terms.length, idx.avgdl());
    return idx;
  }
}

function topK(scores: Map<number, number>, k: number): ScoredId[] {
  const all: ScoredId[] = [];
  for (const [id, score] of scores) all.push({ id, score });
  all.sort((a, b) => b.score - a.score || a.id - b.id);
  return all.slice(0, k);
}
