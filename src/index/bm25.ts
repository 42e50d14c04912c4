/**
 * A BM25 inverted index over chunk tokens, written for Chinese tokens (LangChain's BM25Retriever
 * scores Chinese as NaN). Terms have integer ids; each term's postings are two growable typed
 * arrays (chunk label ascending, term frequency). Chunk ids are the integer labels shared with the
 * vector index; deleted chunks are tombstoned until compaction.
 *
 * Search is document-at-a-time MaxScore: each term has an upper bound on what it can add to a
 * score; once the top-k heap is full, terms whose bounds together cannot beat the k-th score are
 * only probed (binary search) for candidates found through the other terms, so long posting lists
 * of common words are mostly skipped instead of scored.
 *
 * Serialised as a JSON vocabulary plus one binary buffer that is read back as typed-array views.
 */
import { TermTable } from "./term-table.js";

export interface Bm25Params {
  k1: number;
  b: number;
}

export interface ScoredId {
  id: number;
  score: number;
}

const FORMAT = 2;
const LOG_SHIFT = 20;
const LOG_BLOCK = 1 << LOG_SHIFT;

function grow<T extends Uint32Array | Uint16Array | Float32Array | Uint8Array>(a: T, need: number, make: (n: number) => T): T {
  if (need <= a.length) return a;
  const b = make(Math.max(need, Math.ceil(a.length * 1.6), 8));
  b.set(a);
  return b;
}

export class Bm25Index {
  readonly params: Bm25Params;
  private terms: string[] = [];
  private termIds = new TermTable(this.terms);
  /** Postings in CSR form: term t's are ids/tfs[offs[t] .. offs[t+1]) (terms ≥ offs.length-1 have none yet). */
  private offs: Uint32Array<ArrayBufferLike> = new Uint32Array(1);
  private ids: Uint32Array<ArrayBufferLike> = new Uint32Array(0);
  private tfs: Uint16Array<ArrayBufferLike> = new Uint16Array(0);
  /**
   * Postings added since the last merge, in blocks (no copying while an ingest appends millions):
   * term and frequency only; the chunk label is stored once per chunk, in `runs`.
   */
  private log: Array<{ t: Uint32Array; tf: Uint16Array }> = [];
  private logN = 0;
  /** Chunks added since the last merge: label of chunk r, and where its postings start in the log. */
  private runLabel: Uint32Array<ArrayBufferLike> = new Uint32Array(0);
  private runStart: Uint32Array<ArrayBufferLike> = new Uint32Array(0);
  private runs = 0;
  /** Per-term upper bound of tf·(k1+1)/(tf+k1·norm) at `boundAvgdl`; NaN = not computed. */
  private bound: Float32Array<ArrayBufferLike> = new Float32Array(0);
  private boundAvgdl = -1;
  /** Token count of each chunk label (0 for never-used labels). */
  private lengths: Uint32Array<ArrayBufferLike> = new Uint32Array(0);
  private labels = 0;
  private deletedFlag: Uint8Array<ArrayBufferLike> = new Uint8Array(0);
  private deletedN = 0;
  private totalLength = 0;
  private liveCount = 0;

  constructor(params: Bm25Params = { k1: 1.2, b: 0.75 }) {
    this.params = params;
  }

  get size(): number {
    return this.liveCount;
  }

  get deletedCount(): number {
    return this.deletedN;
  }

  get vocabularySize(): number {
    return this.terms.length;
  }

  /** The id of a term, adding it to the vocabulary when new. */
  termId(term: string): number {
    return this.termIds.get(term) ?? this.termIds.add(term);
  }

  /** Starts the postings of a new chunk (labels increase). */
  private beginChunk(id: number): void {
    if (id < this.labels) throw new Error(`BM25 labels must increase (got ${id} after ${this.labels - 1})`);
    this.runLabel = grow(this.runLabel, this.runs + 1, (n) => new Uint32Array(n));
    this.runStart = grow(this.runStart, this.runs + 1, (n) => new Uint32Array(n));
    this.runLabel[this.runs] = id;
    this.runStart[this.runs] = this.logN;
    this.runs++;
  }

  private push(tid: number, tf: number): void {
    const b = this.logN & (LOG_BLOCK - 1);
    if (b === 0) this.log.push({ t: new Uint32Array(LOG_BLOCK), tf: new Uint16Array(LOG_BLOCK) });
    const blk = this.log[this.log.length - 1]!;
    blk.t[b] = tid;
    blk.tf[b] = tf > 65535 ? 65535 : tf;
    this.logN++;
  }

