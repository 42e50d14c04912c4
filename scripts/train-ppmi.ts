/**
 * Word vectors by PPMI + truncated SVD (Levy, Goldberg & Dagan 2015), in the same file format and from
 * the same tokens as scripts/train-embeddings.ts (skip-gram), so the two methods can be compared:
 *
 *   npx tsx scripts/train-ppmi.ts [--corpus F] [--out FILE] [--dim N] [--window N] [--words N] [--subwords N]
 *
 * Steps: the articles are tokenised as the product tokenises (src/fit/corpus.ts); the --words most
 * frequent words seen at least --min-count times form the vocabulary; co-occurrences within a
 * symmetric window of --window words inside each article (out-of-vocabulary words dropped first, as
 * skip-gram does), weighted 1/distance, are counted in a typed-array hash table keyed by the unordered
 * pair; PPMI with context-distribution smoothing (context counts^0.75, no shift) gives a sparse
 * words × contexts matrix; randomized truncated SVD (Halko, Martinsson & Tropp 2011: Gaussian test
 * matrix of dim + 10 columns, --power iterations with re-orthonormalisation, then the small SVD via a
 * Jacobi eigendecomposition of the Gram matrix) gives word vectors U·S^0.5 (--eig sets the exponent).
 * Each of the --subwords most used sub-words gets the count-weighted mean of the (unit) vectors of the
 * vocabulary words holding it.
 * The common component is taken as train-embeddings.ts takes it. Progress goes to stderr.
 */
