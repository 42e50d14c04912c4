/**
 * A LangChain `VectorStore` over hnswlib-node, used directly (not through @langchain/community).
 *
 * Two levels, because hnswlib's single-threaded `addPoint` is the cost of a large ingest:
 * - the HNSW graph holds ONE vector per document (the normalised sum of its chunk vectors), keyed by
 *   the document number: 68,798 graph insertions for the news archive instead of ~300,000;
 * - every chunk's own vector is kept beside it, quantised to int8 (one byte per dimension), so a
 *   search returns, for each document the graph finds, its best-matching chunk label and that
 *   chunk's cosine similarity. Chunk labels are the integer labels shared with the BM25 index.
 */
import type { EmbeddingsInterface } from "@langchain/core/embeddings";
import { Document, type DocumentInterface } from "@langchain/core/documents";
import { VectorStore } from "@langchain/core/vectorstores";
import { writeFile } from "node:fs/promises";
import hnswlib from "hnswlib-node";
import { Q, quantise } from "./quantise.js";

export { quantise };

export interface HnswParams {
  /**
   * "hnsw": hnswlib graph over document vectors (dense embeddings such as OpenAI's).
   * "exact": exact scoring over a dimension-major int8 matrix of document vectors; used for the
   * offline hashing embeddings, whose queries touch few dimensions (measured: HNSW recall@10 on
   * them was 0.29–0.69 depending on M/ef, and building the graph was the largest ingest cost).
   */
  search?: "hnsw" | "exact";
  /** Graph degree. */
  M: number;
  efConstruction: number;
  /** Search breadth at query time. */
  efSearch: number;
}

/**
 * Graph parameters for dense embeddings. On the offline hashing vectors src/bench/hnsw.ts measured
 * recall@10 against exact search of only 0.29–0.69 (M 8–12, efConstruction 24–40, ef 32–160), which
 * is why those use exact scoring (`search: "exact"`); no dense model was available offline to tune these.
 */
export const DEFAULT_HNSW: HnswParams = { M: 12, efConstruction: 40, efSearch: 96 };

/** Turns a label into the Document it stands for (chunk text + metadata). */
export type LabelResolver = (label: number) => DocumentInterface | undefined;

/** Label filter: true to keep. */
export type LabelFilter = (label: number) => boolean;

/** Chunk labels of a document key. */
export type GroupResolver = (key: number) => readonly number[];


/** Normalised sum of vectors (a document's vector from its chunks' vectors). */
export function meanDirection(vectors: ArrayLike<number>[], dim: number): number[] {
  const s = new Float64Array(dim);
  for (const v of vectors) for (let i = 0; i < dim; i++) s[i]! += v[i]!;
  let n = 0;
  for (let i = 0; i < dim; i++) n += s[i]! * s[i]!;
  n = Math.sqrt(n) || 1;
  return Array.from(s, (x) => x / n);
}

export class HnswVectorStore extends VectorStore {
  declare FilterType: LabelFilter;
  index: hnswlib.HierarchicalNSW;
  readonly dim: number;
  readonly params: HnswParams;
  private resolve: LabelResolver;
  private groups: GroupResolver = () => [];
  /** int8 chunk vectors, `dim` bytes per label. */
  private chunkVecs: Int8Array;
  private chunkLabels = 0;
  /** Exact mode: document vectors, dimension-major (column j at [j·cap, j·cap + cap)). */
  private docMat: Int8Array<ArrayBufferLike> = new Int8Array(0);
  private docCap = 0;
  private docKeys = 0;
  private docLive: Uint8Array<ArrayBufferLike> = new Uint8Array(0);
  private scratch = new Int32Array(0);

  get exact(): boolean {
    return this.params.search === "exact";
  }

  _vectorstoreType(): string {
    return "hnswlib-node";
  }

