/**
 * The default offline embeddings: word vectors trained here on public Chinese news
 * (data/news-vectors.bin, see scripts/train-embeddings.ts), combined into a text vector as a
 * SIF-weighted sum (each word weighted a / (a + p(word)), p its frequency in the training corpus) with
 * the corpus's common component removed, L2-normalised (Arora, Liang & Ma 2017). A word the vectors
 * never saw (a local name) gets the mean of its characters' and character pairs' vectors.
 *
 * Like the hashing embeddings, it can embed already-counted words (`featureOf` + `embedFeatures`), so
 * ingest segments every chunk once.
 */
import { Embeddings, type EmbeddingsParams } from "@langchain/core/embeddings";
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { DEFAULT_NEWS_VECTORS } from "../paths.js";
import { vectorWords } from "./vector-words.js";
import { readWordVectors, subwordsOf, type WordVectors } from "./word-vectors.js";

export const NEWS_VECTORS_FILE = DEFAULT_NEWS_VECTORS;

export interface NewsEmbeddingsParams extends EmbeddingsParams {
  /** The word-vectors file (default data/news-vectors.bin). */
  file?: string;
  /** SIF's a: smaller gives rare words more weight. */
  sif?: number;
}

/** Loaded models by file, shared by every instance in a thread (12 MB each). */
const loaded = new Map<string, { vectors: WordVectors; id: string }>();

function load(file: string): { vectors: WordVectors; id: string } {
  let m = loaded.get(file);
  if (!m) {
    const vectors = readWordVectors(file);
    const id = createHash("sha256").update(readFileSync(file)).digest("hex").slice(0, 12);
    loaded.set(file, (m = { vectors, id }));
  }
  return m;
}

export class NewsEmbeddings extends Embeddings {
  readonly kind = "news";
  readonly dimensions: number;
  /** Names the trained vectors (a hash of the file): an index built with other vectors is rebuilt. */
  readonly model: string;
  readonly file: string;
  readonly sif: number;
  private readonly vectors: WordVectors;
  /** Words outside the vocabulary: their composed vectors (int8, unit length) after the model's rows. */
  private extraRows = new Int8Array(0);
  private extraScales: number[] = [];
  private extraCount = 0;
  private readonly featureIds = new Map<string, number>();
  private readonly featureWeights: number[] = [];
  private readonly featureRows: number[] = [];

  constructor(params: NewsEmbeddingsParams = {}) {
    super(params);
    this.file = params.file ?? NEWS_VECTORS_FILE;
    const { vectors, id } = load(this.file);
    this.vectors = vectors;
    this.model = `news-vectors@${id}`;
    this.dimensions = vectors.dim;
    this.sif = params.sif ?? Number(process.env.NEWS_SIF ?? 1e-3);
  }

  /**
   * The feature number of a word (cacheable by the caller per word), or -1 when the word has no vector
   * (a Latin word or number never seen in training).
   */
  featureOf(word: string): number {
    const known = this.featureIds.get(word);
    if (known !== undefined) return known;
    const v = this.vectors;
    let row = v.wordRow.get(word);
    let weight = 1;
    if (row !== undefined) weight = this.sif / (this.sif + v.frequency[row]!);
    else row = this.composedRow(word);
    const id = row === undefined ? -1 : this.featureRows.length;
    if (row !== undefined) {
      this.featureRows.push(row);
      this.featureWeights.push(weight);
    }
    this.featureIds.set(word, id);
    return id;
  }

  /** A new row for an unseen word: the normalised mean of its sub-words' rows. */
  private composedRow(word: string): number | undefined {
    const v = this.vectors;
    const dim = v.dim;
    const sum = new Float64Array(dim);
    let parts = 0;
    for (const s of subwordsOf(word)) {
      const row = v.subwordRow.get(s);
      if (row === undefined) continue;
      parts++;
      const scale = v.scales[row]!;
      const o = row * dim;
      for (let i = 0; i < dim; i++) sum[i]! += v.rows[o + i]! * scale;
    }
    if (!parts) return undefined;
    let max = 0;
    let norm = 0;
    for (let i = 0; i < dim; i++) norm += sum[i]! * sum[i]!;
    norm = Math.sqrt(norm) || 1;
    for (let i = 0; i < dim; i++) max = Math.max(max, Math.abs(sum[i]! / norm));
    if (this.extraRows.length < (this.extraCount + 1) * dim) {
      const next = new Int8Array(Math.max(1024, this.extraCount * 2) * dim);
      next.set(this.extraRows);
      this.extraRows = next;
    }
    const scale = max / 127 || 1;
    const o = this.extraCount * dim;
    for (let i = 0; i < dim; i++) this.extraRows[o + i] = Math.round(sum[i]! / norm / scale);
    this.extraScales.push(scale);
    return v.scales.length + this.extraCount++;
  }

  /** Unit vector from the first `n` features (featureOf; -1 is skipped) with their counts. */
  embedFeatures(features: ArrayLike<number>, counts: ArrayLike<number>, n: number, _text?: string): Float64Array {
    const v = this.vectors;
    const dim = v.dim;
    const modelRows = v.scales.length;
    const out = new Float64Array(dim);
    for (let k = 0; k < n; k++) {
      const f = features[k]!;
      if (f < 0) continue;
      const row = this.featureRows[f]!;
      const w = this.featureWeights[f]! * counts[k]!;
      const rows = row < modelRows ? v.rows : this.extraRows;
      const r = row < modelRows ? row : row - modelRows;
      const scale = w * (row < modelRows ? v.scales[row]! : this.extraScales[r]!);
      const o = r * dim;
      for (let i = 0; i < dim; i++) out[i]! += rows[o + i]! * scale;
    }
    return this.finish(out);
  }

  /** Removes the common component and normalises. */
  private finish(out: Float64Array): Float64Array {
    const c = this.vectors.common;
    const dim = out.length;
    let dot = 0;
    for (let i = 0; i < dim; i++) dot += out[i]! * c[i]!;
    let norm = 0;
    for (let i = 0; i < dim; i++) {
      out[i]! -= dot * c[i]!;
      norm += out[i]! * out[i]!;
    }
    norm = Math.sqrt(norm);
    if (norm > 0) for (let i = 0; i < dim; i++) out[i]! /= norm;
    return out;
  }

  embed(text: string): number[] {
    const counts = new Map<number, number>();
    for (const w of vectorWords(text)) {
      const f = this.featureOf(w);
      if (f >= 0) counts.set(f, (counts.get(f) ?? 0) + 1);
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
