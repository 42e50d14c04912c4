/**
 * Exact scoring of document vectors held as a dimension-major int8 matrix (column j at
 * [j·cap, j·cap + cap)): a query reads only its non-zero dimensions, column by column, so the sparse
 * hashing vectors cost a few columns per question, not the whole matrix.
 *
 * On disk (doc-vectors.bin): uint32 LE key count n, then the matrix as n bytes per dimension, then
 * one live flag per key.
 */
import { createHash } from "node:crypto";
import { writeFile } from "node:fs/promises";
import type { FileInfo } from "../manifest.js";
import { Q } from "../quantise.js";
import type { DocVectorIndex, KeyFilter } from "./doc-index.js";

/** Multiply-adds a full scan may cost (about 2.5 ms here). */
export const FULL_SCAN_BUDGET = 4_000_000;

export class ExactDocIndex implements DocVectorIndex {
  /**
   * A full scan costs documents × dimensions multiply-adds: 16 ms a question for 68,798 documents of
   * 384 dimensions (crud-news), 1.5 ms for 6,351 (ChronoQA). Up to FULL_SCAN_BUDGET the whole index is
   * searched (the vector channel then finds articles no keyword matched); above it, the candidates.
   */
  get prefersCandidates(): boolean {
    return this.keys * this.dim > FULL_SCAN_BUDGET;
  }
  private mat: Int8Array<ArrayBufferLike> = new Int8Array(0);
  private cap = 0;
  private keys = 0;
  private live: Uint8Array<ArrayBufferLike> = new Uint8Array(0);
  private scratch = new Int32Array(0);

  constructor(readonly dim: number) {}

  /** The index saved by `save` (the bytes are used in place, not copied). */
  static fromBytes(bytes: Buffer, dim: number): ExactDocIndex {
    const n = bytes.readUInt32LE(0);
    if (bytes.byteLength !== 4 + dim * n + n) throw new Error("the document vectors file has the wrong size");
    const index = new ExactDocIndex(dim);
    index.mat = new Int8Array(bytes.buffer, bytes.byteOffset + 4, dim * n);
    index.live = new Uint8Array(bytes.buffer, bytes.byteOffset + 4 + dim * n, n);
    index.cap = n;
    index.keys = n;
    return index;
  }

  get count(): number {
    return this.keys;
  }

  private ensureCapacity(keys: number): void {
    if (keys <= this.cap) return;
    const cap = Math.max(keys, Math.ceil(this.cap * 1.25), 1024);
    const mat = new Int8Array(cap * this.dim);
    for (let j = 0; j < this.dim; j++) mat.set(this.mat.subarray(j * this.cap, j * this.cap + this.keys), j * cap);
    const live = new Uint8Array(cap);
    live.set(this.live.subarray(0, this.keys));
    this.mat = mat;
    this.live = live;
    this.cap = cap;
  }

  add(vectors: ArrayLike<number>[], keys: number[]): void {
    if (vectors.length === 0) return;
    for (const v of vectors) if (v.length !== this.dim) throw new Error(`vector of dimension ${v.length} given to a ${this.dim}-d index`);
    this.ensureCapacity(Math.max(...keys) + 1);
    // column by column: a batch's keys are consecutive, so each column is written in one run
    const mat = this.mat;
    for (let j = 0; j < this.dim; j++) {
      const col = j * this.cap;
      for (let i = 0; i < vectors.length; i++) {
        const x = Math.round(vectors[i]![j]! * Q);
        mat[col + keys[i]!] = x > Q ? Q : x < -Q ? -Q : x;
      }
    }
    for (const k of keys) {
      this.live[k] = 1;
      if (k >= this.keys) this.keys = k + 1;
    }
  }

  markDeleted(key: number): void {
    if (key < this.keys) this.live[key] = 0;
  }

  search(query: number[], k: number, keyFilter?: KeyFilter, among?: Iterable<number>): number[] {
    if (k <= 0) return [];
    return among ? this.searchAmong(query, k, among, keyFilter) : this.searchAll(query, k, keyFilter);
  }

  /**
   * Exact top-k among the given keys only (the candidates other channels found): the same scores as
   * `searchAll`, at a cost in the number of candidates rather than the corpus size.
   */
  private searchAmong(query: number[], k: number, among: Iterable<number>, keyFilter?: KeyFilter): number[] {
    const nz: number[] = [];
    const qi: number[] = [];
    for (let j = 0; j < this.dim; j++) {
      const w = Math.round(query[j]! * 1024);
      if (w !== 0) {
        nz.push(j * this.cap);
        qi.push(w);
      }
    }
    const mat = this.mat;
    const live = this.live;
    const scored: Array<[number, number]> = [];
    const seen = new Set<number>();
    for (const key of among) {
      if (key >= this.keys || !live[key] || seen.has(key)) continue;
      seen.add(key);
      if (keyFilter && !keyFilter(key)) continue;
      let s = 0;
      for (let z = 0; z < nz.length; z++) s += qi[z]! * mat[nz[z]! + key]!;
      scored.push([s, key]);
    }
    scored.sort((a, b) => b[0] - a[0] || a[1] - b[1]);
    return scored.slice(0, k).map((t) => t[1]);
  }

  /** Exact top-k keys: only the query's non-zero dimensions are read (column by column). */
  private searchAll(query: number[], k: number, keyFilter?: KeyFilter): number[] {
    const n = this.keys;
    if (n === 0) return [];
    if (this.scratch.length < n) this.scratch = new Int32Array(this.cap);
    const sc = this.scratch;
    sc.fill(0, 0, n);
    const mat = this.mat;
    const cap = this.cap;
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
    const live = this.live;
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

  vector(key: number): number[] {
    if (key >= this.keys || !this.live[key]) throw new Error(`no document vector under key ${key}`);
    return Array.from({ length: this.dim }, (_, j) => this.mat[j * this.cap + key]! / Q);
  }

  /** The matrix as bytes (dimension-major, `keys` per column) and the live flags. */
  bytes(): Buffer {
    const n = this.keys;
    const out = Buffer.alloc(4 + this.dim * n + n);
    out.writeUInt32LE(n, 0);
    const view = new Int8Array(out.buffer, out.byteOffset + 4, this.dim * n);
    for (let j = 0; j < this.dim; j++) view.set(this.mat.subarray(j * this.cap, j * this.cap + n), j * n);
    out.set(this.live.subarray(0, n), 4 + this.dim * n);
    return out;
  }

  estimatedFileBytes(): number {
    return 4 + this.dim * this.keys + this.keys;
  }

  async save(file: string): Promise<FileInfo> {
    const buf = this.bytes();
    await writeFile(file, buf, { flag: "wx" });
    return { bytes: buf.byteLength, sha256: createHash("sha256").update(buf).digest("hex") };
  }

  compact(keys: number[], newKey: (old: number) => number): void {
    const cap = Math.max(1024, keys.length);
    const mat = new Int8Array(cap * this.dim);
    const live = new Uint8Array(cap);
    for (const k of keys) {
      const nk = newKey(k);
      for (let j = 0; j < this.dim; j++) mat[j * cap + nk] = this.mat[j * this.cap + k]!;
      live[nk] = this.live[k]!;
    }
    this.mat = mat;
    this.live = live;
    this.cap = cap;
    this.keys = keys.length;
  }
}
