/**
 * Repairs OCR confusions listed in data/ocr-fixes.tsv (「人驻」→「入驻」). The list is data, not code:
 * add a pair there when a new slip shows up in the paper.
 */
import { lexicon } from "../lexicon/lexicon.js";

export function fixOcr(text: string): string {
  let out = text;
  for (const [wrong, right] of lexicon().ocrFixes) if (out.includes(wrong)) out = out.split(wrong).join(right);
  return out;
}
