/** How much two texts say the same, by their character pairs (a reprinted story shares nearly all of them). */

/** The set of adjacent character pairs of a text. */
export function characterPairs(text: string): Set<string> {
  const out = new Set<string>();
  for (let i = 0; i + 1 < text.length; i++) out.add(text.slice(i, i + 2));
  return out;
}

/** Share of the smaller pair set that the other holds (1: one text repeats the other). */
export function pairOverlap(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  let shared = 0;
  for (const p of a) if (b.has(p)) shared++;
  return shared / Math.max(1, Math.min(a.size, b.size));
}
