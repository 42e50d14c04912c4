/**
 * Opens an index in a fresh process for the benchmark (segmenter dictionary, file reads, checksums,
 * journal replay: what a restarted bot pays) and prints {seconds, documents} as one JSON line.
 * Usage: tsx src/bench/load-child.ts <index dir>
 */
import { loadConfig } from "../config/env.js";
import { Engine } from "../engine/engine.js";

const t0 = performance.now();
const engine = await Engine.open(loadConfig(), process.argv[2]);
process.stdout.write(`${JSON.stringify({ seconds: (performance.now() - t0) / 1000, documents: engine.index.documentCount })}\n`);
