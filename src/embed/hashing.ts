/**
 * The default, fully offline embeddings: a signed feature-hashing vectoriser over nodejieba words
 * (stop-words dropped) and CJK character bigrams, sublinear term frequency, L2-normalised.
 * Nothing to download, deterministic, and robust to segmentation differences and one-character
 * OCR slips (most bigrams of a word survive a slip), which is what the vector side of the hybrid
 * retriever is for.
 */
import { Embeddings, type EmbeddingsParams } from "@langchain/core/embeddings";
import { words } from "../text/tokenizer.js";

export interface HashingEmbeddingsParams extends EmbeddingsParams {
  dimensions?: number;
  /** Weight of a character bigram relative to a word. */
  bigramWeight?: number;
}

/** FNV-1a, 32 bit. */
function fnv1a(s: string, seed = 0x811c9dc5): number {
  let h = seed;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

const HAN_RUN = /\p{Script=Han}{2,}/gu;

export class HashingEmbeddings extends Embeddings {
  readonly kind = "hash";
  readonly dimensions: number;
  private readonly bigramWeight: number;

  constructor(params: HashingEmbeddingsParams = {}) {
    super(params);
    this.dimensions = params.dimensions ?? 256;
    this.bigramWeight = params.bigramWeight ?? 0.5;
  }

  /** Features of a text with their raw weights (before sublinear scaling). */
  features(text: string): Map<string, number> {
    const f = new Map<string, number>();
    for (const w of words(text, true)) f.set(w, (f.get(w) ?? 0) + 1);
    for (const run of text.match(HAN_RUN) ?? []) {
      for (let i = 0; i + 1 < run.length; i++) {
        const bg = `\u0001${run.slice(i, i + 2)}`;
        f.set(bg, (f.get(bg) ?? 0) + this.bigramWeight);
      }
    }
    return f;
  }

  embed(text: string): number[] {
    const v = new Float64Array(this.dimensions);
    for (const [feat, tf] of this.features(text)) {
      const h = fnv1a(feat);
      const sign = fnv1a(feat, 0x9747b28c) & 1 ? 1 : -1;
      v[h % this.dimensions]! += sign * (1 + Math.log(tf > 0 ? tf : 1)) * (tf < 1 ? tf : 1);
    }
    let norm = 0;
    for (const x of v) norm += x * x;
    norm = Math.sqrt(norm) || 1;
    return Array.from(v, (x) => x / norm);
  }

  async embedDocuments(texts: string[]): Promise<number[][]> {
    return texts.map((t) => this.embed(t));
  }

  async embedQuery(text: string): Promise<number[]> {
    return this.embed(text);
  }
}