  constructor(embeddings: EmbeddingsInterface, dim: number, params: HnswParams, resolve: LabelResolver, index?: hnswlib.HierarchicalNSW, chunkVecs?: Int8Array) {
    super(embeddings, {});
    this.dim = dim;
    this.params = params;
    this.resolve = resolve;
    if (index) {
      this.index = index;
    } else {
      this.index = new hnswlib.HierarchicalNSW("cosine", dim);
      this.index.initIndex({ maxElements: 1024, m: params.M, efConstruction: params.efConstruction, randomSeed: 42 });
    }
    this.index.setEf(params.efSearch);
    this.chunkVecs = chunkVecs ?? new Int8Array(dim * 1024);
    this.chunkLabels = chunkVecs ? chunkVecs.length / dim : 0;
  }

  private ensureDocCapacity(keys: number): void {
    if (keys <= this.docCap) return;
    const cap = Math.max(keys, Math.ceil(this.docCap * 1.5), 1024);
    const mat = new Int8Array(cap * this.dim);
    for (let j = 0; j < this.dim; j++) mat.set(this.docMat.subarray(j * this.docCap, j * this.docCap + this.docKeys), j * cap);
    const live = new Uint8Array(cap);
    live.set(this.docLive.subarray(0, this.docKeys));
    this.docMat = mat;
    this.docLive = live;
    this.docCap = cap;
  }

  setResolver(resolve: LabelResolver): void {
    this.resolve = resolve;
  }

  setGroups(groups: GroupResolver): void {
    this.groups = groups;
  }

  /** Stores a chunk's vector (unit length) under its label. */
  setChunkVector(label: number, v: ArrayLike<number>): void {
    if (v.length !== this.dim) throw new Error(`vector of dimension ${v.length} given to a ${this.dim}-d index`);
    this.ensureChunkCapacity(label + 1);
    quantise(v, this.chunkVecs, label * this.dim);
    if (label >= this.chunkLabels) this.chunkLabels = label + 1;
  }

  /** Stores already-quantised chunk vectors for consecutive labels starting at `first`. */
  setChunkVectorsQuantised(first: number, q: Int8Array): void {
    const n = q.length / this.dim;
    this.ensureChunkCapacity(first + n);
    this.chunkVecs.set(q, first * this.dim);
    if (first + n > this.chunkLabels) this.chunkLabels = first + n;
  }

  private ensureChunkCapacity(labels: number): void {
    if (labels * this.dim <= this.chunkVecs.length) return;
    const next = new Int8Array(Math.max(labels, Math.ceil((this.chunkVecs.length / this.dim) * 1.6)) * this.dim);
    next.set(this.chunkVecs.subarray(0, this.chunkLabels * this.dim));
    this.chunkVecs = next;
  }

  /** Adds document vectors to the graph under their keys (document numbers). */
  addDocVectors(vectors: ArrayLike<number>[], keys: number[]): void {
    if (vectors.length === 0) return;
    if (this.exact) {
      for (const v of vectors) if (v.length !== this.dim) throw new Error(`vector of dimension ${v.length} given to a ${this.dim}-d index`);
      this.ensureDocCapacity(Math.max(...keys) + 1);
      // column by column: a batch's keys are consecutive, so each column is written in one run
      const mat = this.docMat;
      for (let j = 0; j < this.dim; j++) {
        const col = j * this.docCap;
        for (let i = 0; i < vectors.length; i++) {
          const x = Math.round(vectors[i]![j]! * Q);
          mat[col + keys[i]!] = x > Q ? Q : x < -Q ? -Q : x;
        }
      }
      for (const k of keys) {
        this.docLive[k] = 1;
        if (k >= this.docKeys) this.docKeys = k + 1;
      }
      return;
    }
    const needed = this.index.getCurrentCount() + vectors.length;
    if (needed > this.index.getMaxElements()) this.index.resizeIndex(Math.max(needed, Math.ceil(this.index.getMaxElements() * 1.5)));
    vectors.forEach((v, i) => {
      if (v.length !== this.dim) throw new Error(`vector of dimension ${v.length} given to a ${this.dim}-d index`);
      this.index.addPoint(Array.isArray(v) ? v : Array.from(v), keys[i]!);
    });
  }

