/**
 * The trained word vectors (data/news-vectors.bin, made by scripts/train-embeddings.ts): one int8 row
 * per vocabulary word and per sub-word (a Han character or a character pair), each with its scale;
 * each word's relative frequency in the training corpus (for SIF weights); and the common component
 * of text vectors, removed from every text vector (Arora et al. 2017).
 *
 * A word outside the vocabulary (a name never seen in training) gets the mean of its sub-words' rows,
 * as in fastText: the vectors were trained with every word's sub-words added to its own row.
 *
 * File layout (little-endian): "NEWSVEC1", u32 header length, header JSON, u32 vocabulary length,
 * vocabulary (UTF-8, words then sub-words, one per line), zero padding to 4 bytes, f32 scale per row,
 * f32 frequency per word, f32 common component (dim), int8 rows (rows × dim).
 */
import { closeSync, openSync, readFileSync, readSync, writeFileSync } from "node:fs";
import type { FittedSpec, Provenance } from "../models/fitted.js";
import { DEFAULT_NEWS_VECTORS } from "../paths.js";

const MAGIC = "NEWSVEC1";

/** The trained vectors are the first fitted file: everything else is fit on what they make. */
export const NEWS_VECTORS: FittedSpec = {
  name: "news-vectors",
  file: "news-vectors.bin",
  script: "scripts/train-embeddings.ts",
  readProvenance: () => readWordVectorsHeader(DEFAULT_NEWS_VECTORS).provenance,
};

export interface WordVectorsHeader {
  dim: number;
  words: number;
  subwords: number;
  /** How the vectors were made (corpus, its licence and hash, training settings, time). */
  provenance: Provenance;
}

export interface WordVectors {
  readonly header: WordVectorsHeader;
  readonly dim: number;
  /** Row of a vocabulary word. */
  readonly wordRow: ReadonlyMap<string, number>;
  /** Row of a sub-word. */
  readonly subwordRow: ReadonlyMap<string, number>;
  readonly scales: Float32Array;
  /** Relative frequency of each word row in the training corpus. */
  readonly frequency: Float32Array;
  readonly common: Float32Array;
  readonly rows: Int8Array;
}

const HAN = /\p{Script=Han}/u;

/**
 * The sub-words of a word: its Han characters, and its character pairs when it has three or more
 * characters (a two-character word's only pair is itself). Latin words and numbers have none.
 */
export function subwordsOf(word: string): string[] {
  const chars = [...word];
  if (chars.length < 2 || !chars.every((c) => HAN.test(c))) return [];
  const out = [...new Set(chars)];
  if (chars.length >= 3) for (let i = 0; i + 1 < chars.length; i++) out.push(chars[i]! + chars[i + 1]!);
  return [...new Set(out)];
}

export function writeWordVectors(file: string, wv: Omit<WordVectors, "wordRow" | "subwordRow" | "dim"> & { words: string[]; subwords: string[] }): void {
  const header = Buffer.from(JSON.stringify(wv.header));
  const vocab = Buffer.from([...wv.words, ...wv.subwords].join("\n"));
  const lead = 8 + 4 + header.length + 4 + vocab.length;
  const pad = (4 - (lead % 4)) % 4;
  const parts = [
    Buffer.from(MAGIC),
    u32(header.length),
    header,
    u32(vocab.length),
    vocab,
    Buffer.alloc(pad),
    bytesOf(wv.scales),
    bytesOf(wv.frequency),
    bytesOf(wv.common),
    bytesOf(wv.rows),
  ];
  writeFileSync(file, Buffer.concat(parts));
}

/** The header alone (dimensions, sizes, provenance), without reading the vectors. */
export function readWordVectorsHeader(file: string): WordVectorsHeader {
  const fd = openSync(file, "r");
  try {
    const lead = Buffer.alloc(12);
    readSync(fd, lead, 0, 12, 0);
    if (lead.subarray(0, 8).toString() !== MAGIC) throw new Error(`${file} is not a word-vectors file (run: npm run train-embeddings)`);
    const header = Buffer.alloc(lead.readUInt32LE(8));
    readSync(fd, header, 0, header.length, 12);
    return JSON.parse(header.toString()) as WordVectorsHeader;
  } finally {
    closeSync(fd);
  }
}

export function readWordVectors(file: string): WordVectors {
  const buf = readFileSync(file);
  if (buf.subarray(0, 8).toString() !== MAGIC) throw new Error(`${file} is not a word-vectors file (run: npm run train-embeddings)`);
  let at = 8;
  const headerLength = buf.readUInt32LE(at);
  const header = JSON.parse(buf.subarray(at + 4, at + 4 + headerLength).toString()) as WordVectorsHeader;
  at += 4 + headerLength;
  const vocabLength = buf.readUInt32LE(at);
  const vocab = buf
    .subarray(at + 4, at + 4 + vocabLength)
    .toString()
    .split("\n");
  at += 4 + vocabLength;
  at += (4 - (at % 4)) % 4;
  const { dim, words, subwords } = header;
  const rowCount = words + subwords;
  if (vocab.length !== rowCount) throw new Error(`${file}: vocabulary of ${vocab.length} entries, header says ${rowCount}`);
  const floats = (n: number): Float32Array => {
    const out = new Float32Array(buf.buffer.slice(buf.byteOffset + at, buf.byteOffset + at + 4 * n));
    at += 4 * n;
    return out;
  };
  const scales = floats(rowCount);
  const frequency = floats(words);
  const common = floats(dim);
  if (buf.length - at !== rowCount * dim)
    throw new Error(`${file} is truncated or damaged (expected ${rowCount * dim} vector bytes, found ${buf.length - at})`);
  const rows = new Int8Array(buf.buffer, buf.byteOffset + at, rowCount * dim);
  const wordRow = new Map<string, number>();
  const subwordRow = new Map<string, number>();
  for (let i = 0; i < words; i++) wordRow.set(vocab[i]!, i);
  for (let i = words; i < rowCount; i++) subwordRow.set(vocab[i]!, i);
  return { header, dim, wordRow, subwordRow, scales, frequency, common, rows };
}

function u32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(n);
  return b;
}

function bytesOf(a: Float32Array | Int8Array): Buffer {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength);
}
