/** Marks where the question's words occur in an excerpt. */
export function highlightRanges(excerpt: string, terms: Iterable<string>): Array<[number, number]> {
  const ranges: Array<[number, number]> = [];
  const lower = excerpt.toLowerCase();
  for (const t of terms) {
    if (t.length < 2) continue;
    let from = 0;
    for (;;) {
      const i = lower.indexOf(t.toLowerCase(), from);
      if (i < 0) break;
      ranges.push([i, i + t.length]);
      from = i + t.length;
    }
  }
  ranges.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
  const merged: Array<[number, number]> = [];
  for (const r of ranges) {
    const last = merged.at(-1);
    if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
    else merged.push([r[0], r[1]]);
  }
  return merged;
}

/** The excerpt with its highlights wrapped in the given marks (【…】 by default). */
export function markExcerpt(excerpt: string, ranges: Array<[number, number]>, open = "【", close = "】"): string {
  let out = "";
  let at = 0;
  for (const [s, e] of ranges) {
    out += excerpt.slice(at, s) + open + excerpt.slice(s, e) + close;
    at = e;
  }
  return out + excerpt.slice(at);
}
