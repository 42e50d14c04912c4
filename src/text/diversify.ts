/** Reprinted stories pushed down a ranking (list questions: the same story twice is one item). */
import { characterPairs, pairOverlap } from "./overlap.js";

/** Two texts sharing more than this share of their character pairs say the same. */
const NEAR_DUPLICATE = 0.8;
/** How many distinct texts are looked for before the rest keep their order. */
const DISTINCT_HEAD = 10;

/** Pushes an article down when its text nearly repeats one ranked above it (same story reprinted). */
export function diversify<T extends { text: string; score: number }>(ranked: T[]): T[] {
  const kept: T[] = [];
  const late: T[] = [];
  const seen: Array<Set<string>> = [];
  for (const r of ranked) {
    const g = characterPairs(r.text);
    const dup = seen.some((s) => pairOverlap(g, s) > NEAR_DUPLICATE);
    if (dup) late.push(r);
    else {
      kept.push(r);
      seen.push(g);
    }
    if (kept.length >= DISTINCT_HEAD) break;
  }
  const rest = ranked.filter((r) => !kept.includes(r) && !late.includes(r));
  return [...kept, ...late, ...rest];
}
