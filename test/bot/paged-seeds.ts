/**
 * A seeds folder for the tests of /sources, deep links and inline answers: the two seed pages plus a
 * JSON Lines file of 14 articles, two a day from 2024-11-01 to 2024-11-07, whose `source` is a paper name
 * (「武进日报」) — 23 articles, three /sources pages.
 */
import { copyFileSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { DEFAULT_SEEDS } from "../../src/paths.js";
import { syntheticArticle } from "../helpers/corpus.js";
import { SEED_FILES } from "../helpers/seeds.js";

export const PAPER = "武进日报";
export const EXTRA_ARTICLES = 14;

export function pagedSeeds(dir: string): string {
  const seeds = join(dir, "seeds");
  mkdirSync(seeds, { recursive: true });
  for (const f of SEED_FILES) copyFileSync(join(DEFAULT_SEEDS, f), join(seeds, f));
  const lines = Array.from({ length: EXTRA_ARTICLES }, (_, i) =>
    JSON.stringify({ ...syntheticArticle(i), date: `2024-11-${String(Math.floor(i / 2) + 1).padStart(2, "0")}`, source: PAPER }),
  );
  writeFileSync(join(seeds, "wujin-daily.jsonl"), lines.join("\n") + "\n");
  return seeds;
}
