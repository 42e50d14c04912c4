/**
 * Trains the offline news embeddings (data/news-vectors.bin) from public Chinese news, reproducibly:
 *
 *   npm run train-embeddings -- [--corpus F] [--out FILE] [--dim N] [--epochs N] [--words N] [--subwords N]
 *
 * Data: CRUD-RAG's news corpus (../shared/corpora/crud-news.jsonl.gz, 68,798 articles, Apache-2.0);
 * never the ChronoQA passages, which stay an evaluation set. Steps: the articles are tokenised as the
 * product tokenises (src/embed/vector-words.ts) by one worker thread per core; words seen at least
 * --min-count times form the vocabulary; skip-gram with negative sampling over words and their
 * sub-words (src/fit/skipgram.ts) trains on all cores; the most frequent --words words (each its own
 * row plus its sub-words, as trained) and the most used --subwords sub-words are kept, normalised and
 * quantised to int8; finally the common component of text vectors is taken from a sample of articles.
 * Progress goes to stderr; the file's header records the settings, corpus hash and times.
 */
import { createHash } from "node:crypto";
import { readFileSync, renameSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { Worker } from "node:worker_threads";
import { NEWS_VECTORS_FILE } from "../src/embed/news.js";
import { subwordsOf, writeWordVectors } from "../src/embed/word-vectors.js";
import { commonComponentOf, quantiseRow, tokeniseCorpus } from "../src/fit/corpus.js";
import { keepProbabilities, negativeTableOf, sharedFloats, type SkipgramSettings, type SkipgramState } from "../src/fit/skipgram.js";
import type { SkipgramRequest } from "../src/fit/skipgram-worker.js";
import { today, type Provenance } from "../src/models/fitted.js";
import { PROJECT_ROOT } from "../src/paths.js";
import { tsWorkerSource } from "../src/worker-source.js";

const { values: args } = parseArgs({
  options: {
    corpus: { type: "string", default: resolve(PROJECT_ROOT, "../shared/corpora/crud-news.jsonl.gz") },
    out: { type: "string", default: NEWS_VECTORS_FILE },
    dim: { type: "string", default: "128" },
    window: { type: "string", default: "5" },
    negatives: { type: "string", default: "5" },
    epochs: { type: "string", default: "3" },
    "learning-rate": { type: "string", default: "0.05" },
    subsample: { type: "string", default: "1e-4" },
    "min-count": { type: "string", default: "5" },
    words: { type: "string", default: "50000" },
    subwords: { type: "string", default: "30000" },
    threads: { type: "string", default: String(availableParallelism()) },
    limit: { type: "string", default: "0" },
  },
});
const num = (k: keyof typeof args): number => Number(args[k]);
const started = Date.now();
const say = (msg: string): void => void process.stderr.write(`[${((Date.now() - started) / 1000).toFixed(1)} s] ${msg}\n`);

const settings: SkipgramSettings = {
  dim: num("dim"),
  window: num("window"),
  negatives: num("negatives"),
  epochs: num("epochs"),
  learningRate: num("learning-rate"),
  subsample: num("subsample"),
  seed: 1,
};

// ---- 1. read and tokenise (src/fit/corpus.ts: the product's words, one worker thread per core)
const corpusFile = resolve(args.corpus!);
const corpusHash = createHash("sha256").update(readFileSync(corpusFile)).digest("hex");
const articleWords = await tokeniseCorpus(corpusFile, {
  threads: Math.max(1, num("threads")),
  limit: num("limit"),
  progress: (n) => say(`tokenising: ${n} articles`),
});
say(`tokenised ${articleWords.length} articles`);
const tokenisedAt = Date.now();

// ---- 2. vocabulary, sub-words, the token stream
const counts = new Map<string, number>();
let tokenCount = 0;
for (const chunk of articleWords) {
  for (const article of chunk.split("\n")) {
    if (!article) continue;
    for (const w of article.split(" ")) {
      counts.set(w, (counts.get(w) ?? 0) + 1);
      tokenCount++;
    }
  }
}
const vocab = [...counts].filter(([, n]) => n >= num("min-count")).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
const wordId = new Map(vocab.map(([w], i) => [w, i]));
const wordCounts = Float64Array.from(vocab, ([, n]) => n);
const subwordUse = new Map<string, number>();
for (const [w, n] of vocab) for (const s of subwordsOf(w)) subwordUse.set(s, (subwordUse.get(s) ?? 0) + n);
const subwords = [...subwordUse].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([s]) => s);
const subwordId = new Map(subwords.map((s, i) => [s, vocab.length + i]));
const rowStart = new Int32Array(new SharedArrayBuffer((vocab.length + 1) * 4));
const rowList: number[] = [];
vocab.forEach(([w], i) => {
  rowStart[i] = rowList.length;
  rowList.push(i);
  for (const s of subwordsOf(w)) rowList.push(subwordId.get(s)!);
});
rowStart[vocab.length] = rowList.length;
const rowIds = new Int32Array(new SharedArrayBuffer(rowList.length * 4));
rowIds.set(rowList);
let streamLength = 0;
for (const chunk of articleWords) for (const article of chunk.split("\n")) streamLength += article.split(" ").length + 1;
const stream = new Int32Array(new SharedArrayBuffer(streamLength * 4));
let at = 0;
const boundaries: number[] = [];
for (const chunk of articleWords) {
  for (const article of chunk.split("\n")) {
    for (const w of article.split(" ")) {
      const id = wordId.get(w);
      if (id !== undefined) stream[at++] = id;
    }
    stream[at++] = -1;
    boundaries.push(at);
  }
}
const usedStream = stream.subarray(0, at);
articleWords.length = 0;
say(`${tokenCount} tokens, ${counts.size} distinct words; vocabulary ${vocab.length} words (≥ ${num("min-count")}), ${subwords.length} sub-words`);

