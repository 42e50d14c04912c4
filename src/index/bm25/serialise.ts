/**
 * BM25 on disk: a JSON vocabulary (a header and the terms) plus one binary buffer that is read back
 * as typed-array views: per-term posting counts (uint32), labels (uint32), term frequencies (uint16,
 * padded to 4 bytes), per-term bounds (float32), chunk lengths (uint32), tombstones (uint8, padded).
 */
import { ChunkLengths } from "./chunk-lengths.js";
import type { Bm25Params } from "./params.js";
import { Postings } from "./postings.js";

const FORMAT = 2;

interface Header {
  format?: number;
  params: Bm25Params;
  terms: number;
  postings: number;
  labels: number;
  avgdl: number;
}

/** What a BM25 index is made of, as saved and as read back. */
export interface Bm25Saved {
  params: Bm25Params;
  terms: string[];
  postings: Postings;
  chunks: ChunkLengths;
  /** Each term's MaxScore bound (see term-bounds.ts), valid for `avgdl`. */
  bounds: Float32Array;
  avgdl: number;
}

/** The serialised form as buffer pieces (views, not copies) to be written one after another. */
export function serialiseParts(saved: Bm25Saved): { vocab: string; parts: Buffer[] } {
  const { postings, chunks, bounds } = saved;
  const nt = saved.terms.length;
  const total = postings.total;
  const counts = new Uint32Array(nt);
  for (let t = 0; t < nt; t++) counts[t] = postings.count(t);
  const lengths = chunks.lengths.subarray(0, chunks.labels);
  const deleted = chunks.deleted.subarray(0, chunks.labels);
  const header: Header = { format: FORMAT, params: saved.params, terms: nt, postings: total, labels: chunks.labels, avgdl: saved.avgdl };
  const pad = (4 - (chunks.labels % 4)) % 4;
  const parts = [
    Buffer.from(counts.buffer, counts.byteOffset, counts.byteLength),
    Buffer.from(postings.ids.buffer, postings.ids.byteOffset, total * 4),
    Buffer.from(postings.tfs.buffer, postings.tfs.byteOffset, total * 2),
    Buffer.alloc((total % 2) * 2),
    Buffer.from(bounds.buffer, bounds.byteOffset, bounds.byteLength),
    Buffer.from(lengths.buffer, lengths.byteOffset, lengths.byteLength),
    Buffer.from(deleted.buffer, deleted.byteOffset, deleted.byteLength),
    Buffer.alloc(pad),
  ];
  return { vocab: JSON.stringify({ header, terms: saved.terms }), parts };
}

/** Reads back what `serialiseParts` wrote; every array is a view into `buffer` (copied once only when it is not 4-byte aligned). */
export function deserialiseParts(vocab: string, buffer: Buffer): Bm25Saved {
  const { header, terms } = JSON.parse(vocab) as { header: Header; terms: string[] };
  if (header.format !== FORMAT) throw new Error(`BM25 file format ${header.format ?? 1}, expected ${FORMAT}`);
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
  const postings = Postings.restore(counts.subarray(0, terms.length), ids, tfs);
  if (postings.offs[terms.length] !== header.postings) throw new Error("BM25 postings file is inconsistent");
  const chunks = ChunkLengths.restore(lengths, deleted, header.labels);
  return { params: header.params, terms, postings, chunks, bounds, avgdl: header.avgdl };
}
