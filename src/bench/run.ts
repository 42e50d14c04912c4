/**
 * The speed and memory benchmark (shared/spec/quality.md): full ingest in a child process (wall
 * time, peak RSS), index size, load time and resident memory with the index loaded, `search` and
 * `ask` latency over the question file, and the time to add 100 new articles to the full index.
 */
import { spawn } from "node:child_process";
import { createReadStream, existsSync } from "node:fs";
import { mkdir, mkdtemp, readdir, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { createInterface } from "node:readline";
import { createGunzip } from "node:zlib";
import type { Config } from "../config/env.js";
import { Engine } from "../engine/engine.js";
import { embeddingsFromConfig } from "../embed/factory.js";
import { percentile } from "../eval/stats.js";
import { buildIndex } from "../index/build.js";
import { currentGeneration } from "../index/generations.js";
import { PROJECT_ROOT } from "../paths.js";

export const DEFAULT_CORPUS = resolve(PROJECT_ROOT, "../shared/corpora/crud-news.jsonl.gz");
export const DEFAULT_QUERIES = resolve(PROJECT_ROOT, "../shared/corpora/crud-questions.jsonl");

export interface BenchOptions {
  corpus: string;
  queries: string;
  /** Questions to time (default 1,000). */
  limit: number;
  /** Where the index is built (default: a fresh temporary folder, removed afterwards). */
  workDir?: string;
  keep?: boolean;
  log: (line: string) => void;
}

export interface BenchResult {
  corpus: string;
  documents: number;
  chunks: number;
  ingest_s: number;
  ingest_articles_per_s: number;
  peak_rss_mb: number;
  index_mb: number;
  load_s: number;
  rss_loaded_mb: number;
  queries: number;
  search_p50_ms: number;
  search_p95_ms: number;
  search_p99_ms: number;
  ask_p50_ms: number;
  ask_p95_ms: number;
  ask_p99_ms: number;
  add100_s: number;
  add100_cli_s: number;
  add100_reembedded: number;
  first_search_after_add_ms: number;
  /** Bytes the in-process add wrote (the journal and manifest; the snapshot files are linked). */
  add100_written_mb: number;
  /** Load (in a fresh process) of the index as the adds left it: snapshot plus a journal of 200 articles. */
  load_after_adds_s: number;
}

const pct = percentile;

interface Question {
  q: string;
  date?: string;
}
const r3 = (x: number): number => Number(x.toFixed(3));

async function* lines(file: string): AsyncGenerator<string> {
  const raw = createReadStream(file);
  const input = file.endsWith(".gz") ? raw.pipe(createGunzip()) : raw;
  for await (const l of createInterface({ input, crlfDelay: Infinity })) if (l.trim()) yield l;
}

/** Runs a bench child (ingest-child.ts or load-child.ts, same tsx loader as this process) and returns its last JSON line. */
function child(args: string[], log: (l: string) => void, name = "ingest-child.ts"): Promise<{ wall: number; out: Record<string, number> }> {
  const script = join(PROJECT_ROOT, "src/bench", name);
  const t0 = performance.now();
  return new Promise((resolveP, reject) => {
    const p = spawn(process.execPath, [...process.execArgv, script, ...args], {
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, BENCH_PROGRESS: "1" },
    });
    let out = "";
    let err = "";
    p.stdout.on("data", (d: Buffer) => (out += d.toString()));
    p.stderr.on("data", (d: Buffer) => {
      err += d.toString();
      const last = d.toString().split("\r").pop()!.trim();
      if (last) log(`  ingest: ${last}`);
    });
    p.on("close", (code) => {
      const wall = (performance.now() - t0) / 1000;
      const line = out.trim().split("\n").pop() ?? "";
      if (code !== 0 || !line.startsWith("{")) return reject(new Error(`ingest child failed (exit ${code}): ${err.trim().split("\n").slice(-3).join(" | ")}`));
      resolveP({ wall, out: JSON.parse(line) as Record<string, number> });
    });
  });
}

/** Inode numbers of a folder's files (to tell files an update wrote from those it hard-linked). */
async function inodes(dir: string): Promise<Set<number>> {
  const out = new Set<number>();
  for (const e of await readdir(dir, { withFileTypes: true })) if (e.isFile()) out.add((await stat(join(dir, e.name))).ino);
  return out;
}

/** Bytes of a folder's files, leaving out those whose inode is in `except`. */
async function dirBytes(dir: string, except = new Set<number>()): Promise<number> {
  let n = 0;
  for (const e of await readdir(dir, { withFileTypes: true })) {
    if (!e.isFile()) continue;
    const st = await stat(join(dir, e.name));
    if (!except.has(st.ino)) n += st.size;
  }
  return n;
}

