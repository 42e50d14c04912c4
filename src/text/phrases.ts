/** The stretches of a question between its question words and punctuation, for phrase matching (re-ranking, evidence). */
import { segment, stopwordSet } from "./tokenizer.js";

/** Stretches shorter than this match by chance too often to count as a phrase. */
const MIN_PHRASE_CHARS = 3;

/** Stretches of the question between question words and punctuation (for phrase matching). */
export function phraseSegments(core: string): string[] {
  const stop = stopwordSet();
  const out: string[] = [];
  let cur = "";
  for (const w of segment(core)) {
    if (stop.has(w) || !/[\p{L}\p{N}]/u.test(w)) {
      if (cur.length >= MIN_PHRASE_CHARS) out.push(cur);
      cur = "";
    } else cur += w;
  }
  if (cur.length >= MIN_PHRASE_CHARS) out.push(cur);
  return out;
}
