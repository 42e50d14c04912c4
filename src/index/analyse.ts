/**
 * The CPU-heavy half of ingest, for one batch of new articles: mine names (and teach them to the
 * segmenter), chunk, tokenise each chunk once, count terms for BM25 and, with the offline
 * embeddings (src/embed/count-embedder.ts), turn the same counts into chunk vectors and a document vector. Runs in ingest worker
 * threads (see pool.ts) or in-process for small inputs; the result is made of flat typed arrays
 * and one string so that passing it between threads is cheap.
 */
import { chunkPlan, type ChunkOptions } from "../chunk/chunker.js";
import { countEmbedder, type CountEmbedder, type CountEmbedderSpec } from "../embed/count-embedder.js";
import { wordPositions } from "../embed/hashing.js";
import { mineTerms } from "../text/terms.js";
import { addTerms, searchTokens } from "../text/tokenizer.js";
import { quantise } from "./quantise.js";
import { indexText } from "./text.js";

export interface AnalyseArticle {
  title: string;
  subtitle?: string;
  body: string;
}

export interface AnalyseOptions {
  chunking: ChunkOptions;
  /** Set when the embeddings can embed counted words (the offline ones): vectors are computed here too. */
  embedder?: CountEmbedderSpec;
}

export interface AnalysedBatch {
  /** Names mined from the batch (already added to this thread's segmenter). */
  mined: string[];
  /** Chunks per article. */
  chunkCounts: Uint32Array;
  /** start, end of each chunk in its article body. */
  spans: Uint32Array;
  /**
   * Which thread's vocabulary `termIds` refer to. Each thread numbers terms itself, in the order it
   * first sees them, and sends a term's text once (`newTerms`, numbered from `firstNewTerm`).
   */
  vocab: number;
  firstNewTerm: number;
  newTerms: string[];
  /** Distinct terms per chunk. */
  chunkTerms: Uint32Array;
  /** Each chunk's distinct term ids (thread vocabulary), chunk after chunk. */
  termIds: Uint32Array;
  /** Term frequencies, in the order of `termIds`. */
  tfs: Uint16Array;
  /** Token count of each chunk. */
  lengths: Uint32Array;
  /** int8 chunk vectors (offline embeddings only). */
  chunkVectors?: Int8Array;
  /** float document vectors, one per article (offline embeddings only). */
  docVectors?: Float32Array;
}

const threadVocab = new Map<string, number>();

/** Per-term counters of this thread, zero between chunks, grown with the vocabulary. */
const counters: { terms: Uint32Array; words: Uint32Array; touched: Uint32Array } = { terms: new Uint32Array(0), words: new Uint32Array(0), touched: new Uint32Array(0) };
function accumulators(terms: number): typeof counters {
  if (counters.terms.length < terms) {
    const n = Math.max(terms, Math.ceil(counters.terms.length * 1.5), 1 << 16);
    const grow = (a: Uint32Array): Uint32Array => {
      const b = new Uint32Array(n);
      b.set(a);
      return b;
    };
    counters.terms = grow(counters.terms);
    counters.words = grow(counters.words);
    counters.touched = new Uint32Array(n);
  }
  return counters;
}

/**
 * Embedding features (CountEmbedder.featureOf) by term id of a vocabulary. `filled` says how many ids
 * have theirs: terms numbered by a call without embeddings get theirs at the next call with them.
 */
const featureTables = new WeakMap<Map<string, number>, { embedder: CountEmbedder; features: Int32Array; filled: number }>();
function featureTable(vocab: Map<string, number>, embedder: CountEmbedder): { embedder: CountEmbedder; features: Int32Array; filled: number } {
  let t = featureTables.get(vocab);
  if (!t || t.embedder !== embedder) featureTables.set(vocab, (t = { embedder, features: new Int32Array(1 << 16), filled: 0 }));
  if (t.filled < vocab.size) {
    if (t.features.length < vocab.size) {
      const next = new Int32Array(Math.max(vocab.size, t.features.length * 2));
      next.set(t.features);
      t.features = next;
    }
    let id = 0;
    for (const term of vocab.keys()) if (id++ >= t.filled) t.features[id - 1] = embedder.featureOf(term);
    t.filled = vocab.size;
  }
  return t;
}

