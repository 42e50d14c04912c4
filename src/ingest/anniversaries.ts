/**
 * The year a page speaks of, told by the anniversaries it names: 「庆祝全国人民代表大会成立70周年」 is
 * about 1954 + 70 = 2024. What anniversaries count from is in data/founding-years.tsv.
 */
import { escapeRegExp, foundingYears } from "../lexicon/lexicon.js";
import { cnNumber } from "../text/dates.js";

let pattern: RegExp | undefined;

/** 「<name>(成立|诞生|…)?<N>周年」 for every known name (longest first). */
function anniversaryPattern(): RegExp {
  const names = foundingYears().map((f) => escapeRegExp(f.name));
  pattern ??= new RegExp(
    `(${names.length ? names.join("|") : "(?!)"})(?:成立|诞生|建立|胜利|回归|开始|召开)?\\s*(\\d{1,3}|[一二两三四五六七八九十]{1,3})\\s*周年`,
    "gu",
  );
  return pattern;
}

/** The years of the anniversaries the text names, in order of mention. */
function anniversaryYears(text: string): number[] {
  const founded = new Map(foundingYears().map((f) => [f.name, f.year]));
  const years: number[] = [];
  for (const m of text.matchAll(anniversaryPattern())) {
    const from = founded.get(m[1]!);
    const n = cnNumber(m[2]!);
    if (from !== undefined && n !== undefined && n > 0) years.push(from + n);
  }
  return years;
}

/** The year the text's anniversaries agree on most (the later one on a tie), or undefined when it names none. */
export function anniversaryYear(text: string): number | undefined {
  const counts = new Map<number, number>();
  for (const y of anniversaryYears(text)) counts.set(y, (counts.get(y) ?? 0) + 1);
  let best: number | undefined;
  for (const [year, n] of counts) if (best === undefined || n > counts.get(best)! || (n === counts.get(best)! && year > best)) best = year;
  return best;
}
