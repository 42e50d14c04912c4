/**
 * The default offline embeddings: word vectors trained here on public Chinese news
 * (data/news-vectors.bin, see scripts/train-embeddings.ts). A text's vector has two parts, normalised
 * together:
 * - its meaning: the SIF-weighted sum of its words' trained vectors (each word weighted a / (a + p(word)),
 *   p its frequency in the training corpus) with the corpus's common component removed (Arora, Liang &
 *   Ma 2017); a word the vectors never saw (a local name) means the mean of its characters' and
 *   character pairs' vectors;
 * - which words it holds: each word adds its weight at IDENTITY_TOUCHES signed places of `identityDims`
 *   dimensions chosen by a hash of the word (a sparse random projection), so that the vectors alone can
 *   tell 「厉以宁」 from any other name (docs/architecture.md, "The trained word vectors", for the
 *   measurements).
 *
 * Like the hashing embeddings, it can embed already-counted words (`featureOf` + `embedFeatures`), so
 * ingest segments every chunk once.
 */
import { Embeddings, type EmbeddingsParams } from "@langchain/core/embeddings";
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { DEFAULT_NEWS_VECTORS } from "../paths.js";
import { vectorWords } from "./vector-words.js";
import { readWordVectors, readWordVectorsHeader, subwordsOf, type WordVectors } from "./word-vectors.js";

export const NEWS_VECTORS_FILE = DEFAULT_NEWS_VECTORS;

export interface NewsEmbeddingsParams extends EmbeddingsParams {
  /** The word-vectors file (default data/news-vectors.bin). */
  file?: string;
  /** SIF's a: smaller gives rare words more weight. */
  sif?: number;
  /** Weight of each word's own pseudo-random direction beside its trained one. */
  identity?: number;
  /** Dimensions for those directions (0: none). */
  identityDims?: number;
}

/** Positions of the identity dimensions each word touches. */
const IDENTITY_TOUCHES = 32;

/** How many unknown words a thread remembers before it starts over. */
const UNKNOWN_CACHE = 50_000;

/** out[0, dim) += row × scale. */
function addRow(out: Float64Array, v: WordVectors, row: number, scale: number): void {
  const dim = v.dim;
  const o = row * dim;
  const rows = v.rows;
  for (let i = 0; i < dim; i++) out[i]! += rows[o + i]! * scale;
}

function grown<T extends Int8Array | Float32Array | Uint32Array>(a: T, size: number): T {
  const next = new (a.constructor as new (n: number) => T)(size);
  next.set(a);
  return next;
}

/** Sublinear term frequency (1 + ln tf); a fractional count (a down-weighted word) stays proportional. */
function sublinear(tf: number): number {
  return tf >= 1 ? 1 + Math.log(tf) : Math.max(0, tf);
}

/** FNV-1a, 32 bit, never 0 (the seed of a word's pseudo-random direction). */
function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0 || 1;
}

/** Loaded models by file, shared by every instance in a thread (12 MB each), and their hashes. */
const loaded = new Map<string, WordVectors>();
const hashes = new Map<string, string>();

function modelId(file: string): string {
  let id = hashes.get(file);
  if (!id) hashes.set(file, (id = createHash("sha256").update(readFileSync(file)).digest("hex").slice(0, 12)));
  return id;
}

/** Embeddings that can weigh a text's words by what the caller knows of them (a retriever: its corpus's idf). */
export interface WeighsWords {
  embedWeighted(text: string, weightOf?: (word: string) => number): number[];
}

export function weighsWords(embeddings: object): embeddings is WeighsWords {
  return typeof (embeddings as Partial<WeighsWords>).embedWeighted === "function";
}