  /** LangChain entry point. This store is filled through the index builder (documents and chunks). */
  async addVectors(_vectors: number[][], _documents: DocumentInterface[]): Promise<string[]> {
    throw new Error("add documents through buildIndex (npm run -s cli -- ingest); the store keys vectors by document and chunk");
  }

  async addDocuments(_documents: DocumentInterface[]): Promise<string[]> {
    return this.addVectors([], []);
  }

  markDeleted(key: number): void {
    if (this.exact) {
      if (key < this.docKeys) this.docLive[key] = 0;
      return;
    }
    try {
      this.index.markDelete(key);
    } catch {
      // already deleted or never added: nothing to do
    }
  }

  /** Cosine similarity of a query with a chunk's stored vector. */
  chunkScore(query: ArrayLike<number>, label: number): number {
    const o = label * this.dim;
    const cv = this.chunkVecs;
    let s = 0;
    for (let i = 0; i < this.dim; i++) s += query[i]! * cv[o + i]!;
    return s / Q;
  }

  /**
   * Nearest chunks: the graph finds the `k` nearest documents (whose chunks pass `filter`), and each
   * contributes its best chunk with that chunk's cosine similarity; sorted by that similarity.
   */
  searchLabels(query: number[], k: number, filter?: LabelFilter, among?: Iterable<number>): Array<{ label: number; score: number }> {
    if (k <= 0) return [];
    const keyFilter = filter ? (key: number) => this.groups(key).some((l) => filter(l)) : undefined;
    let res: { neighbors: number[] };
    if (this.exact && among) {
      res = { neighbors: this.exactKeysAmong(query, k, among, keyFilter) };
    } else if (this.exact) {
      res = { neighbors: this.exactKeys(query, k, keyFilter) };
    } else {
      const count = this.index.getCurrentCount();
      if (count === 0) return [];
      this.index.setEf(Math.max(this.params.efSearch, k));
      try {
        res = this.index.searchKnn(query, Math.min(k, count), keyFilter);
      } catch {
        return []; // fewer live documents than asked for after deletions
      }
    }
    const out: Array<{ label: number; score: number }> = [];
    for (const key of res.neighbors) {
      let best = -1;
      let bestScore = -Infinity;
      for (const l of this.groups(key)) {
        if (l >= this.chunkLabels || (filter && !filter(l))) continue;
        const s = this.chunkScore(query, l);
        if (s > bestScore) {
          bestScore = s;
          best = l;
        }
      }
      if (best >= 0) out.push({ label: best, score: bestScore });
    }
    out.sort((a, b) => b.score - a.score || a.label - b.label);
    return out;
  }

  /**
   * Exact top-k among the given document keys only (the candidates other channels found): the
   * same scores as `exactKeys`, at a cost in the number of candidates rather than the corpus size.
   */
  private exactKeysAmong(query: number[], k: number, among: Iterable<number>, keyFilter?: (key: number) => boolean): number[] {
    const nz: number[] = [];
    const qi: number[] = [];
    for (let j = 0; j < this.dim; j++) {
      const w = Math.round(query[j]! * 1024);
      if (w !== 0) {
        nz.push(j * this.docCap);
        qi.push(w);
      }
    }
    const mat = this.docMat;
    const live = this.docLive;
    const scored: Array<[number, number]> = [];
    const seen = new Set<number>();
    for (const key of among) {
      if (key >= this.docKeys || !live[key] || seen.has(key)) continue;
      seen.add(key);
      if (keyFilter && !keyFilter(key)) continue;
      let s = 0;
      for (let z = 0; z < nz.length; z++) s += qi[z]! * mat[nz[z]! + key]!;
      scored.push([s, key]);
    }
    scored.sort((a, b) => b[0] - a[0] || a[1] - b[1]);
    return scored.slice(0, k).map((t) => t[1]);
  }

