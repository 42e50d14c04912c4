/**
 * When an event happened, with where that date comes from:
 * - "text": the sentence that reports the event gives it (「12月4日—6日」, 「2019年7月16日，…」, or
 *   「昨天上午」 read against the article's date);
 * - "article": the article's own date (its metadata, or the date its text opens with);
 * - estimated: the date rests on a page date estimated from the page's text (Article.dateEstimated),
 *   which readers must be told.
 * Of several dates in the sentence, the one nearest before the event's words is the event's.
 */
import { PRESENT, type WordMatcher } from "./match.js";
import { findDates, hasExplicitYear, isRelativeDate, type DayRange, type FoundDate } from "../text/dates.js";
import { writeDate } from "./date-words.js";

type DateSource = "text" | "article";

export interface EventDate extends DayRange {
  source: DateSource;
  /** The date rests on an estimated page date. */
  estimated: boolean;
  /** The expression as the text writes it ("" when the article's date is used). */
  written: string;
}

export interface ArticleDate {
  range: DayRange;
  estimated: boolean;
}

/**
 * The date of the event the sentences report (the best first: a later one is read when the best gives
 * no date), else the article's date; undefined when neither is known. A date without a year in an
 * article without a date is read against `today` (the most recent such day) and marked estimated.
 */
export function dateOfEvent(sentences: readonly string[], words: WordMatcher, article: ArticleDate | undefined, today?: number): EventDate | undefined {
  const reference = article ? article.range.from : today;
  for (const sentence of sentences) {
    // Articles announce what is coming (「12月20日将举行」): a month-day may lie after the article's date.
    const found = findDates(sentence, reference, { future: article !== undefined }).filter((d) => plausible(d, article));
    const chosen = nearestBefore(found, firstWordAt(sentence.toLowerCase(), words));
    if (!chosen) continue;
    // 「2016年」 in an article dated 2016-04-11: the article's own date says the same more precisely.
    if (article && coarserAround(chosen, article.range)) return { ...article.range, source: "article", estimated: article.estimated, written: "" };
    const { from, to, grain } = chosen;
    // A date with its own year stands on its own; 「昨天」「12月6日」 lean on the article's date.
    const leans = !hasExplicitYear(chosen.text);
    return { from, to, grain, source: "text", estimated: leans && (article ? article.estimated : true), written: chosen.text };
  }
  if (!article) return undefined;
  return { ...article.range, source: "article", estimated: article.estimated, written: "" };
}

/** The text's date is wider than the article's and holds it. */
function coarserAround(text: DayRange, article: DayRange): boolean {
  return text.from <= article.from && text.to >= article.to && text.to - text.from > article.to - article.from;
}

/** A date an article reports as an event's: not decades away from the article (birth years, 「1949年」). */
function plausible(d: FoundDate, article: ArticleDate | undefined): boolean {
  if (!article) return true;
  const YEARS = 366 * 3;
  return d.to >= article.range.from - YEARS && d.from <= article.range.to + YEARS;
}

/** Where the first of the event's words occurs in the sentence (its start when none does). */
function firstWordAt(lower: string, words: WordMatcher): number {
  let first = Number.POSITIVE_INFINITY;
  for (let i = 0; i < words.words.length; i++) {
    const hit = words.hit(lower, i);
    if (hit.degree >= PRESENT && hit.at >= 0) first = Math.min(first, hit.at);
  }
  return Number.isFinite(first) ? first : 0;
}

/** The date nearest before position `at`; else the first after it. */
function nearestBefore(dates: readonly FoundDate[], at: number): FoundDate | undefined {
  const before = dates.filter((d) => d.start <= at);
  return before.at(-1) ?? dates[0];
}

/**
 * A quoted passage with its relative dates made plain for a reader who reads it later:
 * 「昨天（2024年12月6日，推断）上午」. With `yearless`, a date without its year gets it too
 * (「12月4日—6日（2024年12月4日至6日）」). The article's own words are kept; only notes are added.
 */
export function annotateDates(passage: string, article: ArticleDate | undefined, yearless: boolean): string {
  if (!article) return passage;
  const notes: Array<{ at: number; note: string }> = [];
  for (const d of findDates(passage, article.range.from, { future: true })) {
    // 「今年」「明年」 are plain enough beside the article's date; 「昨天」「上周」 are not.
    const nearRelative = isRelativeDate(d.text) && d.to - d.from < 28;
    if (hasExplicitYear(d.text) || !(nearRelative || (yearless && /月|日/u.test(d.text)))) continue;
    notes.push({ at: d.end, note: `（${writeDate(d)}${article.estimated ? "，推断" : ""}）` });
  }
  let out = passage;
  for (const { at, note } of notes.reverse()) out = out.slice(0, at) + note + out.slice(at);
  return out;
}
