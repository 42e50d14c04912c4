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
const counters: { terms: Uint32Array; words: Uint32Array; touched: Uint32Array } = {
  terms: new Uint32Array(0),
  words: new Uint32Array(0),
  touched: new Uint32Array(0),
};
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
interface FeatureTable {
  embedder: CountEmbedder;
  features: Int32Array;
  filled: number;
}
const featureTables = new WeakMap<Map<string, number>, FeatureTable>();
function featureTable(vocab: Map<string, number>, embedder: CountEmbedder): FeatureTable {
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

/** Term ids of a vocabulary, given out in order of first sight; the texts new to it are kept to be sent once. */
interface TermNumbering {
  termId: (term: string) => number;
  newTerms: string[];
}

function numberTerms(vocab: Map<string, number>, table: FeatureTable | undefined): TermNumbering {
  const newTerms: string[] = [];
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
  return { termId, newTerms };
}

/** A piece of text (headline, sentence) tokenised once: its term ids, and the ids of its words (for the embedder). */
interface Piece {
  ids: number[];
  words: number[];
}

/** What a batch's chunks add up to, chunk after chunk (packed into typed arrays at the end). */
interface BatchLists {
  spans: number[];
  chunkTerms: number[];
  termIds: number[];
  tfs: number[];
  lengths: number[];
  chunkVecs: Float64Array[];
}

/** What analysing a chunk needs besides its text: the term numbering, the thread's counters, and the embedder when vectors are made here. */
interface ChunkAnalyser {
  piece: (text: string) => Piece;
  /** Terms numbered so far (the counters must reach every id). */
  termCount: () => number;
  embedding: { embedder: CountEmbedder; table: FeatureTable; dim: number } | undefined;
  /** Scratch lists of a chunk's word features and counts, reused from chunk to chunk. */
  wordFeatures: number[];
  wordTfs: number[];
}

/** `vocab`: the term numbering to continue (a worker keeps one for its life; in-process, one per build). */
export function analyseBatch(articles: AnalyseArticle[], opts: AnalyseOptions, vocabId = 0, vocab: Map<string, number> = threadVocab): AnalysedBatch {
  const firstNewTerm = vocab.size;
  const embedder = opts.embedder ? countEmbedder(opts.embedder) : undefined;
  const dim = embedder?.dimensions ?? 0;
  const table = embedder ? featureTable(vocab, embedder) : undefined;
  const numbering = numberTerms(vocab, table);
  const mined = mineTerms(articles);
  addTerms(mined);
  // Each piece of text (headline, sentence) is tokenised once into term ids; a chunk's counts are
  // summed from its pieces in an array indexed by term id, in order of first occurrence.
  const analyser: ChunkAnalyser = {
    piece: (text) => {
      const tokens = searchTokens(text);
      const ids = tokens.map(numbering.termId);
      return { ids, words: dim ? wordPositions(tokens).map((i) => ids[i]!) : [] };
    },
    termCount: () => vocab.size,
    embedding: embedder && table && dim ? { embedder, table, dim } : undefined,
    wordFeatures: [],
    wordTfs: [],
  };
  const chunkCounts = new Uint32Array(articles.length);
  const lists: BatchLists = { spans: [], chunkTerms: [], termIds: [], tfs: [], lengths: [], chunkVecs: [] };
  const docVectors = dim ? new Float32Array(articles.length * dim) : undefined;
  articles.forEach((article, ai) => {
    const docSum = analyseArticle(article, opts.chunking, analyser, lists, (n) => (chunkCounts[ai] = n));
    if (docSum && docVectors) normaliseInto(docSum, docVectors, ai * dim);
  });
  const out: AnalysedBatch = {
    mined,
    chunkCounts,
    spans: Uint32Array.from(lists.spans),
    vocab: vocabId,
    firstNewTerm,
    newTerms: numbering.newTerms,
    chunkTerms: Uint32Array.from(lists.chunkTerms),
    termIds: Uint32Array.from(lists.termIds),
    tfs: Uint16Array.from(lists.tfs, (n) => Math.min(n, 65535)),
    lengths: Uint32Array.from(lists.lengths),
  };
  if (dim && docVectors) {
    const q = new Int8Array(lists.chunkVecs.length * dim);
    lists.chunkVecs.forEach((v, i) => quantise(v, q, i * dim));
    out.chunkVectors = q;
    out.docVectors = docVectors;
  }
  return out;
}

/**
 * Chunks an article and adds each chunk's spans, term counts and (with an embedder) vector to
 * `lists`; tells `setChunkCount` how many chunks it has. Returns the sum of its chunk vectors.
 */
function analyseArticle(
  article: AnalyseArticle,
  chunking: ChunkOptions,
  analyser: ChunkAnalyser,
  lists: BatchLists,
  setChunkCount: (n: number) => void,
): Float64Array | undefined {
  const { units, chunks } = chunkPlan(article.body, chunking);
  setChunkCount(chunks.length);
  // jieba splits text at newlines and 。 anyway, so the pieces give the tokens of the chunk's index text
  const head = analyser.piece(article.subtitle ? `${article.title}\n${article.subtitle}` : article.title);
  const pieces = units.map((u) => analyser.piece(article.body.slice(u.start, u.end)));
  // sized after the pieces are tokenised: the counters must reach every term id given out
  const acc = accumulators(analyser.termCount());
  const emb = analyser.embedding;
  const docSum = emb ? new Float64Array(emb.dim) : undefined;
  for (const [first, last] of chunks) {
    const start = units[first]!.start;
    const end = units[last - 1]!.end;
    lists.spans.push(start, end);
    const parts = [head, ...pieces.slice(first, last)];
    countChunkTerms(parts, acc, lists);
    if (emb && docSum) {
      const v = embedChunk(parts, acc, analyser, emb, indexText(article, article.body.slice(start, end)));
      lists.chunkVecs.push(v);
      for (let i = 0; i < emb.dim; i++) docSum[i]! += v[i]!;
    }
  }
  return docSum;
}

/** Adds a chunk's distinct terms (in order of first occurrence), their counts and its token count to `lists`. */
function countChunkTerms(parts: Piece[], acc: typeof counters, lists: BatchLists): void {
  let n = 0;
  let distinct = 0;
  for (const p of parts) {
    n += p.ids.length;
    for (const id of p.ids) if (acc.terms[id]!++ === 0) acc.touched[distinct++] = id;
  }
  lists.chunkTerms.push(distinct);
  for (let i = 0; i < distinct; i++) {
    const id = acc.touched[i]!;
    lists.termIds.push(id);
    lists.tfs.push(acc.terms[id]!);
    acc.terms[id] = 0;
  }
  lists.lengths.push(n);
}

/** A chunk's vector from the counts of its words' features. */
function embedChunk(parts: Piece[], acc: typeof counters, analyser: ChunkAnalyser, emb: NonNullable<ChunkAnalyser["embedding"]>, text: string): Float64Array {
  const { wordFeatures, wordTfs } = analyser;
  let nw = 0;
  for (const p of parts) for (const id of p.words) if (acc.words[id]!++ === 0) acc.touched[nw++] = id;
  wordFeatures.length = wordTfs.length = 0;
  for (let i = 0; i < nw; i++) {
    const id = acc.touched[i]!;
    wordFeatures.push(emb.table.features[id]!);
    wordTfs.push(acc.words[id]!);
    acc.words[id] = 0;
  }
  return emb.embedder.embedFeatures(wordFeatures, wordTfs, nw, text);
}

/** Writes `sum` scaled to unit length into `into` at `offset` (a zero sum stays zero). */
function normaliseInto(sum: Float64Array, into: Float32Array, offset: number): void {
  let n = 0;
  for (let i = 0; i < sum.length; i++) n += sum[i]! * sum[i]!;
  n = Math.sqrt(n) || 1;
  for (let i = 0; i < sum.length; i++) into[offset + i] = sum[i]! / n;
}
