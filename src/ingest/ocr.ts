/**
 * Repairs OCR confusions listed in data/ocr-fixes.tsv (「人驻」→「入驻」). The list is data, not code:
 * add a pair there when a new slip shows up in the paper.
 */
import { readFileSync } from "node:fs";
import { dataPath } from "../paths.js";

let pairs: Array<[string, string]> | undefined;

function loadPairs(): Array<[string, string]> {
  pairs ??= readFileSync(dataPath("ocr-fixes.tsv"), "utf8")
    .split("\n")
    .filter((l) => l.trim() && !l.startsWith("#"))
    .map((l) => l.split("\t") as [string, string])
    .filter(([wrong, right]) => wrong && right && wrong !== right);
  return pairs;
}

export function fixOcr(text: string): string {
  let out = text;
  for (const [wrong, right] of loadPairs()) if (out.includes(wrong)) out = out.split(wrong).join(right);
  return out;
}
