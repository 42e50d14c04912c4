/** An engine over the two seed pages, built once per test file in a temporary folder. */
import { join } from "node:path";
import { Engine } from "../../src/engine/engine.js";
import { chunkingFromConfig, ingest } from "../../src/engine/ingest.js";
import { testConfig } from "../helpers/config.js";
import { tempDir } from "../helpers/tmp.js";

export async function seedEngine(overrides: Record<string, string> = {}): Promise<Engine> {
  const dir = join(tempDir("wnb-answer-"), "vectors");
  const cfg = testConfig(overrides);
  await ingest(cfg, { inputs: [cfg.SEEDS_DIR], indexDir: dir, chunking: chunkingFromConfig(cfg), prune: true });
  return Engine.open(cfg, dir);
}

const FIGURE = /\d+(?:\.\d+)?/gu;

/** Every [n] in the answer names a listed source, and a found answer cites at least one. */
export function citationsValid(r: { found: boolean; answer: string; sources: Array<{ n: number }> }): boolean {
  const listed = new Set(r.sources.map((s) => s.n));
  const cited = [...r.answer.matchAll(/\[(\d+)\]/gu)].map((m) => Number(m[1]));
  return (!r.found || cited.length > 0) && cited.every((n) => listed.has(n));
}

/** Every line of the answer that states something ends with a citation. */
export function everySentenceCited(answer: string): boolean {
  return answer
    .split("\n")
    .filter((l) => l.trim() && !/[：:]$/u.test(l.trim()))
    .every((l) => /\[\d+\][。]?$/u.test(l.trim()));
}

/** Figures of the answer that no cited source (its excerpt, or the headline a quote names) contains. */
export function inventedFigures(r: { answer: string; sources: Array<{ excerpt: string; title: string }> }): string[] {
  const excerpts = r.sources.map((s) => `${s.title}\n${s.excerpt}`).join("\n");
  return (r.answer.replace(/\[\d+\]/gu, "").match(FIGURE) ?? []).filter((f) => !excerpts.includes(f));
}
