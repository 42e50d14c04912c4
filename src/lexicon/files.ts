/** The data files of the lexicon, read as lines and tab-separated fields (comments and blank lines skipped). */
import { existsSync, readFileSync } from "node:fs";
import { dataPath } from "../paths.js";

/** Non-comment, non-empty lines of a data file (an absent file reads as empty). */
export function dataLines(name: string): string[] {
  const file = dataPath(name);
  if (!existsSync(file)) return [];
  return readFileSync(file, "utf8")
    .split("\n")
    .map((l) => l.replace(/\r$/u, ""))
    .filter((l) => l.trim() && !l.startsWith("#"));
}

export const fields = (line: string): string[] =>
  line
    .split("\t")
    .map((f) => f.trim())
    .filter(Boolean);

export function tsvGroups(name: string): string[][] {
  return dataLines(name)
    .map(fields)
    .filter((g) => g.length >= 2);
}

export function keyed(name: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const [key, ...rest] of tsvGroups(name)) out.set(key!, [...(out.get(key!) ?? []), ...rest]);
  return out;
}
