/**
 * Runs one ingest in its own process for the benchmark, so that its peak resident memory (all of
 * its threads) is its own, and prints {seconds, peak_rss_mb, ...summary} as one JSON line.
 * Usage: tsx src/bench/ingest-child.ts <index dir> [--rebuild] [--batch N] <input>...
 * The tests set BENCH_LOCK_STALE_MS, BENCH_LOCK_WAIT_MS and BENCH_GRACE_MS (writer lock and cleanup,
 * see src/index/generations.ts) to take over a killed writer's lock without waiting the default.
 */
import { loadConfig } from "../config/env.js";
import { embeddingsFromConfig } from "../embed/factory.js";
import { buildIndex } from "../index/build.js";

const [indexDir, ...rest] = process.argv.slice(2);
const rebuild = rest.includes("--rebuild");
const b = rest.indexOf("--batch");
const batchSize = b >= 0 ? Number(rest[b + 1]) : undefined;
const inputs = rest.filter((a, i) => a !== "--rebuild" && (b < 0 || (i !== b && i !== b + 1)));
const cfg = loadConfig();
const num = (name: string): number | undefined => (process.env[name] ? Number(process.env[name]) : undefined);
const staleMs = num("BENCH_LOCK_STALE_MS");
const waitMs = num("BENCH_LOCK_WAIT_MS");
const graceMs = num("BENCH_GRACE_MS");
const t0 = performance.now();
const summary = await buildIndex({
  inputs,
  indexDir: indexDir!,
  embeddings: embeddingsFromConfig(cfg),
  chunking: { size: cfg.CHUNK_SIZE, overlap: cfg.CHUNK_OVERLAP },
  rebuild,
  lock: { ...(staleMs !== undefined ? { staleMs } : {}), ...(waitMs !== undefined ? { waitMs } : {}) },
  ...(graceMs !== undefined ? { cleanup: { graceMs } } : {}),
  ...(batchSize ? { batchSize } : {}),
  onProgress: (p) => {
    if (process.env.BENCH_PROGRESS) process.stderr.write(`\r${p.documents} docs ${(p.fraction * 100).toFixed(0)}% ${p.phase}   `);
  },
});
process.stdout.write(
  `${JSON.stringify({
    seconds: (performance.now() - t0) / 1000,
    peak_rss_mb: process.resourceUsage().maxRSS / 1024,
    documents: summary.documents,
    chunks: summary.chunks,
    added: summary.added,
    skipped: summary.input.skipped.length,
  })}\n`,
);