/** `vocab`: the term numbering to continue (a worker keeps one for its life; in-process, one per build). */
export function analyseBatch(articles: AnalyseArticle[], opts: AnalyseOptions, vocabId = 0, vocab: Map<string, number> = threadVocab): AnalysedBatch {
  const firstNewTerm = vocab.size;
  const newTerms: string[] = [];
  const embedder = opts.embedder ? countEmbedder(opts.embedder) : undefined;
  const dim = embedder?.dimensions ?? 0;
  const table = embedder ? featureTable(vocab, embedder) : undefined;
  const termId = (t: string): number => {
    let id = vocab.get(t);
    if (id === undefined) {
      id = vocab.size;
      vocab.set(t, id);
      newTerms.push(t);
      if (table) {
        if (id >= table.features.length) {
          const next = new Int32Array(table.features.length * 2);
          next.set(table.features);
          table.features = next;
        }
        table.features[id] = table.embedder.featureOf(t);
        table.filled = id + 1;
      }
    }
    return id;
  };
  const chunkTerms: number[] = [];
  const termIds: number[] = [];
  const mined = mineTerms(articles);
  addTerms(mined);
  const chunkCounts = new Uint32Array(articles.length);
  const spans: number[] = [];
  const tfs: number[] = [];
  const lengths: number[] = [];
  const chunkVecs: Float64Array[] = [];
  const docVectors = dim ? new Float32Array(articles.length * dim) : undefined;
  // Each piece of text (headline, sentence) is tokenised once into term ids; a chunk's counts are
  // summed from its pieces in an array indexed by term id, in order of first occurrence.
  const piece = (text: string): { ids: number[]; words: number[] } => {
    const tokens = searchTokens(text);
    const ids = tokens.map(termId);
    return { ids, words: dim ? wordPositions(tokens).map((i) => ids[i]!) : [] };
  };
  const wordFeatures: number[] = [];
  const wordTfs: number[] = [];
  articles.forEach((a, ai) => {
    const { units, chunks } = chunkPlan(a.body, opts.chunking);
    chunkCounts[ai] = chunks.length;
    // jieba splits text at newlines and 。 anyway, so the pieces give the tokens of the chunk's index text
    const head = piece(a.subtitle ? `${a.title}\n${a.subtitle}` : a.title);
    const pieces = units.map((u) => piece(a.body.slice(u.start, u.end)));
    const acc = accumulators(vocab.size);
    const docSum = dim ? new Float64Array(dim) : undefined;
    for (const [first, last] of chunks) {
      const start = units[first]!.start;
      const end = units[last - 1]!.end;
      spans.push(start, end);
      const parts = [head, ...pieces.slice(first, last)];
      let n = 0;
      let distinct = 0;
      for (const p of parts) {
        n += p.ids.length;
        for (const id of p.ids) if (acc.terms[id]!++ === 0) acc.touched[distinct++] = id;
      }
      chunkTerms.push(distinct);
      for (let i = 0; i < distinct; i++) {
        const id = acc.touched[i]!;
        termIds.push(id);
        tfs.push(acc.terms[id]!);
        acc.terms[id] = 0;
      }
      lengths.push(n);
      if (embedder && docSum && table) {
        let nw = 0;
        for (const p of parts) for (const id of p.words) if (acc.words[id]!++ === 0) acc.touched[nw++] = id;
        wordFeatures.length = wordTfs.length = 0;
        for (let i = 0; i < nw; i++) {
          const id = acc.touched[i]!;
          wordFeatures.push(table.features[id]!);
          wordTfs.push(acc.words[id]!);
          acc.words[id] = 0;
        }
        const v = embedder.embedFeatures(wordFeatures, wordTfs, nw, indexText(a, a.body.slice(start, end)));
        chunkVecs.push(v);
        for (let i = 0; i < dim; i++) docSum[i]! += v[i]!;
      }
    }
    if (docSum && docVectors) {
      let n = 0;
      for (let i = 0; i < dim; i++) n += docSum[i]! * docSum[i]!;
      n = Math.sqrt(n) || 1;
      for (let i = 0; i < dim; i++) docVectors[ai * dim + i] = docSum[i]! / n;
    }
  });
  const out: AnalysedBatch = {
    mined,
    chunkCounts,
    spans: Uint32Array.from(spans),
    vocab: vocabId,
    firstNewTerm,
    newTerms,
    chunkTerms: Uint32Array.from(chunkTerms),
    termIds: Uint32Array.from(termIds),
    tfs: Uint16Array.from(tfs, (n) => Math.min(n, 65535)),
    lengths: Uint32Array.from(lengths),
  };
  if (dim && docVectors) {
    const q = new Int8Array(chunkVecs.length * dim);
    chunkVecs.forEach((v, i) => quantise(v, q, i * dim));
    out.chunkVectors = q;
    out.docVectors = docVectors;
  }
  return out;
}
