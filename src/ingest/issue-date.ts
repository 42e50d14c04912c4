/**
 * The issue date of a newspaper page: printed (its header or its file name, see pageDate), or else
 * estimated from what the page says, as precisely as the page allows: a day, else a month, else a year.
 *
 * The estimate rests on how a daily paper writes: it reports what happened on the days it names and
 * on 「昨天」. So:
 * - the page's year is the year it names most often, leaving out years it plans or forecasts for
 *   (「2025年度工作思路」「预计2025年一季度投产」): a page looks back on its own year far more than
 *   it looks ahead. A page that names no year of its own is dated by the anniversaries it names
 *   (「庆祝全国人民代表大会成立70周年」: 2024, src/ingest/anniversaries.ts), else by the year it plans
 *   for when it speaks of 「明年」 (plans for 2025 and 「明年」: the page is of 2024);
 * - its latest day is the latest month-day it names as having happened (「12月4日—6日，…」
 *   「12月6日是今年第六个学习日」), in that year when the day names no year of its own;
 * - a page that reports 「昨天」 events was printed the day after the latest day it names (nothing it
 *   reports is later than yesterday); without them, the latest day it names is the best estimate;
 * - a page that names no day is dated to the month its words of the time of year allow
 *   (「冲刺四季度」「年末岁尾」: December, src/ingest/seasons.ts), YYYY-MM; with none, or several
 *   months left, to its year alone, YYYY.
 * A page with no year to put anything in gets no date: a day or a month without a year (or a 昨天
 * with nothing to count from) would be precision invented.
 */
import { dayNumber, dayToIso, findDates, parseIsoDay, type FoundDate } from "../text/dates.js";
import { cuePattern, isFutureMention } from "./future-mentions.js";
import { pageDate } from "./page.js";
import { anniversaryYear } from "./anniversaries.js";
import { seasonMonth } from "./seasons.js";

export interface IssueDate {
  /** YYYY-MM-DD; an estimate may be YYYY-MM or YYYY when the page tells no more. */
  date: string;
  /** True when the date is estimated from the text rather than printed on the page. */
  estimated: boolean;
}

/** How an estimated date is shown to readers everywhere (CLI and bot): 「2024-12-07（推断）」. */
const ESTIMATED_MARK = "（推断）";

/** A date as readers see it: as is when printed, marked when estimated. */
export function shownDate(date: string, estimated: boolean | undefined): string {
  return estimated ? `${date}${ESTIMATED_MARK}` : date;
}

/** The page's printed date when it has one (kept first: it is certain), else the estimate from its text. */
export function issueDate(text: string, fileName: string): IssueDate | undefined {
  const printed = pageDate(text, fileName);
  if (printed) return { date: printed, estimated: false };
  const estimate = estimateIssueDate(text);
  return estimate ? { date: estimate, estimated: true } : undefined;
}

/**
 * The estimated issue date of a page without a printed one: YYYY-MM-DD, YYYY-MM or YYYY, as precise as
 * the page allows; undefined when it tells not even its year.
 */
export function estimateIssueDate(text: string): string | undefined {
  const year = pageYear(text) ?? anniversaryYear(text) ?? yearBeforePlans(text);
  if (year === undefined) return undefined;
  const latest = latestPastDay(text, year);
  if (latest !== undefined) return dayToIso(reportsYesterday(text) ? latest + 1 : latest);
  const month = seasonMonth(text);
  return month === undefined ? String(year) : `${year}-${String(month).padStart(2, "0")}`;
}

/** A found date that speaks of the future (src/ingest/future-mentions.ts): it does not date the page. */
const isFutureDate = (text: string, m: FoundDate): boolean => isFutureMention(text, m.start, m.end);

const yearOf = (day: number): number => Number(dayToIso(day).slice(0, 4));

/**
 * The year the page names most often among mentions that carry a year of their own (「2024年工作情况」,
 * 「2024年12月6日」), future ones left out. A tie goes to the later year: a page rarely names a year
 * after its own except for plans, which are already left out, while it often looks back.
 */
export function pageYear(text: string): number | undefined {
  const counts = new Map<number, number>();
  // Without a "today", findDates resolves only what names its year (relative words and bare month-days need one).
  for (const m of findDates(text)) {
    if (!m.text.includes("年") || yearOf(m.from) !== yearOf(m.to) || isFutureDate(text, m)) continue;
    counts.set(yearOf(m.from), (counts.get(yearOf(m.from)) ?? 0) + 1);
  }
  let best: number | undefined;
  for (const [year, n] of counts) if (best === undefined || n > counts.get(best)! || (n === counts.get(best)! && year > best)) best = year;
  return best;
}

/**
 * The page's year told by its plans: a page that speaks of 「明年」 and plans or forecasts for a year
 * (「预计2025年一季度投产」) is of the year before the earliest such year. Undefined without both.
 */
function yearBeforePlans(text: string): number | undefined {
  if (!cuePattern("next-year").test(text)) return undefined;
  const planned = findDates(text)
    .filter((m) => m.text.includes("年") && isFutureDate(text, m))
    .map((m) => yearOf(m.from));
  return planned.length ? Math.min(...planned) - 1 : undefined;
}

/** A mention that names a day of a month (「12月6日」「2024年12月6日」), not a relative day or a whole month. */
const NAMES_MONTH_DAY = /月\s*(?:\d{1,2}|[一二三四五六七八九十]{1,3})\s*[日号]/u;
/** The end of a day range written after its first day: 「12月4日—6日」. */
const RANGE_END = /^\s*[—–\-~～至到]\s*(\d{1,2})\s*[日号]/u;

/** The last day of a day mention, following a range to its end (「12月4日—6日」 → 6 December). */
function lastDayOf(text: string, m: FoundDate): number {
  const range = RANGE_END.exec(text.slice(m.end));
  if (!range) return m.to;
  const first = dayToIso(m.to);
  const end = parseIsoDay(`${first.slice(0, 8)}${range[1]!.padStart(2, "0")}`);
  return end !== undefined && end > m.to ? end : m.to;
}

/**
 * The latest day (a day number) the page names as past, in the page's year: month-days without a
 * year are read in that year, and days of another year (history, anniversaries) do not date the page.
 */
function latestPastDay(text: string, year: number): number | undefined {
  // With the page's last day of the year as "today", a bare month-day resolves in the page's year.
  const yearEnd = dayNumber(year, 12, 31);
  let latest: number | undefined;
  for (const m of findDates(text, yearEnd)) {
    if (!NAMES_MONTH_DAY.test(m.text) || yearOf(m.to) !== year || isFutureDate(text, m)) continue;
    const day = lastDayOf(text, m);
    if (latest === undefined || day > latest) latest = day;
  }
  return latest;
}

/** True when the page reports events of 「昨天」/「昨日」: it then came out the day after them. */
function reportsYesterday(text: string): boolean {
  return cuePattern("yesterday").test(text);
}