  /** Exact top-k document keys: only the query's non-zero dimensions are read (column by column). */
  private exactKeys(query: number[], k: number, keyFilter?: (key: number) => boolean): number[] {
    const n = this.docKeys;
    if (n === 0) return [];
    if (this.scratch.length < n) this.scratch = new Int32Array(this.docCap);
    const sc = this.scratch;
    sc.fill(0, 0, n);
    const mat = this.docMat;
    const cap = this.docCap;
    // the query quantised to integers as well: int32 multiply-adds (|score| < 2^31 by far)
    const nz: number[] = [];
    const qi = new Int32Array(this.dim);
    for (let j = 0; j < this.dim; j++) {
      qi[j] = Math.round(query[j]! * 1024);
      if (qi[j] !== 0) nz.push(j);
    }
    // four columns per pass: a quarter of the reads and writes of the score array
    let z = 0;
    for (; z + 4 <= nz.length; z += 4) {
      const w0 = qi[nz[z]!]!;
      const w1 = qi[nz[z + 1]!]!;
      const w2 = qi[nz[z + 2]!]!;
      const w3 = qi[nz[z + 3]!]!;
      const c0 = mat.subarray(nz[z]! * cap, nz[z]! * cap + n);
      const c1 = mat.subarray(nz[z + 1]! * cap, nz[z + 1]! * cap + n);
      const c2 = mat.subarray(nz[z + 2]! * cap, nz[z + 2]! * cap + n);
      const c3 = mat.subarray(nz[z + 3]! * cap, nz[z + 3]! * cap + n);
      for (let i = 0; i < n; i++) sc[i] = (sc[i]! + w0 * c0[i]! + w1 * c1[i]! + w2 * c2[i]! + w3 * c3[i]!) | 0;
    }
    for (; z < nz.length; z++) {
      const w = qi[nz[z]!]!;
      const c = mat.subarray(nz[z]! * cap, nz[z]! * cap + n);
      for (let i = 0; i < n; i++) sc[i] = (sc[i]! + w * c[i]!) | 0;
    }
    // top-k by a bounded insertion list (k is small)
    const top: Array<[number, number]> = [];
    const live = this.docLive;
    for (let i = 0; i < n; i++) {
      const s = sc[i]!;
      if (!live[i] || (top.length === k && s <= top[k - 1]![0])) continue;
      if (keyFilter && !keyFilter(i)) continue;
      let p = top.length < k ? top.length : k - 1;
      if (top.length < k) top.push([s, i]);
      while (p > 0 && top[p - 1]![0] < s) {
        top[p] = top[p - 1]!;
        p--;
      }
      top[p] = [s, i];
    }
    return top.map((t) => t[1]);
  }

  async similaritySearchVectorWithScore(query: number[], k: number, filter?: LabelFilter): Promise<[DocumentInterface, number][]> {
    const out: [DocumentInterface, number][] = [];
    for (const { label, score } of this.searchLabels(query, k, filter)) {
      const doc = this.resolve(label);
      if (doc) out.push([doc, score]);
    }
    return out;
  }

  /** Chunk vectors as bytes (for saving). */
  chunkVectorBytes(): Buffer {
    return Buffer.from(this.chunkVecs.buffer, this.chunkVecs.byteOffset, this.chunkLabels * this.dim);
  }

  /** Exact mode: the document matrix as bytes (dimension-major, `keys` per column) and live flags. */
  docVectorBytes(): Buffer {
    const n = this.docKeys;
    const out = Buffer.alloc(4 + this.dim * n + n);
    out.writeUInt32LE(n, 0);
    const view = new Int8Array(out.buffer, out.byteOffset + 4, this.dim * n);
    for (let j = 0; j < this.dim; j++) view.set(this.docMat.subarray(j * this.docCap, j * this.docCap + n), j * n);
    out.set(this.docLive.subarray(0, n), 4 + this.dim * n);
    return out;
  }

