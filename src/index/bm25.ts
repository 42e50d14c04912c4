/**
 * A BM25 inverted index over chunk tokens, written for Chinese tokens (LangChain's BM25Retriever
 * scores Chinese as NaN). Postings are kept per term as growable id/tf arrays; chunk ids are the
 * same integer labels as in the hnswlib index, and deleted chunks are tombstoned until compaction.
 * Serialised as one JSON vocabulary plus one binary buffer of postings.
 */
export interface Bm25Params {
  k1: number;
  b: number;
}

export interface ScoredId {
  id: number;
  score: number;
}

interface Postings {
  ids: number[];
  tfs: number[];
}

export class Bm25Index {
  readonly params: Bm25Params;
  private postings = new Map<string, Postings>();
  /** Token count of each chunk label (0 for deleted or never-used labels). */
  private lengths: number[] = [];
  private deleted = new Set<number>();
  private totalLength = 0;
  private liveCount = 0;

  constructor(params: Bm25Params = { k1: 1.2, b: 0.75 }) {
    this.params = params;
  }

  get size(): number {
    return this.liveCount;
  }

  get deletedCount(): number {
    return this.deleted.size;
  }

  add(id: number, tokens: string[]): void {
    const tf = new Map<string, number>();
    for (const t of tokens) tf.set(t, (tf.get(t) ?? 0) + 1);
    for (const [term, n] of tf) {
      let p = this.postings.get(term);
      if (!p) this.postings.set(term, (p = { ids: [], tfs: [] }));
      p.ids.push(id);
      p.tfs.push(n);
    }
    this.lengths[id] = tokens.length;
    this.totalLength += tokens.length;
    this.liveCount++;
  }

  remove(id: number): void {
    if (this.deleted.has(id) || !this.lengths[id]) return;
    this.deleted.add(id);
    this.totalLength -= this.lengths[id]!;
    this.liveCount--;
  }

  isDeleted(id: number): boolean {
    return this.deleted.has(id);
  }

  /** Document frequency of a term among live chunks (approximate while tombstones remain). */
  df(term: string): number {
    return this.postings.get(term)?.ids.length ?? 0;
  }

  idf(term: string): number {
    const n = this.df(term);
    return Math.log(1 + (this.liveCount - n + 0.5) / (n + 0.5));
  }

  /**
   * Scores chunks against weighted query terms; returns the best `k`. `allow` filters chunk ids
   * (e.g. by date) before they enter the ranking.
   */
  search(terms: Array<{ term: string; weight: number }>, k: number, allow?: (id: number) => boolean): ScoredId[] {
    const { k1, b } = this.params;
    const avgdl = this.liveCount ? this.totalLength / this.liveCount : 1;
    const scores = new Map<number, number>();
    for (const { term, weight } of terms) {
      const p = this.postings.get(term);
      if (!p || weight === 0) continue;
      const idf = this.idf(term) * weight;
      for (let i = 0; i < p.ids.length; i++) {
        const id = p.ids[i]!;
        if (this.deleted.has(id) || (allow && !allow(id))) continue;
        const tf = p.tfs[i]!;
        const dl = this.lengths[id]!;
        const s = (idf * tf * (k1 + 1)) / (tf + k1 * (1 - b + (b * dl) / avgdl));
        scores.set(id, (scores.get(id) ?? 0) + s);
      }
    }
    return topK(scores, k);
  }

  /** Drops tombstoned postings; `remap` gives each surviving old id its new id. */
  compact(remap: (oldId: number) => number | undefined): void {
    const next = new Map<string, Postings>();
    for (const [term, p] of this.postings) {
      const q: Postings = { ids: [], tfs: [] };
      for (let i = 0; i < p.ids.length; i++) {
        const nid = this.deleted.has(p.ids[i]!) ? undefined : remap(p.ids[i]!);
        if (nid !== undefined) {
          q.ids.push(nid);
          q.tfs.push(p.tfs[i]!);
        }
      }
      if (q.ids.length) next.set(term, q);
    }
    const lengths: number[] = [];
    this.lengths.forEach((len, old) => {
      const nid = this.deleted.has(old) ? undefined : remap(old);
      if (nid !== undefined) lengths[nid] = len;
    });
    this.postings = next;
    this.lengths = lengths;
    this.deleted.clear();
  }

  serialize(): { vocab: string; buffer: Buffer } {
    const terms = [...this.postings.keys()];
    let total = 0;
    for (const t of terms) total += this.postings.get(t)!.ids.length;
    const counts = new Uint32Array(terms.length);
    const ids = new Uint32Array(total);
    const tfs = new Uint16Array(total);
    let o = 0;
    terms.forEach((t, i) => {
      const p = this.postings.get(t)!;
      counts[i] = p.ids.length;
      for (let j = 0; j < p.ids.length; j++) {
        ids[o] = p.ids[j]!;
        tfs[o] = Math.min(p.tfs[j]!, 65535);
        o++;
      }
    });
    const lengths = Uint32Array.from({ length: this.lengths.length }, (_, i) => this.lengths[i] ?? 0);
    const deleted = Uint32Array.from(this.deleted);
    const header = { params: this.params, terms: terms.length, postings: total, labels: lengths.length, deleted: deleted.length };
    const buffer = Buffer.concat([
      Buffer.from(counts.buffer),
      Buffer.from(ids.buffer),
      Buffer.from(tfs.buffer, 0, tfs.byteLength),
      Buffer.alloc((4 - (tfs.byteLength % 4)) % 4),
      Buffer.from(lengths.buffer),
      Buffer.from(deleted.buffer),
    ]);
    return { vocab: JSON.stringify({ header, terms }), buffer };
  }

  static deserialize(vocab: string, buffer: Buffer): Bm25Index {
    const { header, terms } = JSON.parse(vocab) as {
      header: { params: Bm25Params; terms: number; postings: number; labels: number; deleted: number };
      terms: string[];
    };
    const ab = buffer.buffer.slice(buffer.byteOffset, buffer.byteOffset + buffer.byteLength);
    let off = 0;
    const counts = new Uint32Array(ab, off, header.terms);
    off += header.terms * 4;
    const ids = new Uint32Array(ab, off, header.postings);
    off += header.postings * 4;
    const tfs = new Uint16Array(ab, off, header.postings);
    off += header.postings * 2;
    off += (4 - ((header.postings * 2) % 4)) % 4;
    const lengths = new Uint32Array(ab, off, header.labels);
    off += header.labels * 4;
    const deleted = new Uint32Array(ab, off, header.deleted);
    const idx = new Bm25Index(header.params);
    let o = 0;
    terms.forEach((t, i) => {
      const n = counts[i]!;
      idx.postings.set(t, { ids: Array.from(ids.subarray(o, o + n)), tfs: Array.from(tfs.subarray(o, o + n)) });
      o += n;
    });
    idx.lengths = Array.from(lengths);
    idx.deleted = new Set(deleted);
    for (let i = 0; i < idx.lengths.length; i++) {
      if (idx.lengths[i] && !idx.deleted.has(i)) {
        idx.totalLength += idx.lengths[i]!;
        idx.liveCount++;
      }
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
