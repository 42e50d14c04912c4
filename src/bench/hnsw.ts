/**
 * Chooses the HNSW parameters by measurement: takes the document vectors of a built index (through
 * its DocVectorIndex: the exact matrix's int8 vectors, or the graph's stored points), rebuilds an
 * hnswlib graph with several (M, efConstruction) pairs, and reports for each its insertion rate and,
 * for several efSearch values, recall@10 against exact (brute-force cosine) search and the query p50,
 * for query vectors of real questions. The embeddings are the configured ones (EMBEDDINGS, as for
 * `ingest`); they must be those the index was built with.
 *
 * Usage: npm run -s bench:hnsw -- <index dir> <questions.jsonl> [max documents] [--json]
 *    (or: npx tsx src/bench/hnsw.ts …)
 */
import { createReadStream } from "node:fs";
import { createInterface } from "node:readline";
import { loadConfig } from "../config/env.js";
import { embeddingsFromConfig } from "../embed/factory.js";
import { percentile } from "../eval/stats.js";
import { NewsIndex } from "../index/news-index.js";
import { HnswDocIndex } from "../index/vectors/hnsw-doc-index.js";

const K = 10;
const MAX_QUESTIONS = 300;
const PAIRS: ReadonlyArray<readonly [number, number]> = [
  [8, 24],
  [8, 40],
  [12, 40],
  [16, 64],
  [24, 100],
];
const EFS = [32, 64, 96, 160, 256];

const args = process.argv.slice(2);
const json = args.includes("--json");
const [indexDir, questions, maxDocs] = args.filter((a) => a !== "--json");
if (!indexDir || !questions) {
  console.error("usage: tsx src/bench/hnsw.ts <index dir> <questions.jsonl> [max documents] [--json]");
  process.exit(2);
}

const emb = embeddingsFromConfig(loadConfig());
const index = await NewsIndex.open(indexDir, emb, { verify: false });
const docIndex = index.vectors.docs;
const dim = docIndex.dim;
const keys: number[] = [];
const limit = Number(maxDocs ?? Infinity);
index.docs.forEach((d, n) => {
  if (d && keys.length < limit && index.labelsOf(d.id).length) keys.push(n);
});
const vecs = keys.map((k) => unit(docIndex.vector(k)));

const qs: number[][] = [];
for await (const l of createInterface({ input: createReadStream(questions) })) {
  if (!l.trim()) continue;
  qs.push(unit(await emb.embedQuery((JSON.parse(l) as { q: string }).q)));
  if (qs.length >= MAX_QUESTIONS) break;
}

function unit(v: ArrayLike<number>): number[] {
  let n = 0;
  for (let j = 0; j < v.length; j++) n += v[j]! * v[j]!;
  n = Math.sqrt(n) || 1;
  return Array.from(v, (x) => x / n);
}

// the reference: exact cosine top-10 over the same vectors
const exact = qs.map((q) => {
  const s = vecs.map((v, i) => {
    let d = 0;
    for (let j = 0; j < dim; j++) d += q[j]! * v[j]!;
    return [d, i] as const;
  });
  s.sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  return new Set(s.slice(0, K).map((x) => keys[x[1]]!));
});

interface Probe {
  ef?: number;
  recall_at_10: number;
  p50_ms: number;
}

/** recall@10 against the reference and the query p50 of a search function. */
function probe(search: (q: number[]) => number[]): Omit<Probe, "ef"> {
  let hit = 0;
  const ms: number[] = [];
  qs.forEach((q, i) => {
    const t = performance.now();
    const got = search(q);
    ms.push(performance.now() - t);
    for (const n of got) if (exact[i]!.has(n)) hit++;
  });
  return { recall_at_10: round(hit / (qs.length * Math.min(K, keys.length)), 3), p50_ms: round(percentile(ms, 50), 3) };
}

function round(x: number, digits: number): number {
  return Number(x.toFixed(digits));
}

const log = (line: string): void => {
  if (!json) console.log(line);
};
const mode = index.manifest.hnsw.search ?? "hnsw";
const inKeys = new Set(keys);
const asBuilt = probe((q) => docIndex.search(q, K, keys.length < docIndex.count ? (k) => inKeys.has(k) : undefined));
log(
  `documents ${vecs.length}, dim ${dim}, queries ${qs.length}, embeddings ${index.manifest.embedding.kind}${index.manifest.embedding.model ? ` ${index.manifest.embedding.model}` : ""}`,
);
log(`the index as built (${mode}): recall@10 ${asBuilt.recall_at_10.toFixed(3)}, p50 ${asBuilt.p50_ms.toFixed(2)} ms`);

const rows: Array<{ M: number; efConstruction: number; insert_per_s: number; insert_s: number; ef: Probe[] }> = [];
for (const [M, efConstruction] of PAIRS) {
  const graph = new HnswDocIndex(dim, { M, efConstruction, efSearch: EFS[0]! });
  const t0 = performance.now();
  graph.add(vecs, keys);
  const s = (performance.now() - t0) / 1000;
  const row = { M, efConstruction, insert_per_s: Math.round(vecs.length / s), insert_s: round(s, 2), ef: [] as Probe[] };
  for (const ef of EFS) {
    graph.ef = ef;
    row.ef.push({ ef, ...probe((q) => graph.search(q, K)) });
  }
  rows.push(row);
  const efs = row.ef.map((p) => `ef ${p.ef}: recall@10 ${p.recall_at_10.toFixed(3)} p50 ${p.p50_ms.toFixed(2)} ms`);
  log([`M ${M} efC ${efConstruction}: ${row.insert_per_s}/s (${row.insert_s.toFixed(1)} s)`, ...efs].join(" | "));
}

if (json) {
  const info = { documents: vecs.length, dim, queries: qs.length, embeddings: index.manifest.embedding, as_built: { search: mode, ...asBuilt } };
  console.log(JSON.stringify({ ...info, graphs: rows }));
}
