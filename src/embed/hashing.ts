/**
 * The default, fully offline embeddings: a signed feature-hashing vectoriser over the same search
 * tokens BM25 uses (nodejieba search mode, stop-words dropped) and CJK character bigrams, sublinear
 * term frequency, L2-normalised. Nothing to download, deterministic, and robust to segmentation
 * differences and one-character OCR slips (most bigrams of a word survive a slip), which is what
 * the vector side of the hybrid retriever is for.
 *
 * Sharing the BM25 tokens lets ingest segment every chunk once (`embedCounts`) instead of twice.
 */
import { Embeddings, type EmbeddingsParams } from "@langchain/core/embeddings";
import { searchTokens } from "../text/tokenizer.js";

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

/** Han characters of the BMP (CJK unified ideographs, extension A, compatibility, 々〇〡-〩). */
function isHan(c: number): boolean {
  return (
    (c >= 0x4e00 && c <= 0x9fff) || (c >= 0x3400 && c <= 0x4dbf) || (c >= 0xf900 && c <= 0xfaff) || c === 0x3005 || c === 0x3007 || (c >= 0x3021 && c <= 0x3029)
  );
}

/** FNV-1a of the string "\u0001" + a + b (a bigram feature), from char codes. */
function bigramHash(a: number, b: number, seed: number): number {
  let h = seed;
  h ^= 1;
  h = Math.imul(h, 0x01000193);
  h ^= a;
  h = Math.imul(h, 0x01000193);
  h ^= b;
  h = Math.imul(h, 0x01000193);
  return h >>> 0;
}

/** Sublinear term weight; fractional weights (bigrams seen once) stay proportional. */
function weight(tf: number): number {
  return (1 + Math.log(tf > 0 ? tf : 1)) * (tf < 1 ? tf : 1);
}

/** Signed bucket of a feature: ±(bucket + 1). */
function slot(feat: string, dim: number): number {
  const h = fnv1a(feat) % dim;
  return fnv1a(feat, 0x9747b28c) & 1 ? h + 1 : -(h + 1);
}

/**
 * The words of a search-token stream: jieba's search mode emits each word's dictionary sub-words
 * just before the word itself, so a token contained in a longer token that follows within the
 * same group is a sub-word. Recovering plain words this way gives the vectoriser the features of
 * plain segmentation without segmenting the text a second time.
 */
export function wordsOfSearchTokens(tokens: readonly string[]): string[] {
  return wordPositions(tokens).map((i) => tokens[i]!);
}

/** Positions in a search-token stream of its words (see wordsOfSearchTokens). */
export function wordPositions(tokens: readonly string[]): number[] {
  const out: number[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    let sub = false;
    if (t.length === 2 || t.length === 3) {
      // sub-words (2–3 characters) come in a group right before the word that contains them all
      for (let j = i + 1; j < tokens.length && j <= i + 16; j++) {
        const u = tokens[j]!;
        if (u.length > t.length && u.includes(t)) {
          sub = true;
          for (let k = i + 1; k < j; k++) if (!u.includes(tokens[k]!)) sub = false;
          break;
        }
        if (u.length !== 2 && u.length !== 3) break;
      }
    }
    if (!sub) out.push(i);
  }
  return out;
}

export class HashingEmbeddings extends Embeddings {
  readonly kind = "hash";
  readonly dimensions: number;
  readonly bigramWeight: number;

  constructor(params: HashingEmbeddingsParams = {}) {
    super(params);
    this.dimensions = params.dimensions ?? 256;
    this.bigramWeight = params.bigramWeight ?? 0.5;
  }

  /** Features of a text with their raw weights (before sublinear scaling). */
  features(text: string): Map<string, number> {
    const counts = new Map<string, number>();
    for (const w of wordsOfSearchTokens(searchTokens(text))) counts.set(w, (counts.get(w) ?? 0) + 1);
    return this.addBigrams(counts, text);
  }

  private addBigrams(f: Map<string, number>, text: string): Map<string, number> {
    for (const run of text.match(HAN_RUN) ?? []) {
      for (let i = 0; i + 1 < run.length; i++) {
        const bg = `\u0001${run.slice(i, i + 2)}`;
        f.set(bg, (f.get(bg) ?? 0) + this.bigramWeight);
      }
    }
    return f;
  }

  /** Unit vector from already-counted search tokens of `text` (bigrams are taken from `text`). */
  embedCounts(tokenCounts: ReadonlyMap<string, number>, text: string): Float64Array {
    const slots: number[] = [];
    const tfs: number[] = [];
    for (const [feat, tf] of tokenCounts) {
      slots.push(this.slotOf(feat));
      tfs.push(tf);
    }
    return this.embedSlots(slots, tfs, slots.length, text);
  }

  /** The signed bucket ±(bucket + 1) of a word feature (cacheable per word). */
  slotOf(feat: string): number {
    return slot(feat, this.dimensions);
  }

  /** CountEmbedder: a word's feature is its signed bucket. */
  featureOf(word: string): number {
    return this.slotOf(word);
  }

  /** CountEmbedder: the same as embedSlots. */
  embedFeatures(features: ArrayLike<number>, counts: ArrayLike<number>, n: number, text: string): Float64Array {
    return this.embedSlots(features, counts, n, text);
  }

  /** Unit vector from the first `n` word features given as signed buckets (slotOf) and counts, plus the bigrams of `text`. */
  embedSlots(slots: ArrayLike<number>, tfs: ArrayLike<number>, n: number, text: string): Float64Array {
    const dim = this.dimensions;
    const v = new Float64Array(dim);
    for (let i = 0; i < n; i++) {
      const s = slots[i]!;
      const w = weight(tfs[i]!);
      if (s > 0) v[s - 1]! += w;
      else v[-s - 1]! -= w;
    }
    // CJK bigrams, hashed from their char codes without building strings
    const bigrams = new Map<number, number>();
    let prev = -1;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (isHan(c)) {
        // 15-bit index per Han char, so the key stays a small integer (fast Map key)
        const ci = c >= 0xf900 ? c - 0xf900 + 0x7000 : c - 0x3000;
        if (prev >= 0) {
          const key = (prev << 15) | ci;
          bigrams.set(key, (bigrams.get(key) ?? 0) + 1);
        }
        prev = ci;
      } else prev = -1;
    }
    for (const [key, n] of bigrams) {
      const ai = key >> 15;
      const ci = key & 0x7fff;
      const a = ai >= 0x7000 ? ai - 0x7000 + 0xf900 : ai + 0x3000;
      const c = ci >= 0x7000 ? ci - 0x7000 + 0xf900 : ci + 0x3000;
      const h = bigramHash(a, c, 0x811c9dc5) % dim;
      const w = weight(n * this.bigramWeight);
      if (bigramHash(a, c, 0x9747b28c) & 1) v[h]! += w;
      else v[h]! -= w;
    }
    let norm = 0;
    for (let i = 0; i < dim; i++) norm += v[i]! * v[i]!;
    norm = Math.sqrt(norm) || 1;
    for (let i = 0; i < dim; i++) v[i]! /= norm;
    return v;
  }

  embed(text: string): number[] {
    const counts = new Map<string, number>();
    for (const w of wordsOfSearchTokens(searchTokens(text))) counts.set(w, (counts.get(w) ?? 0) + 1);
    return Array.from(this.embedCounts(counts, text));
  }

  async embedDocuments(texts: string[]): Promise<number[][]> {
    return texts.map((t) => this.embed(t));
  }

  async embedQuery(text: string): Promise<number[]> {
    return this.embed(text);
  }
}