  /**
   * Merges appended postings into the CSR arrays (a stable counting sort by term). Appended labels
   * are larger than every merged one, so each term's new postings go after its old ones, and runs of
   * terms without new postings are moved with one copy each: a daily update of a large index costs
   * one pass of memory copying, not one step per term.
   */
  private merge(): void {
    if (this.logN === 0) return;
    const nt = this.terms.length;
    const oldOffs = this.offs;
    const oldTerms = oldOffs.length - 1;
    const added = new Uint32Array(nt);
    for (let i = 0; i < this.logN; i++) added[this.log[i >> LOG_SHIFT]!.t[i & (LOG_BLOCK - 1)]!]!++;
    const offs = new Uint32Array(nt + 1);
    for (let t = 0; t < nt; t++) offs[t + 1] = offs[t]! + (t < oldTerms ? oldOffs[t + 1]! - oldOffs[t]! : 0) + added[t]!;
    const ids = new Uint32Array(offs[nt]!);
    const tfs = new Uint16Array(offs[nt]!);
    // old postings: runs of terms whose lists did not grow keep their relative layout
    let run = 0;
    const flush = (end: number): void => {
      if (end <= run) return;
      const a = oldOffs[run]!;
      const b = oldOffs[end]!;
      ids.set(this.ids.subarray(a, b), offs[run]!);
      tfs.set(this.tfs.subarray(a, b), offs[run]!);
    };
    const fill = new Uint32Array(nt);
    for (let t = 0; t < nt; t++) {
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
    this.offs = offs;
    this.ids = ids;
    this.tfs = tfs;
    this.log = [];
    this.logN = 0;
    this.runLabel = new Uint32Array(0);
    this.runStart = new Uint32Array(0);
    this.runs = 0;
  }

  /** Sorts appended postings into the searchable arrays now rather than at the next search. */
  settle(): void {
    this.merge();
  }

  private postingCount(t: number): number {
    return t + 1 < this.offs.length ? this.offs[t + 1]! - this.offs[t]! : 0;
  }

  private setLength(id: number, len: number): void {
    if (id >= this.lengths.length) {
      this.lengths = grow(this.lengths, id + 1, (m) => new Uint32Array(m));
      this.deletedFlag = grow(this.deletedFlag, id + 1, (m) => new Uint8Array(m));
    }
    this.lengths[id] = len;
    if (id >= this.labels) this.labels = id + 1;
    this.totalLength += len;
    this.liveCount++;
    this.boundAvgdl = -1;
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
    for (const term of terms) this.push(this.termId(term), tfIt.next().value as number);
    this.setLength(id, length);
  }

  /** Adds a chunk from term ids (see termId) and their frequencies. */
  addIds(id: number, termIds: ArrayLike<number>, tfs: ArrayLike<number>, length: number): void {
    this.beginChunk(id);
    // straight into the current log block while it has room (this runs once per posting of an ingest)
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
        blk.tf[b + j] = tf > 65535 ? 65535 : tf;
      }
      this.logN += n;
      i += n;
    }
    this.setLength(id, length);
  }

  remove(id: number): void {
    if (id >= this.labels || this.deletedFlag[id] || !this.lengths[id]) return;
    this.deletedFlag[id] = 1;
    this.deletedN++;
    this.totalLength -= this.lengths[id]!;
    this.liveCount--;
    this.boundAvgdl = -1;
  }

  isDeleted(id: number): boolean {
    return id < this.labels && this.deletedFlag[id] === 1;
  }

  /** Document frequency of a term (counts tombstoned chunks until compaction). */
  df(term: string): number {
    const t = this.termIds.get(term);
    if (t === undefined) return 0;
    this.merge();
    return this.postingCount(t);
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
    const n = this.df(term);
    return Math.log(1 + (this.liveCount + this.deletedN - n + 0.5) / (n + 0.5));
  }

  private avgdl(): number {
    return this.liveCount ? this.totalLength / this.liveCount : 1;
  }

  /** Upper bound of one term's saturated tf factor over its postings (cached per avgdl). */
  private termBound(tid: number): number {
    const avgdl = this.avgdl();
    if (this.boundAvgdl !== avgdl || this.bound.length < this.terms.length) {
      this.bound = new Float32Array(this.terms.length + 1024);
      this.bound.fill(Number.NaN);
      this.boundAvgdl = avgdl;
    }
    let m = this.bound[tid]!;
    if (Number.isNaN(m)) {
      const { k1, b } = this.params;
      const ids = this.ids;
      const tfs = this.tfs;
      const n = this.offs[tid + 1]!;
      const lengths = this.lengths;
      m = 0;
      for (let i = this.offs[tid]!; i < n; i++) {
        const tf = tfs[i]!;
        const s = tf / (tf + k1 * (1 - b + (b * lengths[ids[i]!]!) / avgdl));
        if (s > m) m = s;
      }
      m = m * (1 + 1e-6) + 1e-9; // float32 storage must still be an upper bound
      this.bound[tid] = m;
    }
    return m;
  }

  /**
   * Scores chunks against weighted query terms; returns the best `k` (score descending, label
   * ascending on ties). `allow` filters chunk ids (e.g. by date) before they enter the ranking.
   */
  search(terms: Array<{ term: string; weight: number }>, k: number, allow?: (id: number) => boolean): ScoredId[] {
    if (k <= 0) return [];
    this.merge();
    const { k1, b } = this.params;
    const avgdl = this.avgdl();
    const byTerm = new Map<number, number>();
    for (const { term, weight } of terms) {
      const t = this.termIds.get(term);
      if (t === undefined || weight === 0 || this.postingCount(t) === 0) continue;
      byTerm.set(t, (byTerm.get(t) ?? 0) + weight);
    }
    if (byTerm.size === 0) return [];
    const q: Array<{ tid: number; w: number; ub: number }> = [];
    for (const [tid, weight] of byTerm) {
      const df = this.postingCount(tid);
      const w = Math.log(1 + (this.liveCount + this.deletedN - df + 0.5) / (df + 0.5)) * weight * (k1 + 1);
      if (w <= 0) continue;
      q.push({ tid, w, ub: w * this.termBound(tid) });
    }
    if (q.length === 0) return [];
    q.sort((x, y) => x.ub - y.ub);
    const n = q.length;
    const ids = q.map((x) => this.ids.subarray(this.offs[x.tid]!, this.offs[x.tid + 1]!));
    const tfs = q.map((x) => this.tfs.subarray(this.offs[x.tid]!, this.offs[x.tid + 1]!));
    const lens = q.map((x) => this.postingCount(x.tid));
    const ws = q.map((x) => x.w);
    const pre = new Float64Array(n);
    for (let i = 0, s = 0; i < n; i++) pre[i] = s += q[i]!.ub;
    const pos = new Int32Array(n);
    const lengths = this.lengths;
    const del = this.deletedFlag;
    const normA = k1 * (1 - b);
    const normB = (k1 * b) / avgdl;

    // min-heap of (score, id), worst at the top
    const hs = new Float64Array(k);
    const hi = new Int32Array(k);
    let hn = 0;
    let theta = 0;
    let firstEssential = 0;
    const worse = (i: number, j: number): boolean => hs[i]! < hs[j]! || (hs[i] === hs[j] && hi[i]! > hi[j]!);
    const swap = (i: number, j: number): void => {
      const s = hs[i]!;
      hs[i] = hs[j]!;
      hs[j] = s;
      const d = hi[i]!;
      hi[i] = hi[j]!;
      hi[j] = d;
    };
    const heapPush = (score: number, id: number): void => {
      if (hn < k) {
        hs[hn] = score;
        hi[hn] = id;
        let c = hn++;
        while (c > 0) {
          const p = (c - 1) >> 1;
          if (!worse(c, p)) break;
          swap(c, p);
          c = p;
        }
      } else {
        hs[0] = score;
        hi[0] = id;
        let p = 0;
        for (;;) {
          const l = 2 * p + 1;
          if (l >= hn) break;
          const r = l + 1;
          const m = r < hn && worse(r, l) ? r : l;
          if (!worse(m, p)) break;
          swap(m, p);
          p = m;
        }
      }
      if (hn === k) {
        theta = hs[0]!;
        while (firstEssential < n && pre[firstEssential]! <= theta) firstEssential++;
      }
    };

    for (;;) {
      let cand = 0xffffffff;
      for (let i = firstEssential; i < n; i++) {
        const p = pos[i]!;
        if (p < lens[i]! && ids[i]![p]! < cand) cand = ids[i]![p]!;
      }
      if (cand === 0xffffffff) break;
      const norm = normA + normB * lengths[cand]!;
      let score = 0;
      for (let i = firstEssential; i < n; i++) {
        const p = pos[i]!;
        if (p < lens[i]! && ids[i]![p] === cand) {
          const tf = tfs[i]![p]!;
          score += (ws[i]! * tf) / (tf + norm);
          pos[i] = p + 1;
        }
      }
      if (del[cand]) continue;
      for (let i = firstEssential - 1; i >= 0; i--) {
        if (hn === k && score + pre[i]! <= theta) break;
        // gallop then binary search for the first posting ≥ cand
        const arr = ids[i]!;
        const len = lens[i]!;
        let lo = pos[i]!;
        if (lo >= len) continue;
        if (arr[lo]! < cand) {
          let step = 1;
          let hiB = lo + 1;
          while (hiB < len && arr[hiB]! < cand) {
            lo = hiB;
            step *= 2;
            hiB = lo + step;
          }
          if (hiB > len) hiB = len;
          lo++;
          while (lo < hiB) {
            const mid = (lo + hiB) >> 1;
            if (arr[mid]! < cand) lo = mid + 1;
            else hiB = mid;
          }
          pos[i] = lo;
        }
        if (lo < len && arr[lo] === cand) {
          const tf = tfs[i]![lo]!;
          score += (ws[i]! * tf) / (tf + norm);
        }
      }
      if (hn < k || score > theta || (score === theta && cand < hi[0]!)) {
        if (allow && !allow(cand)) continue;
        heapPush(score, cand);
      }
    }
    const out: ScoredId[] = [];
    for (let i = 0; i < hn; i++) out.push({ id: hi[i]!, score: hs[i]! });
    out.sort((x, y) => y.score - x.score || x.id - y.id);
    return out;
  }

  /** Exhaustive scoring (every posting), kept as the reference the MaxScore search is tested against. */
  searchExhaustive(terms: Array<{ term: string; weight: number }>, k: number, allow?: (id: number) => boolean): ScoredId[] {
    this.merge();
    const { k1, b } = this.params;
    const avgdl = this.avgdl();
    const scores = new Map<number, number>();
    for (const { term, weight } of terms) {
      const t = this.termIds.get(term);
      if (t === undefined || weight === 0) continue;
      const idf = this.idf(term) * weight;
      const ids = this.ids;
      const tfs = this.tfs;
      for (let i = this.offs[t]!; i < this.offs[t + 1]!; i++) {
        const id = ids[i]!;
        if (this.deletedFlag[id] || (allow && !allow(id))) continue;
        const tf = tfs[i]!;
        const s = (idf * tf * (k1 + 1)) / (tf + k1 * (1 - b + (b * this.lengths[id]!) / avgdl));
        scores.set(id, (scores.get(id) ?? 0) + s);
      }
    }
    return topK(scores, k);
  }

  /** Drops tombstoned postings; `remap` gives each surviving old id its new id (order-preserving). */
  compact(remap: (oldId: number) => number | undefined): void {
    this.merge();
    const newLen = new Uint32Array(this.labels);
    let maxNew = -1;
    for (let old = 0; old < this.labels; old++) {
      if (this.deletedFlag[old] || !this.lengths[old]) continue;
      const nid = remap(old);
      if (nid === undefined) continue;
      newLen[nid] = this.lengths[old]!;
      if (nid > maxNew) maxNew = nid;
    }
    // postings stay grouped by term and ascending by label (remap keeps the order), so the new CSR
    // arrays are written directly; terms left without postings are dropped from the vocabulary
    const total = this.offs[this.offs.length - 1]!;
    const ids = new Uint32Array(total);
    const tfs = new Uint16Array(total);
    const terms: string[] = [];
    const offs: number[] = [0];
    let n = 0;
    for (let t = 0; t < this.terms.length; t++) {
      const start = n;
      for (let i = this.offs[t]!; i < this.offs[t + 1]!; i++) {
        const old = this.ids[i]!;
        if (this.deletedFlag[old]) continue;
        const nid = remap(old);
        if (nid === undefined) continue;
        ids[n] = nid;
        tfs[n] = this.tfs[i]!;
        n++;
      }
      if (n > start) {
        terms.push(this.terms[t]!);
        offs.push(n);
      }
    }
    this.terms = terms;
    this.termIds = new TermTable(terms);
    this.offs = Uint32Array.from(offs);
    this.ids = ids.slice(0, n);
    this.tfs = tfs.slice(0, n);
    this.lengths = newLen.slice(0, maxNew + 1);
    this.labels = maxNew + 1;
    this.deletedFlag = new Uint8Array(this.labels);
    this.deletedN = 0;
    this.totalLength = 0;
    this.liveCount = 0;
    for (let i = 0; i < this.labels; i++) {
      if (this.lengths[i]) {
        this.totalLength += this.lengths[i]!;
        this.liveCount++;
      }
    }
    this.boundAvgdl = -1;
  }

  serialize(): { vocab: string; buffer: Buffer } {
    const { vocab, parts } = this.serializeParts();
    return { vocab, buffer: Buffer.concat(parts) };
  }

  /** The serialised form as buffer pieces (views, not copies) to be written one after another. */
  serializeParts(): { vocab: string; parts: Buffer[] } {
    this.merge();
    const nt = this.terms.length;
    const total = this.offs[this.offs.length - 1]!;
    const counts = new Uint32Array(nt);
    const bounds = new Float32Array(nt);
    for (let t = 0; t < nt; t++) {
      counts[t] = this.postingCount(t);
      bounds[t] = counts[t] ? this.termBound(t) : 0;
    }
    const lengths = this.lengths.subarray(0, this.labels);
    const deleted = this.deletedFlag.subarray(0, this.labels);
    const header = { format: FORMAT, params: this.params, terms: nt, postings: total, labels: this.labels, avgdl: this.avgdl() };
    const pad = (4 - (this.labels % 4)) % 4;
    const parts = [
      Buffer.from(counts.buffer, counts.byteOffset, counts.byteLength),
      Buffer.from(this.ids.buffer, this.ids.byteOffset, total * 4),
      Buffer.from(this.tfs.buffer, this.tfs.byteOffset, total * 2),
      Buffer.alloc((total % 2) * 2),
      Buffer.from(bounds.buffer, bounds.byteOffset, bounds.byteLength),
      Buffer.from(lengths.buffer, lengths.byteOffset, lengths.byteLength),
      Buffer.from(deleted.buffer, deleted.byteOffset, deleted.byteLength),
      Buffer.alloc(pad),
    ];
    return { vocab: JSON.stringify({ header, terms: this.terms }), parts };
  }

  static deserialize(vocab: string, buffer: Buffer): Bm25Index {
    const { header, terms } = JSON.parse(vocab) as {
      header: { format?: number; params: Bm25Params; terms: number; postings: number; labels: number; avgdl: number };
      terms: string[];
    };
    if (header.format !== FORMAT) throw new Error(`BM25 file format ${header.format ?? 1}, expected ${FORMAT}`);
    // every array below is a view into the file's bytes (copied once only when they are not 4-byte aligned)
    let ab: ArrayBufferLike = buffer.buffer;
    let off = buffer.byteOffset;
    if (off % 4 !== 0) {
      ab = new ArrayBuffer(buffer.byteLength + 8);
      new Uint8Array(ab).set(buffer);
      off = 0;
    }
    const base = off;
    const counts = new Uint32Array(ab, off, header.terms);
    off += header.terms * 4;
    const ids = new Uint32Array(ab, off, header.postings);
    off += header.postings * 4;
    const tfs = new Uint16Array(ab, off, header.postings);
    off += (header.postings + (header.postings % 2)) * 2;
    const bounds = new Float32Array(ab, off, header.terms);
    off += header.terms * 4;
    const lengths = new Uint32Array(ab, off, header.labels);
    off += header.labels * 4;
    const deleted = new Uint8Array(ab, off, header.labels);
    if (off - base + header.labels > buffer.byteLength) throw new Error("BM25 postings file is truncated");
    const idx = new Bm25Index(header.params);
    idx.terms = terms;
    idx.termIds = new TermTable(terms);
    idx.offs = new Uint32Array(terms.length + 1);
    for (let t = 0; t < terms.length; t++) {
      idx.offs[t + 1] = idx.offs[t]! + counts[t]!;
    }
    if (idx.offs[terms.length] !== header.postings) throw new Error("BM25 postings file is inconsistent");
    idx.ids = ids;
    idx.tfs = tfs;
    idx.lengths = lengths;
    idx.deletedFlag = deleted;
    idx.labels = header.labels;
    for (let i = 0; i < header.labels; i++) {
      if (!lengths[i]) continue;
      if (deleted[i]) idx.deletedN++;
      else {
        idx.totalLength += lengths[i]!;
        idx.liveCount++;
      }
    }
    if (Math.abs(idx.avgdl() - header.avgdl) < 1e-9) {
      idx.bound = new Float32Array(terms.length + 1024).fill(Number.NaN);
      idx.boundAvgdl = idx.avgdl();
      idx.bound.set(bounds);
      idx.boundAvgdl = idx.avgdl();
    }
    return idx;
  }
}

export function topK(scores: Map<number, number>, k: number): ScoredId[] {
  const all: ScoredId[] = [];
  for (const [id, score] of scores) all.push({ id, score });
  all.sort((a, b) => b.score - a.score || a.id - b.id);
  return all.slice(0, k);
}