export async function runBench(cfg: Config, opts: BenchOptions): Promise<BenchResult> {
  const { log } = opts;
  const work = opts.workDir ?? (await mkdtemp(join(tmpdir(), "wujin-bench-")));
  const indexDir = join(work, "index");
  await mkdir(work, { recursive: true });
  try {
    const extra = await writeNewArticles(opts.corpus, join(work, "new-100.jsonl"));
    log(`ingesting ${opts.corpus} (child process) …`);
    const ingest = await child([indexDir, "--rebuild", opts.corpus], log);
    const gen = await currentGeneration(indexDir);
    const indexBytes = gen ? await dirBytes(gen) : 0;
    log("loading the index …");
    const loaded = await timeLoad(cfg, indexDir);
    const questions = await readQuestions(opts.queries, opts.limit);
    log(`timing search and ask over ${questions.length} questions …`);
    const latency = await timeQuestions(loaded.engine, questions);
    log("adding 100 new articles (in this process, then as a cold CLI run) …");
    const add = await timeAddInProcess(cfg, loaded.engine, indexDir, extra, log);
    // the same again from a cold process (node start, tokenizer dictionary, index load, write)
    await writeFile(extra.file, `${extra.lines.map((l) => l.replace(/"id":"bench-new-/, '"id":"bench-new2-')).join("\n")}\n`);
    const cold = await child([indexDir, extra.file], log);
    log("loading the index again, in a fresh process (snapshot + journal) …");
    const reload = await child([indexDir], log, "load-child.ts");
    return {
      corpus: opts.corpus,
      documents: ingest.out.documents!,
      chunks: ingest.out.chunks!,
      ingest_s: r3(ingest.wall),
      ingest_articles_per_s: Math.round(ingest.out.documents! / ingest.wall),
      peak_rss_mb: Math.round(ingest.out.peak_rss_mb!),
      index_mb: Number((indexBytes / 2 ** 20).toFixed(1)),
      load_s: r3(loaded.seconds),
      rss_loaded_mb: Math.round(loaded.rss / 2 ** 20),
      queries: questions.length,
      ...percentiles("search", latency.search),
      ...percentiles("ask", latency.ask),
      add100_s: r3(add.seconds),
      add100_cli_s: r3(cold.wall),
      add100_reembedded: add.embedded,
      first_search_after_add_ms: r3(add.firstSearchMs),
      add100_written_mb: Number((add.writtenBytes / 2 ** 20).toFixed(2)),
      load_after_adds_s: r3(reload.out.seconds!),
    };
  } finally {
    if (!opts.keep && !opts.workDir) await rm(work, { recursive: true, force: true });
  }
}

/** 100 articles the index has never seen: copies of the corpus's last 100 under new ids, written to `file`. */
async function writeNewArticles(corpus: string, file: string): Promise<{ file: string; lines: string[] }> {
  const tail: string[] = [];
  for await (const l of lines(corpus)) {
    tail.push(l);
    if (tail.length > 100) tail.shift();
  }
  const extra = tail.map((l, i) => {
    const r = JSON.parse(l) as Record<string, unknown>;
    return JSON.stringify({ ...r, id: `bench-new-${i}-${String(r.id)}`, text: `${String(r.text)}（补充报道${i}）` });
  });
  await writeFile(file, `${extra.join("\n")}\n`);
  return { file, lines: extra };
}

/** Opens the engine on the index; how long it took and the resident memory with the index loaded. */
async function timeLoad(cfg: Config, indexDir: string): Promise<{ engine: Engine; seconds: number; rss: number }> {
  const t0 = performance.now();
  const engine = await Engine.open(cfg, indexDir);
  const seconds = (performance.now() - t0) / 1000;
  global.gc?.();
  return { engine, seconds, rss: process.memoryUsage().rss };
}

/** The first `limit` questions of the question file (a conversation's first turn stands for it). */
async function readQuestions(file: string, limit: number): Promise<Question[]> {
  const qs: Question[] = [];
  for await (const l of lines(file)) {
    const r = JSON.parse(l) as { q?: string; date?: string; turns?: Array<{ q: string }> };
    const q = r.q ?? r.turns?.[0]?.q;
    if (q) qs.push(r.date ? { q, date: r.date } : { q });
    if (qs.length >= limit) break;
  }
  return qs;
}

/** Milliseconds of each `search` and each `ask`, after a warm-up. */
async function timeQuestions(engine: Engine, qs: Question[]): Promise<{ search: number[]; ask: number[] }> {
  for (const { q } of qs.slice(0, 20)) await engine.search(q, { k: 5 }); // warm-up
  const search: number[] = [];
  for (const { q, date } of qs) {
    const t = performance.now();
    await engine.search(q, date ? { k: 5, date } : { k: 5 });
    search.push(performance.now() - t);
  }
  const ask: number[] = [];
  for (const { q, date } of qs) {
    const t = performance.now();
    await engine.ask(q, date ? { date } : {});
    ask.push(performance.now() - t);
  }
  return { search, ask };
}

/**
 * Adds the new articles to the index the engine holds, updated in place (as a bot taking its daily
 * articles would): how long it took, what it wrote, and how long the first search after it takes.
 */