export class NewsEmbeddings extends Embeddings implements WeighsWords {
  readonly kind = "news";
  readonly dimensions: number;
  /** Names the trained vectors (a hash of the file) and the settings: an index built otherwise is rebuilt. */
  readonly model: string;
  readonly file: string;
  readonly sif: number;
  readonly identity: number;
  /** Dimensions of the words' own directions, after the trained ones. */
  readonly identityDims: number;
  private loadedVectors: WordVectors | undefined;
  /**
   * Words outside the vocabulary, numbered after the model's rows: the sub-word rows their meaning is
   * the mean of (unknownRows[unknownStart[e] .. unknownStart[e + 1]), none for a word without known
   * sub-words), the factor that makes that mean unit length, and the seeds of their own directions.
   * Kept as row numbers, not vectors: ingest meets some 300,000 unknown words per thread.
   */
  private unknownStart = new Uint32Array(1025);
  private unknownRows = new Uint32Array(4096);
  private unknownNorms = new Float32Array(1024);
  private unknownSeeds = new Uint32Array(1024);
  private unknownCount = 0;
  /** Seeds of the vocabulary words' own directions, by row (made on first use). */
  private wordSeeds: Uint32Array | undefined;
  /** Recently seen unknown words (bounded: callers that embed many texts cache features themselves). */
  private readonly unknown = new Map<string, number>();

  constructor(params: NewsEmbeddingsParams = {}) {
    super(params);
    this.file = params.file ?? NEWS_VECTORS_FILE;
    const header = readWordVectorsHeader(this.file);
    this.sif = params.sif ?? 3e-4;
    this.identity = params.identity ?? 2.5;
    this.identityDims = params.identityDims ?? 256;
    this.dimensions = header.dim + this.identityDims;
    // the vectors and every setting that shapes a text's vector: an index built otherwise is rebuilt
    this.model = `news-vectors@${modelId(this.file)}/sif${this.sif}/id${this.identity}x${this.identityDims}`;
  }

  /** The vectors, read on first use (a thread that only hands the work to others never reads them). */
  private get vectors(): WordVectors {
    if (!this.loadedVectors) {
      this.loadedVectors = loaded.get(this.file) ?? readWordVectors(this.file);
      loaded.set(this.file, this.loadedVectors);
    }
    return this.loadedVectors;
  }

  /**
   * The feature number of a word (callers may cache it per word): its row in the vocabulary, or for an
   * unknown word a number after those, standing for its composed vector and its own direction.
   */
  featureOf(word: string): number {
    const row = this.vectors.wordRow.get(word);
    if (row !== undefined) return row;
    const known = this.unknown.get(word);
    if (known !== undefined) return known;
    if (this.unknown.size >= UNKNOWN_CACHE) this.unknown.clear();
    const id = this.vectors.scales.length + this.addUnknown(word);
    this.unknown.set(word, id);
    return id;
  }

  /** Adds an unknown word: its known sub-words' rows, the norm of their mean, and its seed. */
  private addUnknown(word: string): number {
    const v = this.vectors;
    const dim = v.dim;
    const at = this.unknownCount++;
    if (this.unknownSeeds.length <= at) {
      const size = Math.ceil(at * 1.5);
      this.unknownStart = grown(this.unknownStart, size + 1);
      this.unknownNorms = grown(this.unknownNorms, size);
      this.unknownSeeds = grown(this.unknownSeeds, size);
    }
    this.unknownSeeds[at] = fnv1a(word);
    const rows = subwordsOf(word)
      .map((s) => v.subwordRow.get(s))
      .filter((r): r is number => r !== undefined);
    const first = this.unknownStart[at]!;
    if (this.unknownRows.length < first + rows.length) this.unknownRows = grown(this.unknownRows, Math.ceil((first + rows.length) * 1.5));
    this.unknownRows.set(rows, first);
    this.unknownStart[at + 1] = first + rows.length;
    const sum = new Float64Array(dim);
    for (const row of rows) {
      const scale = v.scales[row]!;
      for (let i = 0; i < dim; i++) sum[i]! += v.rows[row * dim + i]! * scale;
    }
    let norm = 0;
    for (let i = 0; i < dim; i++) norm += sum[i]! * sum[i]!;
    this.unknownNorms[at] = norm > 0 ? 1 / Math.sqrt(norm) : 0;
    return at;
  }