  /**
   * Writes the document-level index, the hnswlib graph or the exact matrix, into a file that must not
   * exist yet (index files may be hard-linked by an older generation: they are never rewritten).
   */
  async saveDocIndex(file: string): Promise<void> {
    if (this.exact) return writeFile(file, this.docVectorBytes(), { flag: "wx" });
    await writeFile(file, "", { flag: "wx" });
    await this.index.writeIndex(file);
  }

  static async load(docFile: string, docBytes: Buffer, chunkVectors: Buffer, embeddings: EmbeddingsInterface, dim: number, params: HnswParams, resolve: LabelResolver): Promise<HnswVectorStore> {
    if (chunkVectors.byteLength % dim !== 0) throw new Error("the chunk vectors file is truncated");
    const vecs = new Int8Array(chunkVectors.buffer, chunkVectors.byteOffset, chunkVectors.byteLength);
    if (params.search === "exact") {
      const n = docBytes.readUInt32LE(0);
      if (docBytes.byteLength !== 4 + dim * n + n) throw new Error("the document vectors file has the wrong size");
      const store = new HnswVectorStore(embeddings, dim, params, resolve, undefined, vecs);
      store.docMat = new Int8Array(docBytes.buffer, docBytes.byteOffset + 4, dim * n);
      store.docLive = new Uint8Array(docBytes.buffer, docBytes.byteOffset + 4 + dim * n, n);
      store.docCap = n;
      store.docKeys = n;
      return store;
    }
    const index = new hnswlib.HierarchicalNSW("cosine", dim);
    await index.readIndex(docFile, true);
    if (index.getNumDimensions() !== dim) throw new Error(`${docFile} holds ${index.getNumDimensions()}-d vectors, expected ${dim}`);
    return new HnswVectorStore(embeddings, dim, params, resolve, index, vecs);
  }

  /**
   * Drops deleted documents and chunks: `keys` are the live document keys in order, `newKey` maps
   * them, `labels` are the live chunk labels in order (they become 0..n-1). The graph is rebuilt
   * from its own stored vectors (nothing is re-embedded).
   */
  compact(keys: number[], newKey: (old: number) => number, labels: number[]): void {
    if (this.exact) {
      const cap = Math.max(1024, keys.length);
      const mat = new Int8Array(cap * this.dim);
      const live = new Uint8Array(cap);
      for (const k of keys) {
        const nk = newKey(k);
        for (let j = 0; j < this.dim; j++) mat[j * cap + nk] = this.docMat[j * this.docCap + k]!;
        live[nk] = this.docLive[k]!;
      }
      this.docMat = mat;
      this.docLive = live;
      this.docCap = cap;
      this.docKeys = keys.length;
    } else this.compactGraph(keys, newKey);
    const vecs = new Int8Array(Math.max(1024, labels.length) * this.dim);
    labels.forEach((l, i) => vecs.set(this.chunkVecs.subarray(l * this.dim, (l + 1) * this.dim), i * this.dim));
    this.chunkVecs = vecs;
    this.chunkLabels = labels.length;
  }

  private compactGraph(keys: number[], newKey: (old: number) => number): void {
    const next = new hnswlib.HierarchicalNSW("cosine", this.dim);
    next.initIndex({ maxElements: Math.max(1024, keys.length), m: this.params.M, efConstruction: this.params.efConstruction, randomSeed: 42 });
    for (const k of keys) next.addPoint(this.index.getPoint(k), newKey(k));
    next.setEf(this.params.efSearch);
    this.index = next;
  }
}

export const chunkDocument = (pageContent: string, metadata: Record<string, unknown>): DocumentInterface =>
  new Document({ pageContent, metadata });