import { createHash } from "node:crypto";
import { readFileSync, renameSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { subwordsOf, writeWordVectors } from "../src/embed/word-vectors.js";
import { commonComponentOf, quantiseRow, tokeniseCorpus } from "../src/fit/corpus.js";
import { today, type Provenance } from "../src/models/fitted.js";
import { PROJECT_ROOT } from "../src/paths.js";

const { values: args } = parseArgs({
  options: {
    corpus: { type: "string", default: resolve(PROJECT_ROOT, "../shared/corpora/crud-news.jsonl.gz") },
    out: { type: "string", default: "/tmp/nv-ppmi.bin" },
    dim: { type: "string", default: "128" },
    oversample: { type: "string", default: "10" },
    power: { type: "string", default: "3" },
    window: { type: "string", default: "5" },
    alpha: { type: "string", default: "0.75" },
    eig: { type: "string", default: "0.5" },
    "min-count": { type: "string", default: "5" },
    words: { type: "string", default: "50000" },
    subwords: { type: "string", default: "30000" },
    threads: { type: "string", default: "2" },
    limit: { type: "string", default: "0" },
  },
});
const num = (k: keyof typeof args): number => Number(args[k]);
const started = Date.now();
const say = (msg: string): void => void process.stderr.write(`[${((Date.now() - started) / 1000).toFixed(1)} s] ${msg}\n`);

// ---- 1. tokenise
const corpusFile = resolve(args.corpus!);
const corpusHash = createHash("sha256").update(readFileSync(corpusFile)).digest("hex");
let articles = await tokeniseCorpus(corpusFile, { threads: num("threads"), limit: num("limit"), progress: (n) => say(`tokenising: ${n} articles`) });
const tokenisedAt = Date.now();
say(`tokenised ${articles.length} articles`);

// ---- 2. vocabulary (as train-embeddings.ts: count, then ≥ min-count, by frequency) and the id stream
const counts = new Map<string, number>();
let tokenCount = 0;
for (const article of articles) {
  if (!article) continue;
  for (const w of article.split(" ")) {
    counts.set(w, (counts.get(w) ?? 0) + 1);
    tokenCount++;
  }
}
const allVocab = [...counts].filter(([, n]) => n >= num("min-count")).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
const vocab = allVocab.slice(0, num("words"));
const V = vocab.length;
const wordId = new Map(vocab.map(([w], i) => [w, i]));
const ids: number[] = [];
for (const article of articles) {
  if (!article) continue;
  for (const w of article.split(" ")) {
    const id = wordId.get(w);
    if (id !== undefined) ids.push(id);
  }
  ids.push(-1);
}
articles = [];
const stream = Int32Array.from(ids);
ids.length = 0;
say(`${tokenCount} tokens, ${counts.size} distinct words; ${allVocab.length} seen ≥ ${num("min-count")} times, vocabulary ${V} words; stream ${stream.length}`);

// ---- 3. co-occurrence counts: open addressing on the unordered pair key min·V + max (< 2^32)
const EMPTY = 0xffffffff;
let bits = 26;
let keys = new Uint32Array(1 << bits).fill(EMPTY);
let values = new Float32Array(1 << bits);
let used = 0;
const slotOf = (k: number, ks: Uint32Array, b: number): number => {
  const mask = (1 << b) - 1;
  let s = Math.imul(k, 0x9e3779b1) >>> (32 - b);
  while (ks[s] !== EMPTY && ks[s] !== k) s = (s + 1) & mask;
  return s;
};
const grow = (): void => {
  const nb = bits + 1;
  const nk = new Uint32Array(1 << nb).fill(EMPTY);
  const nv = new Float32Array(1 << nb);
  for (let s = 0; s < keys.length; s++) {
    if (keys[s] === EMPTY) continue;
    const t = slotOf(keys[s]!, nk, nb);
    nk[t] = keys[s]!;
    nv[t] = values[s]!;
  }
  keys = nk;
  values = nv;
  bits = nb;
  say(`co-occurrence table grown to 2^${bits} slots`);
};
const window = num("window");
for (let a = 0; a < stream.length; a++) {
  const i = stream[a]!;
  if (i < 0) continue;
  for (let d = 1; d <= window; d++) {
    const j = stream[a + d];
    if (j === undefined || j < 0) break;
    const k = i < j ? i * V + j : j * V + i;
    const s = slotOf(k, keys, bits);
    if (keys[s] === EMPTY) {
      keys[s] = k;
      if (++used > 0.7 * keys.length) {
        values[s]! += 1 / d;
        grow();
        continue;
      }
    }
    values[s]! += 1 / d;
  }
  if (a % 2_000_000 === 0 && a) say(`counting: ${((100 * a) / stream.length).toFixed(0)} %, ${used} pairs`);
}
const countedAt = Date.now();
say(`${used} distinct unordered pairs (table 2^${bits})`);

// ---- 4. PPMI (ordered: c(i,j) = c(j,i) = the pair's count; c(i,i) twice its count), CSR by row
const rowSum = new Float64Array(V);
for (let s = 0; s < keys.length; s++) {
  const k = keys[s]!;
  if (k === EMPTY) continue;
  const i = Math.floor(k / V);
  const j = k - i * V;
  const c = values[s]!;
  rowSum[i]! += i === j ? 2 * c : c;
  if (i !== j) rowSum[j]! += c;
}
const alpha = num("alpha");
const ctx = Float64Array.from(rowSum, (c) => Math.pow(c, alpha));
const ctxTotal = ctx.reduce((a, b) => a + b, 0);
const ppmi = (i: number, j: number, c: number): number => Math.log((c * ctxTotal) / (rowSum[i]! * ctx[j]!));
const rowNnz = new Int32Array(V + 1);
const visit = (fn: (i: number, j: number, v: number) => void): void => {
  for (let s = 0; s < keys.length; s++) {
    const k = keys[s]!;
    if (k === EMPTY) continue;
    const i = Math.floor(k / V);
    const j = k - i * V;
    const c = values[s]!;
    if (i === j) {
      const v = ppmi(i, i, 2 * c);
      if (v > 0) fn(i, i, v);
    } else {
      const v1 = ppmi(i, j, c);
      if (v1 > 0) fn(i, j, v1);
      const v2 = ppmi(j, i, c);
      if (v2 > 0) fn(j, i, v2);
    }
  }
};
visit((i) => rowNnz[i + 1]!++);
for (let i = 0; i < V; i++) rowNnz[i + 1]! += rowNnz[i]!;
const nnz = rowNnz[V]!;
const cols = new Int32Array(nnz);
const vals = new Float32Array(nnz);
{
  const fill = rowNnz.slice(0, V);
  visit((i, j, v) => {
    const at = fill[i]!++;
    cols[at] = j;
    vals[at] = v;
  });
}
keys = new Uint32Array(0);
values = new Float32Array(0);
say(`PPMI matrix ${V} × ${V}, ${nnz} positive entries`);

// ---- 5. randomized truncated SVD; dense matrices are row-major V × l
const dim = num("dim");
const l = dim + num("oversample");
/** out = M·X (X: V × l). */
const times = (x: Float64Array): Float64Array => {
  const out = new Float64Array(V * l);
  for (let i = 0; i < V; i++) {
    const o = i * l;
    for (let p = rowNnz[i]!; p < rowNnz[i + 1]!; p++) {
      const v = vals[p]!;
      const x0 = cols[p]! * l;
      for (let c = 0; c < l; c++) out[o + c]! += v * x[x0 + c]!;
    }
  }
  return out;
};
/** out = Mᵀ·X. */
const timesT = (x: Float64Array): Float64Array => {
  const out = new Float64Array(V * l);
  for (let i = 0; i < V; i++) {
    const o = i * l;
    for (let p = rowNnz[i]!; p < rowNnz[i + 1]!; p++) {
      const v = vals[p]!;
      const y0 = cols[p]! * l;
      for (let c = 0; c < l; c++) out[y0 + c]! += v * x[o + c]!;
    }
  }
  return out;
};
/** Orthonormal columns spanning X's (modified Gram–Schmidt, twice, on a column-major copy). */
const orth = (x: Float64Array): Float64Array => {
  const cm = new Float64Array(V * l);
  for (let i = 0; i < V; i++) for (let c = 0; c < l; c++) cm[c * V + i] = x[i * l + c]!;
  for (let pass = 0; pass < 2; pass++) {
    for (let c = 0; c < l; c++) {
      const col = cm.subarray(c * V, (c + 1) * V);
      for (let b = 0; b < c; b++) {
        const prev = cm.subarray(b * V, (b + 1) * V);
        let dot = 0;
        for (let i = 0; i < V; i++) dot += col[i]! * prev[i]!;
        for (let i = 0; i < V; i++) col[i]! -= dot * prev[i]!;
      }
      let norm = 0;
      for (let i = 0; i < V; i++) norm += col[i]! * col[i]!;
      norm = Math.sqrt(norm) || 1;
      for (let i = 0; i < V; i++) col[i]! /= norm;
    }
  }
  const out = new Float64Array(V * l);
  for (let i = 0; i < V; i++) for (let c = 0; c < l; c++) out[i * l + c] = cm[c * V + i]!;
  return out;
};
let seed = 12345;
const uniform = (): number => {
  seed ^= seed << 13;
  seed ^= seed >>> 17;
  seed ^= seed << 5;
  return ((seed >>> 0) + 0.5) / 4294967296;
};
const omega = new Float64Array(V * l);
for (let i = 0; i < omega.length; i++) omega[i] = Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
let q = orth(times(omega));
for (let it = 0; it < num("power"); it++) {
  q = orth(times(orth(timesT(q))));
  say(`power iteration ${it + 1} of ${num("power")}`);
}
// B = Qᵀ·M (l × V), kept as Bᵀ = Mᵀ·Q; B·Bᵀ = (Bᵀ)ᵀ·Bᵀ (l × l) = W·Λ·Wᵀ; U = Q·W, S = √Λ
const bt = timesT(q);
const gram = new Float64Array(l * l);
for (let i = 0; i < V; i++) {
  const o = i * l;
  for (let a = 0; a < l; a++) {
    const va = bt[o + a]!;
    if (va === 0) continue;
    for (let b = a; b < l; b++) gram[a * l + b]! += va * bt[o + b]!;
  }
}
for (let a = 0; a < l; a++) for (let b = 0; b < a; b++) gram[a * l + b] = gram[b * l + a]!;
const { values: lambda, vectors: w } = jacobiEigen(gram, l);
const order = [...lambda.keys()].sort((a, b) => lambda[b]! - lambda[a]!).slice(0, dim);
const sigma = order.map((k) => Math.sqrt(Math.max(0, lambda[k]!)));
const svdAt = Date.now();
say(`SVD: singular values ${sigma[0]!.toFixed(1)} … ${sigma[dim - 1]!.toFixed(1)}`);

// word vectors: (Q·W)[:, order] · S^eig (default 0.5), rows normalised
const wordVec = new Float64Array(V * dim);
for (let i = 0; i < V; i++) {
  for (let k = 0; k < dim; k++) {
    const col = order[k]!;
    let s = 0;
    for (let c = 0; c < l; c++) s += q[i * l + c]! * w[c * l + col]!;
    wordVec[i * dim + k] = s * Math.pow(sigma[k]!, num("eig"));
  }
  let norm = 0;
  for (let k = 0; k < dim; k++) norm += wordVec[i * dim + k]! ** 2;
  norm = Math.sqrt(norm) || 1;
  for (let k = 0; k < dim; k++) wordVec[i * dim + k]! /= norm;
}

// ---- 6. sub-words: the most used (as train-embeddings.ts counts use: over every word ≥ min-count),
// each the count-weighted mean of the unit vectors of the vocabulary words holding it
const subwordUse = new Map<string, number>();
for (const [word, n] of allVocab) for (const s of subwordsOf(word)) subwordUse.set(s, (subwordUse.get(s) ?? 0) + n);
const keptSubwords = [...subwordUse]
  .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
  .slice(0, num("subwords"))
  .map(([s]) => s);
const subwordIndex = new Map(keptSubwords.map((s, i) => [s, i]));
const subVec = new Float64Array(keptSubwords.length * dim);
let empty = 0;
vocab.forEach(([word, n], i) => {
  for (const s of subwordsOf(word)) {
    const r = subwordIndex.get(s);
    if (r === undefined) continue;
    for (let k = 0; k < dim; k++) subVec[r * dim + k]! += n * wordVec[i * dim + k]!;
  }
});
const keptWords = vocab.map(([word]) => word);
const rows = new Int8Array((V + keptSubwords.length) * dim);
const scales = new Float32Array(V + keptSubwords.length);
for (let i = 0; i < V; i++) quantiseRow(wordVec.subarray(i * dim, (i + 1) * dim), rows, scales, i, dim);
for (let r = 0; r < keptSubwords.length; r++) {
  const v = subVec.subarray(r * dim, (r + 1) * dim);
  if (v.every((x) => x === 0)) empty++;
  quantiseRow(v, rows, scales, V + r, dim);
}
say(`${keptSubwords.length} sub-words (${empty} in no vocabulary word: zero rows)`);
const frequency = Float32Array.from(vocab, ([, n]) => n / tokenCount);
const header = {
  dim,
  words: V,
  subwords: keptSubwords.length,
  provenance: {
    script: "scripts/train-ppmi.ts",
    data: [`CRUD-RAG news (crud-news.jsonl.gz, sha256 ${corpusHash}), Apache-2.0`],
    fitted: today(),
    figures: {
      tokens: tokenCount,
      vocabulary: V,
      pairs: used,
      positiveEntries: nnz,
      tokeniseSeconds: Math.round((tokenisedAt - started) / 1000),
      countSeconds: Math.round((countedAt - tokenisedAt) / 1000),
      trainSeconds: Math.round((svdAt - tokenisedAt) / 1000),
    },
    settings: {
      model:
        "PPMI + randomized truncated SVD (symmetric window, 1/distance weights, context counts^alpha, no shift; word vectors U·S^eig); sub-words: count-weighted mean of the vocabulary words holding them",
      dim,
      eig: num("eig"),
      oversample: num("oversample"),
      powerIterations: num("power"),
      window,
      alpha,
      shift: 0,
      minCount: num("min-count"),
    },
    seconds: Math.round((svdAt - started) / 1000),
  } satisfies Provenance,
};
const draft = join(tmpdir(), `news-vectors-ppmi-${process.pid}.bin`);
writeWordVectors(draft, { header, words: keptWords, subwords: keptSubwords, scales, frequency, common: new Float32Array(dim), rows });

// ---- 7. the common component, as train-embeddings.ts takes it
const common = await commonComponentOf(draft, corpusFile, dim);
writeWordVectors(draft, { header, words: keptWords, subwords: keptSubwords, scales, frequency, common, rows });
renameSync(draft, resolve(args.out!));
say(
  `wrote ${args.out} (${V} words, ${keptSubwords.length} sub-words, ${dim}-d): ${header.provenance.figures.tokeniseSeconds} s tokenising, ${header.provenance.figures.trainSeconds} s counting + PPMI + SVD`,
);

/** Eigenvalues and eigenvectors (columns of `vectors`, row-major n × n) of a symmetric matrix, cyclic Jacobi. */
function jacobiEigen(m: Float64Array, n: number): { values: number[]; vectors: Float64Array } {
  const a = Float64Array.from(m);
  const v = new Float64Array(n * n);
  for (let i = 0; i < n; i++) v[i * n + i] = 1;
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    let diag = 0;
    for (let p = 0; p < n; p++) {
      diag += a[p * n + p]! ** 2;
      for (let r = p + 1; r < n; r++) off += a[p * n + r]! ** 2;
    }
    if (off <= 1e-22 * diag) break;
    for (let p = 0; p < n; p++) {
      for (let r = p + 1; r < n; r++) {
        const apr = a[p * n + r]!;
        if (Math.abs(apr) < 1e-300) continue;
        const theta = (a[r * n + r]! - a[p * n + p]!) / (2 * apr);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          const akp = a[k * n + p]!;
          const akr = a[k * n + r]!;
          a[k * n + p] = c * akp - s * akr;
          a[k * n + r] = s * akp + c * akr;
        }
        for (let k = 0; k < n; k++) {
          const apk = a[p * n + k]!;
          const ark = a[r * n + k]!;
          a[p * n + k] = c * apk - s * ark;
          a[r * n + k] = s * apk + c * ark;
        }
        for (let k = 0; k < n; k++) {
          const vkp = v[k * n + p]!;
          const vkr = v[k * n + r]!;
          v[k * n + p] = c * vkp - s * vkr;
          v[k * n + r] = s * vkp + c * vkr;
        }
      }
    }
  }
  return { values: Array.from({ length: n }, (_, i) => a[i * n + i]!), vectors: v };
}