async function timeAddInProcess(
  cfg: Config,
  engine: Engine,
  indexDir: string,
  extra: { file: string; lines: string[] },
  log: (line: string) => void,
): Promise<{ seconds: number; writtenBytes: number; firstSearchMs: number; embedded: number }> {
  const gen = await currentGeneration(indexDir);
  const inodesBefore = gen ? await inodes(gen) : new Set<number>();
  const ta = performance.now();
  const add = await buildIndex({
    inputs: [extra.file],
    indexDir,
    index: engine.index,
    embeddings: engine.index.embeddings as ReturnType<typeof embeddingsFromConfig>,
    chunking: { size: cfg.CHUNK_SIZE, overlap: cfg.CHUNK_OVERLAP },
  });
  const seconds = (performance.now() - ta) / 1000;
  const afterAdd = await currentGeneration(indexDir);
  const writtenBytes = afterAdd ? await dirBytes(afterAdd, inodesBefore) : 0;
  // the first search after an update (the retriever refreshes what it derives from the corpus)
  const tf = performance.now();
  const first = JSON.parse(extra.lines[0]!) as { title?: string; text: string };
  const found = await engine.search(first.title ?? first.text.slice(0, 30), { k: 10 });
  const firstSearchMs = performance.now() - tf;
  if (!found.some((h) => h.docId.startsWith("bench-new-"))) log("warning: an added article was not found by search right after the update");
  if (add.added !== 100 || add.unchanged !== 0) throw new Error(`adding 100 articles added ${add.added}`);
  return { seconds, writtenBytes, firstSearchMs, embedded: add.embeddedChunks };
}

/** p50, p95 and p99 of latencies, as the result's `<name>_pNN_ms` fields. */
function percentiles<N extends "search" | "ask">(name: N, ms: number[]): Record<`${N}_p${50 | 95 | 99}_ms`, number> {
  return { [`${name}_p50_ms`]: r3(pct(ms, 50)), [`${name}_p95_ms`]: r3(pct(ms, 95)), [`${name}_p99_ms`]: r3(pct(ms, 99)) } as Record<
    `${N}_p${50 | 95 | 99}_ms`,
    number
  >;
}

export const TARGETS: Partial<Record<keyof BenchResult, { max: number; label: string }>> = {
  ingest_s: { max: 60, label: "≤ 60 s" },
  peak_rss_mb: { max: 2048, label: "≤ 2 GB" },
  load_s: { max: 3, label: "≤ 3 s" },
  search_p50_ms: { max: 5, label: "≤ 5 ms" },
  search_p95_ms: { max: 15, label: "≤ 15 ms" },
  ask_p95_ms: { max: 40, label: "≤ 40 ms" },
  add100_s: { max: 2, label: "≤ 2 s" },
};

export function benchTable(r: BenchResult): string {
  const rows: Array<[string, string, string]> = [
    ["documents / chunks", `${r.documents} / ${r.chunks}`, ""],
    ["full ingest (child process)", `${r.ingest_s.toFixed(1)} s (${r.ingest_articles_per_s} articles/s)`, "ingest_s"],
    ["peak RSS during ingest", `${r.peak_rss_mb} MB`, "peak_rss_mb"],
    ["index size on disk", `${r.index_mb} MB`, ""],
    ["index load", `${r.load_s.toFixed(2)} s`, "load_s"],
    ["resident memory, index loaded", `${r.rss_loaded_mb} MB`, ""],
    [`search p50 / p95 / p99 (${r.queries} q)`, `${r.search_p50_ms} / ${r.search_p95_ms} / ${r.search_p99_ms} ms`, "search_p50_ms"],
    ["ask p50 / p95 / p99", `${r.ask_p50_ms} / ${r.ask_p95_ms} / ${r.ask_p99_ms} ms`, "ask_p95_ms"],
    [
      "add 100 new articles (running process)",
      `${r.add100_s.toFixed(2)} s, ${r.add100_reembedded} chunks embedded, ${r.add100_written_mb} MB written`,
      "add100_s",
    ],
    ["add 100 new articles (cold CLI run)", `${r.add100_cli_s.toFixed(2)} s`, ""],
    ["first search after the add", `${r.first_search_after_add_ms} ms`, ""],
    ["index load after the adds (with journal)", `${r.load_after_adds_s.toFixed(2)} s`, ""],
  ];
  const verdict = (key: string): string => {
    const keys = key === "search_p50_ms" ? (["search_p50_ms", "search_p95_ms"] as const) : ([key] as Array<keyof BenchResult>);
    const parts = keys.map((k) => {
      const t = TARGETS[k];
      return t ? `${Number(r[k]) <= t.max ? "ok" : "MISSED"} (${t.label})` : "";
    });
    return parts.filter(Boolean).join(" ");
  };
  const w = Math.max(...rows.map((x) => x[0].length));
  const v = Math.max(...rows.map((x) => x[1].length));
  return rows.map(([a, b, k]) => `${a.padEnd(w)}  ${b.padEnd(v)}  ${k ? verdict(k) : ""}`.trimEnd()).join("\n") + "\n";
}

export const corpusExists = (p: string): boolean => existsSync(p);
