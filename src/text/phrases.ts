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

/** Longest run of `segments` (question pieces between question words) found verbatim, as a share of the question. */
export function phraseMatch(segments: string[], text: string): number {
  const total = segments.reduce((n, s) => n + s.length, 0);
  if (!total) return 0;
  let best = 0;
  const has = (seg: string, len: number): boolean => {
    for (let i = 0; i + len <= seg.length; i++) if (text.includes(seg.slice(i, i + len))) return true;
    return false;
  };
  for (const seg of segments) {
    // Longest substring of seg (3 to 24 chars) present in text; presence shrinks monotonically with length.
    let lo = Math.max(3, best + 1);
    let hi = Math.min(seg.length, 24);
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (has(seg, mid)) {
        best = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
  }
  return Math.min(1, best / Math.min(total, 12));
}
