/**
 * The month a page is written in, told by the words of the time of year it uses of its own present
 * (「冲刺四季度」「年末岁尾」, data/seasons.tsv). Words in a forecast or plan (「预计2025年一季度投产」)
 * or naming a time limit (「到年底」) are left out. The months of the words left are intersected: a
 * single month is the page's month; none, or several, tell no month.
 */
import { alternation, seasonWords, type Season } from "../lexicon/lexicon.js";
import { isDeadline, isFutureMention } from "./future-mentions.js";

let pattern: RegExp | undefined;

/** The seasons the text speaks of as its present, in order of mention. */
function presentSeasons(text: string): Season[] {
  const byWord = new Map(seasonWords().map((s) => [s.word, s]));
  pattern ??= alternation(byWord.keys());
  const found: Season[] = [];
  for (const m of text.matchAll(pattern)) {
    const start = m.index;
    const end = start + m[0].length;
    if (isFutureMention(text, start, end) || isDeadline(text, start, end)) continue;
    found.push(byWord.get(m[0])!);
  }
  return found;
}

/** The one month (1–12) every present season of the text allows, or undefined. */
export function seasonMonth(text: string): number | undefined {
  const seasons = presentSeasons(text);
  if (!seasons.length) return undefined;
  const first = Math.max(...seasons.map((s) => s.first));
  const last = Math.min(...seasons.map((s) => s.last));
  return first === last ? first : undefined;
}
