/**
 * Every chunk's own vector, quantised to int8 (one byte per dimension), by chunk label (the labels
 * shared with the BM25 index). On disk (chunk-vectors.bin): `dim` bytes per label, labels in order.
 */
import { Q, quantise } from "../quantise.js";

export class ChunkVectors {
  private vecs: Int8Array;
  private labels: number;

  /** `bytes`: the saved vectors, used in place (not copied). */
  constructor(
    readonly dim: number,
    bytes?: Buffer,
  ) {
    if (bytes && bytes.byteLength % dim !== 0) throw new Error("the chunk vectors file is truncated");
    this.vecs = bytes ? new Int8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength) : new Int8Array(dim * 1024);
    this.labels = bytes ? bytes.byteLength / dim : 0;
  }

  /** Labels held (one past the highest label set). */
  get count(): number {
    return this.labels;
  }

  /** Stores a chunk's vector (unit length) under its label. */
  set(label: number, v: ArrayLike<number>): void {
    if (v.length !== this.dim) throw new Error(`vector of dimension ${v.length} given to a ${this.dim}-d index`);
    this.ensureCapacity(label + 1);
    quantise(v, this.vecs, label * this.dim);
    if (label >= this.labels) this.labels = label + 1;
  }

  /** Stores already-quantised vectors for consecutive labels starting at `first`. */
  setQuantised(first: number, q: Int8Array): void {
    const n = q.length / this.dim;
    this.ensureCapacity(first + n);
    this.vecs.set(q, first * this.dim);
    if (first + n > this.labels) this.labels = first + n;
  }

  private ensureCapacity(labels: number): void {
    if (labels * this.dim <= this.vecs.length) return;
    const next = new Int8Array(Math.max(labels, Math.ceil((this.vecs.length / this.dim) * 1.25)) * this.dim);
    next.set(this.vecs.subarray(0, this.labels * this.dim));
    this.vecs = next;
  }

  /** Cosine similarity of a query (unit length) with a chunk's stored vector. */
  score(query: ArrayLike<number>, label: number): number {
    const o = label * this.dim;
    const cv = this.vecs;
    let s = 0;
    for (let i = 0; i < this.dim; i++) s += query[i]! * cv[o + i]!;
    return s / Q;
  }

  /** Keeps only `labels` (the live labels, in order), which become 0..n-1. */
  compact(labels: number[]): void {
    const vecs = new Int8Array(Math.max(1024, labels.length) * this.dim);
    labels.forEach((l, i) => vecs.set(this.vecs.subarray(l * this.dim, (l + 1) * this.dim), i * this.dim));
    this.vecs = vecs;
    this.labels = labels.length;
  }

  /** The vectors as bytes (for saving). */
  bytes(): Buffer {
    return Buffer.from(this.vecs.buffer, this.vecs.byteOffset, this.labels * this.dim);
  }
}

/** Normalised sum of vectors (a document's vector from its chunks' vectors). */
export function meanDirection(vectors: ArrayLike<number>[], dim: number): number[] {
  const s = new Float64Array(dim);
  for (const v of vectors) for (let i = 0; i < dim; i++) s[i]! += v[i]!;
  let n = 0;
  for (let i = 0; i < dim; i++) n += s[i]! * s[i]!;
  n = Math.sqrt(n) || 1;
  return Array.from(s, (x) => x / n);
}
