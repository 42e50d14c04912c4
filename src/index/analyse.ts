/**
 * The CPU-heavy half of ingest, for one batch of new articles: mine names (and teach them to the
 * segmenter), chunk, tokenise each chunk once, count terms for BM25 and, with the offline hashing
 * embeddings, turn the same counts into chunk vectors and a document vector. Runs in ingest worker
 * threads (see pool.ts) or in-process for small inputs; the result is made of flat typed arrays
 * and one string so that passing it between threads is cheap.
 */
import { chunkPlan, type ChunkOptions } from "../chunk/chunker.js";
import { HashingEmbeddings, wordsOfSearchTokens } from "../embed/hashing.js";
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
  /** Set when the embeddings are the offline hashing ones: vectors are computed here too. */
  hashing?: { dimensions: number; bigramWeight: number };
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
  /** int8 chunk vectors (hashing embeddings only). */
  chunkVectors?: Int8Array;
  /** float document vectors, one per article (hashing embeddings only). */
  docVectors?: Float32Array;
}

let hashing: HashingEmbeddings | undefined;
const threadVocab = new Map<string, number>();

/** `vocab`: the term numbering to continue (a worker keeps one for its life; in-process, one per build). */
export function analyseBatch(articles: AnalyseArticle[], opts: AnalyseOptions, vocabId = 0, vocab: Map<string, number> = threadVocab): AnalysedBatch {
  const firstNewTerm = vocab.size;
  const newTerms: string[] = [];
  const termId = (t: string): number => {
    let id = vocab.get(t);
    if (id === undefined) {
      id = vocab.size;
      vocab.set(t, id);
      newTerms.push(t);
    }
    return id;
  };
  const chunkTerms: number[] = [];
  const termIds: number[] = [];
  const mined = mineTerms(articles);
  addTerms(mined);
  const dim = opts.hashing?.dimensions ?? 0;
  if (opts.hashing && (!hashing || hashing.dimensions !== dim || hashing.bigramWeight !== opts.hashing.bigramWeight)) {
    hashing = new HashingEmbeddings(opts.hashing);
  }
  const chunkCounts = new Uint32Array(articles.length);
  const spans: number[] = [];
  const tfs: number[] = [];
  const lengths: number[] = [];
  const chunkVecs: Float64Array[] = [];
  const docVectors = dim ? new Float32Array(articles.length * dim) : undefined;
  const count = (text: string): { counts: Map<string, number>; words: Map<string, number> | undefined; n: number } => {
    const tokens = searchTokens(text);
    const counts = new Map<string, number>();
    for (const t of tokens) counts.set(t, (counts.get(t) ?? 0) + 1);
    let words: Map<string, number> | undefined;
    if (dim) {
      words = new Map<string, number>();
      for (const t of wordsOfSearchTokens(tokens)) words.set(t, (words.get(t) ?? 0) + 1);
    }
    return { counts, words, n: tokens.length };
  };
  articles.forEach((a, ai) => {
    const { units, chunks } = chunkPlan(a.body, opts.chunking);
    chunkCounts[ai] = chunks.length;
    // The headline and each sentence are tokenised once; a chunk's counts are their sums. jieba
    // splits text at newlines and 。 anyway, so this gives the tokens of the chunk's index text.
    const head = count(a.subtitle ? `${a.title}\n${a.subtitle}` : a.title);
    const unitCounts = units.map((u) => count(a.body.slice(u.start, u.end)));
    const docSum = dim ? new Float64Array(dim) : undefined;
    for (const [first, last] of chunks) {
      const start = units[first]!.start;
      const end = units[last - 1]!.end;
      spans.push(start, end);
      const counts = new Map(head.counts);
      const words = dim ? new Map(head.words) : undefined;
      let n = head.n;
      for (let u = first; u < last; u++) {
        const uc = unitCounts[u]!;
        n += uc.n;
        for (const [t, k] of uc.counts) counts.set(t, (counts.get(t) ?? 0) + k);
        if (words) for (const [t, k] of uc.words!) words.set(t, (words.get(t) ?? 0) + k);
      }
      chunkTerms.push(counts.size);
      for (const [t, k] of counts) {
        termIds.push(termId(t));
        tfs.push(k);
      }
      lengths.push(n);
      if (hashing && docSum) {
        const v = hashing.embedCounts(words!, indexText(a, a.body.slice(start, end)));
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
