import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { splitPage } from "../../src/ingest/page.js";
import { DEFAULT_SEEDS } from "../../src/paths.js";
import type { Article } from "../../src/types.js";

export const SEED_FILES = readdirSync(DEFAULT_SEEDS)
  .filter((f) => f.endsWith(".txt"))
  .sort();

export function seedText(file: string): string {
  return readFileSync(join(DEFAULT_SEEDS, file), "utf8");
}

export function seedArticles(): Article[] {
  return SEED_FILES.flatMap((f) => splitPage(seedText(f), { source: f }));
}