  private seedOfWordRow(row: number): number {
    if (!this.wordSeeds) {
      this.wordSeeds = new Uint32Array(this.vectors.frequency.length);
      for (const [word, r] of this.vectors.wordRow) this.wordSeeds[r] = fnv1a(word);
    }
    return this.wordSeeds[row]!;
  }

  /**
   * Unit vector from the first `n` features (featureOf; -1 is skipped) with their counts: the
   * weighted sum of the words' trained (or composed) vectors, the common component removed, beside
   * the weighted sum of the words' own pseudo-random directions (which word it is, not what it means).
   */
  embedFeatures(features: ArrayLike<number>, counts: ArrayLike<number>, n: number, _text?: string): Float64Array {
    const v = this.vectors;
    const dim = v.dim;
    const words = v.frequency.length;
    const out = new Float64Array(this.dimensions);
    const sign = this.identityDims ? this.identity / Math.sqrt(IDENTITY_TOUCHES) : 0;
    for (let k = 0; k < n; k++) {
      const f = features[k]!;
      const tf = sublinear(counts[k]!);
      if (f < 0 || tf <= 0) continue;
      let w: number;
      let seed: number;
      if (f < words) {
        w = (this.sif / (this.sif + v.frequency[f]!)) * tf;
        seed = this.seedOfWordRow(f);
        addRow(out, v, f, w * v.scales[f]!);
      } else {
        const e = f - v.scales.length;
        w = tf;
        seed = this.unknownSeeds[e]!;
        const norm = w * this.unknownNorms[e]!;
        if (norm)
          for (let r = this.unknownStart[e]!; r < this.unknownStart[e + 1]!; r++) addRow(out, v, this.unknownRows[r]!, norm * v.scales[this.unknownRows[r]!]!);
      }
      // its own direction: IDENTITY_TOUCHES signed positions of the identity dimensions (a sparse
      // random projection, as good as a dense one for telling words apart and 16 times cheaper)
      let h = seed;
      const step = w * sign;
      for (let t = 0; t < IDENTITY_TOUCHES; t++) {
        h ^= h << 13;
        h ^= h >>> 17;
        h ^= h << 5;
        const u = h >>> 0;
        out[dim + ((u >>> 1) % this.identityDims)]! += u & 1 ? step : -step;
      }
    }
    return this.finish(out);
  }

  /** Removes the common component and normalises. */
  private finish(out: Float64Array): Float64Array {
    const c = this.vectors.common;
    let dot = 0;
    for (let i = 0; i < c.length; i++) dot += out[i]! * c[i]!;
    for (let i = 0; i < c.length; i++) out[i]! -= dot * c[i]!;
    let norm = 0;
    for (let i = 0; i < out.length; i++) norm += out[i]! * out[i]!;
    norm = Math.sqrt(norm);
    if (norm > 0) for (let i = 0; i < out.length; i++) out[i]! /= norm;
    return out;
  }

  embed(text: string): number[] {
    return this.embedWeighted(text);
  }

  /**
   * A text's vector with each word's weight multiplied by `weightOf(word)`: a retriever scales a
   * question's words by what its own corpus says of them (a word no article holds says little).
   */
  embedWeighted(text: string, weightOf?: (word: string) => number): number[] {
    const counts = new Map<number, number>();
    for (const w of vectorWords(text)) {
      const f = this.featureOf(w);
      const times = weightOf ? weightOf(w) : 1;
      if (f >= 0 && times > 0) counts.set(f, (counts.get(f) ?? 0) + times);
    }
    return Array.from(this.embedFeatures([...counts.keys()], [...counts.values()], counts.size));
  }

  async embedDocuments(texts: string[]): Promise<number[][]> {
    return texts.map((t) => this.embed(t));
  }

  async embedQuery(text: string): Promise<number[]> {
    return this.embed(text);
  }
}
