/**
 * Chooses the HNSW parameters by measurement: takes the document vectors of a built index, rebuilds
 * the graph with several (M, efConstruction) pairs, and reports insertion rate and recall@10 of
 * each efSearch against exact (brute-force) search, for query vectors of real questions.
 * Usage: tsx src/bench/hnsw.ts <index dir> <questions.jsonl> [max documents]
 */
import { createReadStream } from "node:fs";
import { createInterface } from "node:readline";
import hnswlib from "hnswlib-node";
import { HashingEmbeddings } from "../embed/hashing.js";
import { NewsIndex } from "../index/news-index.js";

const [indexDir, questions, maxDocs] = process.argv.slice(2);
const emb = new HashingEmbeddings({ dimensions: 256 });
const index = await NewsIndex.open(indexDir!, emb, { verify: false });
const keys: number[] = [];
index.docs.forEach((d, n) => {
  if (d && keys.length < Number(maxDocs ?? 1e9)) keys.push(n);
});
const vecs = keys.map((k) => index.vectors.index.getPoint(k));
const dim = vecs[0]!.length;
const qs: number[][] = [];
for await (const l of createInterface({ input: createReadStream(questions!) })) {
  if (!l.trim()) continue;
  qs.push(await emb.embedQuery((JSON.parse(l) as { q: string }).q));
  if (qs.length >= 300) break;
}
const K = 10;
const exact = qs.map((q) => {
  const s = vecs.map((v, i) => {
    let d = 0;
    for (let j = 0; j < dim; j++) d += q[j]! * v[j]!;
    return [d, i] as const;
  });
  s.sort((a, b) => b[0] - a[0]);
  return new Set(s.slice(0, K).map((x) => keys[x[1]]!));
});
console.log(`documents ${vecs.length}, dim ${dim}, queries ${qs.length}`);
for (const [M, efC] of [[8, 24], [8, 40], [12, 40], [16, 64]] as const) {
  const h = new hnswlib.HierarchicalNSW("cosine", dim);
  h.initIndex({ maxElements: vecs.length, m: M, efConstruction: efC, randomSeed: 42 });
  const t0 = performance.now();
  vecs.forEach((v, i) => h.addPoint(v, keys[i]!));
  const s = (performance.now() - t0) / 1000;
  const row: string[] = [`M ${M} efC ${efC}: ${Math.round(vecs.length / s)}/s (${s.toFixed(1)} s)`];
  for (const ef of [32, 64, 96, 160]) {
    h.setEf(ef);
    let hit = 0;
    const t1 = performance.now();
    qs.forEach((q, i) => {
      for (const n of h.searchKnn(q, K).neighbors) if (exact[i]!.has(n)) hit++;
    });
    row.push(`ef ${ef}: recall@10 ${(hit / (qs.length * K)).toFixed(3)} ${((performance.now() - t1) / qs.length).toFixed(2)} ms`);
  }
  console.log(row.join(" | "));
}
