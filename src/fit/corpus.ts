/**
 * Pieces shared by the word-vector trainers (scripts/train-embeddings.ts, scripts/train-ppmi.ts):
 * reading the news corpus, tokenising it as the product tokenises (one
 * skipgram-worker.ts thread per core, its "tokenise" message), int8 quantisation of a row, and the
 * common component of text vectors taken from a sample of articles.
 */
import { createReadStream } from "node:fs";
import { createInterface } from "node:readline";
import { Worker } from "node:worker_threads";
import { createGunzip } from "node:zlib";
import { NewsEmbeddings } from "../embed/news.js";
import { tsWorkerSource } from "../worker-source.js";

/** The corpus's articles as "title\ntext" (gzip or plain JSON lines). */
async function* articlesOf(file: string): AsyncGenerator<{ title: string; text: string }> {
  const input = createReadStream(file);
  const lines = createInterface({ input: file.endsWith(".gz") ? input.pipe(createGunzip()) : input, crlfDelay: Infinity });
  for await (const line of lines) {
    if (!line.trim()) continue;
    const a = JSON.parse(line) as { title?: string; text?: string };
    yield { title: a.title ?? "", text: a.text ?? "" };
  }
}

/**
 * Every article's words (vectorWords), in corpus order, each article one string of space-separated
 * words; `threads` worker threads tokenise batches of 500 articles.
 */
export async function tokeniseCorpus(file: string, opts: { threads: number; limit?: number; progress?: (articles: number) => void }): Promise<string[]> {
  const workers = Array.from(
    { length: Math.max(1, opts.threads) },
    () => new Worker(tsWorkerSource(new URL("./skipgram-worker.ts", import.meta.url)), { eval: true }),
  );
  let nextId = 0;
  const waiting = new Map<number, { resolve: (words: string) => void; reject: (e: Error) => void }>();
  for (const w of workers) {
    w.on("message", (m: { id: number; words?: string; error?: string }) => {
      const p = waiting.get(m.id);
      if (!p) return;
      waiting.delete(m.id);
      if (m.error) p.reject(new Error(m.error));
      else p.resolve(m.words ?? "");
    });
  }
  const tokenise = (w: Worker, texts: string[]): Promise<string> =>
    new Promise((resolve, reject) => {
      const id = nextId++;
      waiting.set(id, { resolve, reject });
      w.postMessage({ type: "tokenise", id, texts });
    });
  const chunks: string[] = [];
  const pending: Promise<void>[] = [];
  let batch: string[] = [];
  let articles = 0;
  const flush = (): void => {
    const at = chunks.length;
    chunks.push("");
    pending.push(tokenise(workers[at % workers.length]!, batch).then((words) => void (chunks[at] = words)));
    batch = [];
  };
  try {
    for await (const a of articlesOf(file)) {
      batch.push(`${a.title}\n${a.text}`);
      articles++;
      if (batch.length === 500) flush();
      if (pending.length > 8) {
        await pending.shift();
        if (articles % 10_000 < 500) opts.progress?.(articles);
      }
      if (opts.limit && articles >= opts.limit) break;
    }
    if (batch.length) flush();
    await Promise.all(pending);
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return chunks.flatMap((c) => c.split("\n"));
}

/** Writes `vec` normalised and quantised to int8 as row `r` of `rows` (its scale to scales[r]). */
export function quantiseRow(vec: ArrayLike<number>, rows: Int8Array, scales: Float32Array, r: number, dim: number): void {
  let norm = 0;
  for (let i = 0; i < dim; i++) norm += vec[i]! * vec[i]!;
  norm = Math.sqrt(norm) || 1;
  let max = 0;
  for (let i = 0; i < dim; i++) max = Math.max(max, Math.abs(vec[i]! / norm));
  const scale = max / 127 || 1;
  for (let i = 0; i < dim; i++) rows[r * dim + i] = Math.round(vec[i]! / norm / scale);
  scales[r] = scale;
}

/**
 * The common component of text vectors as scripts/train-embeddings.ts takes it: the first principal
 * direction (uncentred) of the meaning part of NewsEmbeddings vectors (each word's own direction left
 * out) of every 7th article (title and first 600 characters), at most 5,000, embedded with the draft
 * file `vectorsFile` (common zero).
 */
export async function commonComponentOf(vectorsFile: string, corpusFile: string, dim: number): Promise<Float32Array> {
  const embeddings = new NewsEmbeddings({ file: vectorsFile, identityDims: 0 });
  const sample: number[][] = [];
  let n = 0;
  for await (const a of articlesOf(corpusFile)) {
    if (n++ % 7 !== 0) continue;
    sample.push(embeddings.embed(`${a.title}\n${a.text.slice(0, 600)}`));
    if (sample.length >= 5000) break;
  }
  let u = new Float64Array(dim).fill(1 / Math.sqrt(dim));
  for (let it = 0; it < 50; it++) {
    const next = new Float64Array(dim);
    for (const v of sample) {
      let dot = 0;
      for (let i = 0; i < dim; i++) dot += v[i]! * u[i]!;
      for (let i = 0; i < dim; i++) next[i]! += dot * v[i]!;
    }
    let norm = 0;
    for (let i = 0; i < dim; i++) norm += next[i]! * next[i]!;
    norm = Math.sqrt(norm) || 1;
    for (let i = 0; i < dim; i++) next[i]! /= norm;
    u = next;
  }
  return Float32Array.from(u);
}