// ---- the training threads
const workers = Array.from(
  { length: Math.max(1, num("threads")) },
  () => new Worker(tsWorkerSource(new URL("../src/fit/skipgram-worker.ts", import.meta.url)), { eval: true }),
);
let nextId = 0;
const waiting = new Map<number, { resolve: (m: WorkerReply) => void; reject: (e: Error) => void; progress?: (n: number) => void }>();
interface WorkerReply {
  id: number;
  progress?: number;
  done?: boolean;
  error?: string;
}
for (const w of workers) {
  w.on("message", (m: WorkerReply) => {
    const p = waiting.get(m.id);
    if (!p) return;
    if (m.progress !== undefined && !m.done) return p.progress?.(m.progress);
    waiting.delete(m.id);
    if (m.error) p.reject(new Error(m.error));
    else p.resolve(m);
  });
  w.on("error", (e) => {
    console.error(e);
    process.exit(1);
  });
}
type Request = SkipgramRequest extends infer R ? (R extends SkipgramRequest ? Omit<R, "id"> : never) : never;
const ask = (w: Worker, req: Request, progress?: (n: number) => void): Promise<WorkerReply> =>
  new Promise((resolve, reject) => {
    const id = nextId++;
    waiting.set(id, { resolve, reject, ...(progress ? { progress } : {}) });
    w.postMessage({ ...req, id });
  });

