/**
 * Builds data/background-idf.tsv: how rare each word is in a large body of Chinese news, so that a
 * small newsroom corpus (the two seed pages hold 48 passages) does not take everyday words such as
 * 地方, 单位 or 要求 for rare ones. The question analysis blends it with the index's own rarity, leaning
 * on it the less the larger the index (src/question/rarity.ts).
 *
 *   npx tsx scripts/build-background-idf.ts [--corpus crud-news.jsonl.gz] [--work DIR] [--min-df N]
 *
 * Source: crud-news.jsonl.gz (CRUD-RAG, 68,798 articles, Apache-2.0), indexed as the product indexes
 * (same tokens, same 220-character passages). Words of two or more characters in at least --min-df
 * passages (default 10), not numbers alone, are kept, with their IDF rounded to 0.1.
 */
import { existsSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { loadConfig } from "../src/config/env.js";
import { Engine } from "../src/engine/engine.js";
import { chunkingFromConfig, ingest } from "../src/engine/ingest.js";
import { BACKGROUND_IDF } from "../src/lexicon/lexicon.js";
import { today, type Provenance } from "../src/models/fitted.js";
import { dataPath, PROJECT_ROOT } from "../src/paths.js";

const { values: args } = parseArgs({
  options: {
    corpus: { type: "string", default: resolve(PROJECT_ROOT, "..", "shared", "corpora", "crud-news.jsonl.gz") },
    work: { type: "string", default: join(tmpdir(), "wnb-fit") },
    "min-df": { type: "string", default: "10" },
    out: { type: "string", default: dataPath(BACKGROUND_IDF.file) },
  },
});

async function main(): Promise<void> {
  if (!existsSync(args.corpus!)) throw new Error(`${args.corpus} not found: give --corpus`);
  const cfg = loadConfig({ LOG_LEVEL: "warn" }, { dotenv: false });
  const dir = join(args.work!, "crud");
  if (!existsSync(join(dir, "CURRENT"))) {
    process.stderr.write(`building the index of ${args.corpus} in ${dir}\n`);
    await ingest(cfg, { inputs: [args.corpus!], indexDir: dir, chunking: chunkingFromConfig(cfg), rebuild: true });
  }
  const engine = await Engine.open(cfg, dir);
  const bm25 = engine.index.bm25;
  const minDf = Number(args["min-df"]);
  const rows = bm25
    .documentFrequencies()
    .filter(([term, df]) => df >= minDf && term.length >= 2 && /^[\p{Script=Han}a-z0-9]+$/u.test(term) && /[\p{Script=Han}a-z]/u.test(term))
    .map(([term]) => `${term}\t${bm25.idf(term).toFixed(1)}`)
    .sort();
  const provenance: Provenance = {
    script: "scripts/build-background-idf.ts",
    data: ["CRUD-RAG news (crud-news.jsonl.gz), Apache-2.0, indexed as the product indexes it"],
    fitted: today(),
    figures: { passages: bm25.size, words: rows.length },
    settings: { minDf },
  };
  const header = [
    "# How rare each word is in Chinese news: word<TAB>IDF over passages (ln(1 + (N - df + 0.5) / (df + 0.5))).",
    `# Built by npx tsx scripts/build-background-idf.ts from crud-news.jsonl.gz (CRUD-RAG, Apache-2.0): N = ${bm25.size} passages,`,
    `# words of two or more characters in at least ${minDf} passages. A word not listed is rarer than that.`,
    `#N\t${bm25.size}\t${minDf}`,
    `#provenance\t${JSON.stringify(provenance)}`,
  ];
  writeFileSync(args.out!, `${[...header, ...rows].join("\n")}\n`);
  process.stderr.write(`wrote ${rows.length} words to ${args.out}\n`);
}

main().catch((e: unknown) => {
  process.stderr.write(`build-background-idf: ${(e as Error).message}\n`);
  process.exit(1);
});