// ---- 3. train
const rows = vocab.length + subwords.length;
const input = sharedFloats(rows * settings.dim);
let seed = 12345;
for (let i = 0; i < input.length; i++) {
  seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
  input[i] = (seed / 4294967296 - 0.5) / settings.dim;
}
const state: SkipgramState = {
  settings,
  input,
  output: sharedFloats(vocab.length * settings.dim),
  stream: usedStream,
  rowStart,
  rowIds,
  keep: keepProbabilities(wordCounts, tokenCount, settings.subsample),
  negativeTable: negativeTableOf(wordCounts),
  processed: new Float64Array(new SharedArrayBuffer(workers.length * 8)),
};
const parts = workers.map((_, i) => {
  const target = Math.floor((usedStream.length * i) / workers.length);
  return i === 0 ? 0 : (boundaries.find((b) => b >= target) ?? usedStream.length);
});
parts.push(usedStream.length);
const totalWork = usedStream.length * settings.epochs;
let lastReport = 0;
await Promise.all(
  workers.map((w, i) =>
    ask(w, { type: "train", state, from: parts[i]!, to: parts[i + 1]!, slot: i }, () => {
      const done = state.processed.reduce((a, b) => a + b, 0);
      if (Date.now() - lastReport > 10_000) {
        lastReport = Date.now();
        const share = done / totalWork;
        say(`training: ${(100 * share).toFixed(1)} %, ETA ${(((Date.now() - tokenisedAt) / 1000) * (1 / share - 1)).toFixed(0)} s`);
      }
    }),
  ),
);
const trainedAt = Date.now();
say(`trained ${settings.epochs} epochs over ${usedStream.length} tokens`);
await Promise.all(workers.map((w) => w.terminate()));

// ---- 4. keep the most frequent words (as trained: own row plus sub-words) and sub-words, int8
const dim = settings.dim;
const keptWords = vocab.slice(0, num("words")).map(([w]) => w);
const keptSubwords = subwords.slice(0, num("subwords"));
const out = new Int8Array((keptWords.length + keptSubwords.length) * dim);
const scales = new Float32Array(keptWords.length + keptSubwords.length);
keptWords.forEach((_, w) => {
  const vec = new Float64Array(dim);
  for (let r = rowStart[w]!; r < rowStart[w + 1]!; r++) for (let i = 0; i < dim; i++) vec[i]! += input[rowIds[r]! * dim + i]!;
  quantiseRow(vec, out, scales, w, dim);
});
keptSubwords.forEach((_, s) => quantiseRow(input.subarray((vocab.length + s) * dim, (vocab.length + s + 1) * dim), out, scales, keptWords.length + s, dim));
const frequency = Float32Array.from(keptWords, (_, w) => wordCounts[w]! / tokenCount);
const header = {
  dim,
  words: keptWords.length,
  subwords: keptSubwords.length,
  provenance: {
    script: "scripts/train-embeddings.ts",
    data: [`CRUD-RAG news (crud-news.jsonl.gz, sha256 ${corpusHash}), Apache-2.0`],
    fitted: today(),
    figures: {
      tokens: tokenCount,
      vocabulary: vocab.length,
      tokeniseSeconds: Math.round((tokenisedAt - started) / 1000),
      trainSeconds: Math.round((trainedAt - tokenisedAt) / 1000),
    },
    settings: {
      model: "skip-gram with negative sampling over words and sub-words (Han characters, character pairs)",
      ...settings,
      minCount: num("min-count"),
      threads: workers.length,
    },
    seconds: Math.round((trainedAt - started) / 1000),
  } satisfies Provenance,
};
const draft = join(tmpdir(), `news-vectors-${process.pid}.bin`);
writeWordVectors(draft, { header, words: keptWords, subwords: keptSubwords, scales, frequency, common: new Float32Array(dim), rows: out });

// ---- 5. the common component: first principal direction of SIF text vectors of a sample of articles
const common = await commonComponentOf(draft, corpusFile, dim);
writeWordVectors(draft, { header, words: keptWords, subwords: keptSubwords, scales, frequency, common, rows: out });
renameSync(draft, resolve(args.out!));
say(
  `wrote ${args.out} (${keptWords.length} words, ${keptSubwords.length} sub-words, ${dim}-d): ${header.provenance.figures.tokeniseSeconds} s tokenising, ${header.provenance.figures.trainSeconds} s training`,
);
