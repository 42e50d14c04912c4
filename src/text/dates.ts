/**
 * Dates in Chinese news text, as day ranges (days since 1970-01-01, UTC, inclusive):
 * - a document's date: the JSONL / page `date`, else the first full date near the start of the text
 *   (「2020年6月27日，…」, 「二〇二四年十二月十日」), else a year-month or a year there;
 * - the dates a question or a sentence names, with the character spans they occupy (so that query
 *   analysis can keep them out of the word match):
 *   - explicit, in Arabic or Chinese numerals: 2020年4月2日, 二〇一九年七月十六日, 十二月四日, 21日;
 *   - ranges, both ends: 12月4日—6日, 12月4至6日, 12月30日至1月2日, 2023年3月至5月, 2019—2021年;
 *   - parts of a month or a year: 上旬, 月初, 3月中, 6月底; 年初, 年中, 2024年底; 上半年, 三季度, 前三季度, Q3;
 *   - relative to "today": 昨天, 上周, 下周, 上个月, 下个月, 今年, 去年, 明年, 三个月前, 四年前, 近三年,
 *     过去三个月, 四年前的这个月, 今年六月, 四年前5月18日 …;
 *   - holidays with a fixed date (data/holidays.tsv): 元旦, 国庆假期, 2023年国庆, 去年圣诞节 ….
 * A date without a year (十二月四日, 三季度, 国庆) takes the latest year in which it does not lie after
 * the reference day: right for questions, which ask about what happened. An article's own sentences
 * also announce what is coming (「12月20日将举行」), so callers reading an article against its date
 * pass `{ future: true }`, which lets such a date lie up to about half a year ahead.
 */
import { alternation, holidays, lexicon } from "../lexicon/lexicon.js";

export interface DayRange {
  from: number;
  to: number;
  /**
   * How precise the expression was: a day, a week, a month, a year, a part of a month or a year
   * (上旬, 年底, a holiday week: "span"), a quarter, a half year, or two ends given apart ("range":
   * 12月4日至6日, 近三年).
   */
  grain: "day" | "week" | "month" | "year" | "span" | "quarter" | "half" | "range";
}

export interface FoundDate extends DayRange {
  start: number;
  end: number;
  text: string;
  /** The holiday's name when the date is a holiday's (a word articles use, unlike a date's digits). */
  holiday?: string;
}

export interface DateOptions {
  /**
   * Read a date without a year (or a bare day without a month) as possibly lying after the
   * reference day: up to about six months for a month or a holiday, half a month for a bare day.
   * For an article's text read against the article's own date; questions keep the default (false).
   */
  future?: boolean;
}

const MS_DAY = 86_400_000;
/** How far ahead of the reference a year-less date may lie with `future` (about half a year). */
const FUTURE_DAYS_IN_YEAR = 183;
/** How far ahead of the reference a month-less day (「21日」) may lie with `future` (half a month). */
const FUTURE_DAYS_IN_MONTH = 15;

export function dayNumber(y: number, m: number, d: number): number {
  return Math.floor(Date.UTC(y, m - 1, d) / MS_DAY);
}

export function dayToIso(day: number): string {
  return new Date(day * MS_DAY).toISOString().slice(0, 10);
}

interface YearMonthDay {
  y: number;
  m: number;
  d: number;
}

function ymd(day: number): YearMonthDay {
  const dt = new Date(day * MS_DAY);
  return { y: dt.getUTCFullYear(), m: dt.getUTCMonth() + 1, d: dt.getUTCDate() };
}

function monthRange(y: number, m: number): DayRange {
  // Normalise month overflow/underflow (e.g. month 0 = December of the year before).
  const first = new Date(Date.UTC(y, m - 1, 1));
  const last = new Date(Date.UTC(y, m, 0));
  return { from: Math.floor(first.getTime() / MS_DAY), to: Math.floor(last.getTime() / MS_DAY), grain: "month" };
}

/** Months `first`..`last` of a year (they may overflow into the next year) as one range. */
function monthsRange(year: number, first: number, last: number, grain: DayRange["grain"]): DayRange {
  return { from: monthRange(year, first).from, to: monthRange(year, last).to, grain };
}

function yearRange(y: number): DayRange {
  return { from: dayNumber(y, 1, 1), to: dayNumber(y, 12, 31), grain: "year" };
}

function validDay(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1 || d > 31) return false;
  const dt = new Date(Date.UTC(y, m - 1, d));
  return dt.getUTCMonth() === m - 1;
}

const singleDay = (day: number): DayRange => ({ from: day, to: day, grain: "day" });

/** The same day `months` months earlier or later, on the month's last day when it has fewer days. */
function shiftMonths(day: number, months: number): number {
  const { y, m, d } = ymd(day);
  const lastOfTarget = new Date(Date.UTC(y, m - 1 + months + 1, 0)).getUTCDate();
  return Math.floor(Date.UTC(y, m - 1 + months, Math.min(d, lastOfTarget)) / MS_DAY);
}

/** Parses YYYY-MM-DD (also YYYY-M-D, YYYY/MM/DD) into a day number. */
export function parseIsoDay(s: string | undefined): number | undefined {
  const m = s?.trim().match(/^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})/u);
  if (!m) return undefined;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return validDay(y, mo, d) ? dayNumber(y, mo, d) : undefined;
}

const CN_DIGIT: Record<string, number> = { 零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };

/** Arabic or Chinese numerals up to 99 (三, 十二, 二十一, 两); undefined when not a number. */
export function cnNumber(s: string): number | undefined {
  if (/^\d+$/u.test(s)) return Number(s);
  if (!s || !/^[零〇一二两三四五六七八九十]+$/u.test(s)) return undefined;
  const i = s.indexOf("十");
  if (i < 0) return s.length === 1 ? CN_DIGIT[s] : undefined;
  const tens = i === 0 ? 1 : CN_DIGIT[s.slice(0, i)];
  const ones = i === s.length - 1 ? 0 : CN_DIGIT[s.slice(i + 1)];
  return tens === undefined || ones === undefined ? undefined : tens * 10 + ones;
}

/** A year written digit by digit, in Arabic or Chinese numerals (2024, 二〇二四, 二零二四). */
function yearNumber(written: string): number | undefined {
  if (/^\d{4}$/u.test(written)) return Number(written);
  if ([...written].length !== 4) return undefined;
  let year = 0;
  for (const char of written) {
    const digit = CN_DIGIT[char];
    if (digit === undefined || char === "两") return undefined;
    year = year * 10 + digit;
  }
  return year;
}

const plausibleYear = (y: number | undefined): y is number => y !== undefined && y >= 1900 && y <= 2100;

// ---- Pattern pieces. Named groups appear once per regular expression; see `patterns()`. ----

const NUM_CHARS = "\\d{1,2}|[一二两三四五六七八九十]{1,3}";
const YEAR_CHARS = "\\d{4}|[〇零一二三四五六七八九]{4}";
const num = (name: string): string => `(?<${name}>${NUM_CHARS})`;
/** What joins the two ends of a range: dashes of every width, tildes, 至, 到. */
const CONNECTOR = "\\s*(?:—{1,2}|–|－|-|~|～|〜|至|到)\\s*";
/** Characters that, just before a month or a day, show it is the tail of a longer number or date. */
const NUMBER_BEFORE = "\\d〇零一二两三四五六七八九十";

// Words that begin with 初/中/底/末 and are not parts of a month or year (初步, 初中, 年中国…,
// 底线, 末班); 初一…初十 are lunar days. 中 alone is common inside words, so it needs what may follow it.
const EARLY = "初(?![步次心衷级稿见赛审选具始创识中恋一二三四五六七八九十])";
const MIDDLE = "中(?=$|[^\\p{Script=Han}]|前|后|以来|左右|时|期间|的|起|开始)";
const LATE = "(?:底(?![线部层数气盘色子下座片价薪])|末(?![班端位尾梢期]))";
/** A part of a month. */
const MONTH_PART = `(?<part>上中旬|中下旬|上旬|中旬|下旬|${EARLY}|${MIDDLE}|${LATE})`;
/** A part of a year after 年 (年初, 年中, 年底, 年末). */
const YEAR_PART = `(?<ypart>${EARLY}|${MIDDLE}|${LATE})`;
/**
 * The same after a year: 「2024年底」, 「今年初」, but 中 only after a second 年 (「2024年年中」), since
 * 「2020年中，…」 is far more often "in 2020".
 */
const PART_OF_YEAR = `(?<ypart>${EARLY}|(?<=年年)${MIDDLE}|${LATE})`;

/**
 * A month, optionally with a day or a part of the month. The unit may be left out before a range's
 * second end (「3至5月」, 「12月4至6日」): a lookahead then requires that end.
 */
const MONTH_DAY =
  `${num("month")}(?:月份?|(?=${CONNECTOR}(?:${NUM_CHARS})月))` + `(?:${num("day")}(?:[日号]|(?=${CONNECTOR}(?:${NUM_CHARS})[日号]))|${MONTH_PART})?`;
/** 「第三季度」, 「一季度」, 「前三季度」 (the first three), 「Q3」; the unit may be left out before a range's end. */
const QUARTER =
  `(?:(?<qfirst>前)?第?(?<quarter>[一二三四1-4])(?:季度|(?=${CONNECTOR}第?[一二三四1-4]季度))` + `|(?<![A-Za-z0-9])Q(?<qlatin>[1-4])(?![A-Za-z0-9]))`;
const HALF = "(?<half>[上下])半年";

/** The year words relative to today, and their offsets. */
const YEAR_WORDS: Record<string, number> = { 今年: 0, 本年: 0, 去年: -1, 前年: -2, 明年: 1 };
const YEAR =
  `(?:(?<![${NUMBER_BEFORE}])(?<year>${YEAR_CHARS})(?:年|(?=${CONNECTOR}(?:${YEAR_CHARS})年))` +
  `|(?<yearword>${Object.keys(YEAR_WORDS).join("|")})|${num("yearsago")}年前|(?<![上下])(?<halfago>半)年前)`;

const WEEK_WORDS: Record<string, number> = {
  上上周: -2,
  上周: -1,
  上星期: -1,
  上个星期: -1,
  上个礼拜: -1,
  本周: 0,
  这周: 0,
  这个星期: 0,
  这星期: 0,
  本星期: 0,
  下周: 1,
  下星期: 1,
  下个星期: 1,
  下个礼拜: 1,
  下下周: 2,
};
const MONTH_WORDS: Record<string, number> = { 上上个月: -2, 上个月: -1, 上月: -1, 这个月: 0, 本月: 0, 下个月: 1, 下月: 1, 下下个月: 2 };
const QUARTER_WORDS: Record<string, number> = {
  上季度: -1,
  上一季度: -1,
  上个季度: -1,
  本季度: 0,
  这个季度: 0,
  这一季度: 0,
  下季度: 1,
  下一季度: 1,
  下个季度: 1,
};
const DAY_WORDS: Record<string, number> = { 今天: 0, 今日: 0, 昨天: -1, 昨日: -1, 前天: -2, 大前天: -3, 明天: 1, 后天: 2 };
const wordsPattern = (words: Record<string, number>): string => alternation(Object.keys(words), "u").source;

/** The smallest unit an expression named: what the second end of a range may leave out. */
type Unit = "day" | "month" | "year" | "quarter";

interface Parsed {
  range: DayRange;
  unit?: Unit;
  holiday?: string;
}

/** The day dates are resolved against, and how (see DateOptions). */
interface Reference extends YearMonthDay {
  day: number;
  future: boolean;
}

type Groups = Partial<Record<string, string>>;

interface DatePattern {
  re: RegExp;
  resolve: (groups: Groups, ref: Reference | undefined) => Parsed | undefined;
}

/**
 * The patterns, in priority order: an earlier pattern's match wins over an overlapping later one.
 * Built on first use because the holiday names come from data/holidays.tsv.
 */
let cachedPatterns: DatePattern[] | undefined;

function patterns(): DatePattern[] {
  if (cachedPatterns) return cachedPatterns;
  const holiday = holidayPattern();
  const yearSuffix = `(?:的)?(?:(?<thismonth>这个月|本月|同月|当月)|${MONTH_DAY}|${HALF}|${QUARTER}|${holiday})|年?${PART_OF_YEAR}`;
  cachedPatterns = [
    // A year (explicit, relative or N years ago), optionally with a month, day, part or holiday.
    { re: new RegExp(`${YEAR}(?:${yearSuffix})?`, "gu"), resolve: resolveYearExpression },
    { re: new RegExp(`(?<![${NUMBER_BEFORE}年])${MONTH_DAY}`, "gu"), resolve: (groups, ref) => withoutYear(ref, (year) => monthDayIn(year, groups)) },
    // (not after 第 or 年 alone: 「2023财年第三季度」 is a fiscal year's; 上一季度 is the quarter word below)
    { re: new RegExp(`(?<![\\d年第上下本这])${QUARTER}`, "gu"), resolve: (groups, ref) => withoutYear(ref, (year) => quarterIn(year, groups)) },
    { re: new RegExp(`(?<!年)${HALF}`, "gu"), resolve: (groups, ref) => withoutYear(ref, (year) => halfIn(year, groups)) },
    // 「年底」 alone is this year's: it is almost always a deadline (年底前, 到年底), asked about or announced.
    // (not after 年: 「每年年底」, 「同年年底」 name no year we know; 「今年年底」 is the first pattern's)
    {
      re: new RegExp(`(?<![${NUMBER_BEFORE}年今去前明本当同该每全半上下])年${YEAR_PART}`, "gu"),
      resolve: (groups, ref) => (ref ? yearPartIn(ref.y, groups) : undefined),
    },
    { re: new RegExp(holiday, "gu"), resolve: (groups, ref) => withoutYear(ref, (year) => holidayIn(year, groups)) },
    {
      re: new RegExp(`(?<![接将附靠])(?:近|过去|最近)(?:的)?(?<recent>${NUM_CHARS}|半)(?<recentunit>年|个月|个星期|周|天|日)(?:以来|来)?`, "gu"),
      resolve: resolveRecent,
    },
    { re: new RegExp(`(?<dayword>${wordsPattern(DAY_WORDS)})`, "gu"), resolve: resolveDayWord },
    { re: new RegExp(`${num("daysago")}(?:天|日)(?:前|之前)`, "gu"), resolve: resolveDaysAgo },
    { re: new RegExp(`(?<weekword>${wordsPattern(WEEK_WORDS)})`, "gu"), resolve: resolveWeekWord },
    { re: new RegExp(`${num("weeksago")}(?:周|个星期|个礼拜)(?:前|之前)`, "gu"), resolve: resolveWeeksAgo },
    { re: new RegExp(`(?<quarterword>${wordsPattern(QUARTER_WORDS)})`, "gu"), resolve: resolveQuarterWord },
    { re: new RegExp(`(?<monthword>${wordsPattern(MONTH_WORDS)})${MONTH_PART}?`, "gu"), resolve: resolveMonthWord },
    { re: new RegExp(`(?:${num("monthsago")}|(?<halfmonth>半))个月(?:前|之前)`, "gu"), resolve: resolveMonthsAgo },
    // A day without a month (「21日上午」, 「二十一日，」): only where a date's day stands, not 「3日内」 or 「1号线」.
    {
      re: new RegExp(
        `(?<![${NUMBER_BEFORE}月年日号个第每前近数几有这同某那当])${num("day")}(?:[日号](?=$|[，,、。；;：:\\s）)]|上午|下午|晚|早|凌晨|中午|傍晚|夜|起|${CONNECTOR})|(?=${CONNECTOR}(?:${NUM_CHARS})[日号]))`,
        "gu",
      ),
      resolve: resolveBareDay,
    },
  ];
  return cachedPatterns;
}

/** Holiday names, longest first, not where they begin a place name (五一路, 国庆村, 五一广场). */
function holidayPattern(): string {
  // Only the longer place suffixes: a single 市 or 区 after a holiday is 元旦市场 or 国庆区间 far more often.
  const places = lexicon()
    .nameSuffixes.filter((s) => s.kind === "place" && s.suffix.length > 1)
    .map((s) => s.suffix);
  const notPlace = alternation([...places, "路", "街", "巷", "桥", "村", "大道", "小区"], "u").source;
  // 「英国庆祝」: the holiday's last character begins the next word (庆祝), so it is no holiday.
  return `(?<![${NUMBER_BEFORE}])(?<holiday>${
    alternation(
      holidays().map((h) => h.name),
      "u",
    ).source
  })(?!${notPlace}|祝)`;
}

/**
 * Dates a text names, resolved against `today` (a day number; relative words and dates without a
 * year are ignored without it). Spans do not overlap; earlier patterns, then earlier matches, win.
 */
export function findDates(text: string, today?: number, options: DateOptions = {}): FoundDate[] {
  const ref: Reference | undefined = today === undefined ? undefined : { ...ymd(today), day: today, future: options.future ?? false };
  const found: FoundDate[] = [];
  const taken = (from: number, to: number): boolean => found.some((date) => from < date.end && to > date.start);
  for (const { re, resolve } of patterns()) {
    for (const match of text.matchAll(re)) {
      const start = match.index!;
      let end = start + match[0].length;
      if (!match[0] || taken(start, end)) continue;
      const parsed = resolve(match.groups ?? {}, ref);
      if (!parsed) continue;
      let range = parsed.range;
      const second = rangeEnd(text, end, parsed);
      if (second && !taken(start, second.end)) {
        range = { from: range.from, to: second.to, grain: "range" };
        end = second.end;
      }
      found.push({ ...range, start, end, text: text.slice(start, end), ...(parsed.holiday ? { holiday: parsed.holiday } : {}) });
    }
  }
  return found.sort((a, b) => a.start - b.start);
}

// ---- Resolving what a pattern matched ----

function resolveYearExpression(groups: Groups, ref: Reference | undefined): Parsed | undefined {
  if (groups.halfago) {
    // 「半年前」: the month six months back, give or take a month.
    if (!ref) return undefined;
    const sixBack = monthRange(ref.y, ref.m - 6);
    return { range: { from: sixBack.from - 31, to: sixBack.to + 31, grain: "month" } };
  }
  const year = yearOf(groups, ref);
  if (!plausibleYear(year)) return undefined;
  if (groups.thismonth) return ref ? { range: monthRange(year, ref.m), unit: "month" } : undefined;
  if (groups.month) return monthDayIn(year, groups) ?? { range: yearRange(year), unit: "year" };
  if (groups.quarter || groups.qlatin) return quarterIn(year, groups);
  if (groups.half) return halfIn(year, groups);
  if (groups.holiday) return holidayIn(year, groups);
  if (groups.ypart) return yearPartIn(year, groups);
  return { range: yearRange(year), unit: "year" };
}

function yearOf(groups: Groups, ref: Reference | undefined): number | undefined {
  if (groups.year) return yearNumber(groups.year);
  if (!ref) return undefined;
  if (groups.yearword) return ref.y + (YEAR_WORDS[groups.yearword] ?? NaN);
  if (groups.yearsago) return ref.y - (cnNumber(groups.yearsago) ?? NaN);
  return undefined;
}

/** A month of `year`, with the day or the part of the month the groups name. */
function monthDayIn(year: number, groups: Groups): Parsed | undefined {
  const month = cnNumber(groups.month ?? "");
  if (month === undefined || month < 1 || month > 12) return undefined;
  if (groups.day) {
    const day = cnNumber(groups.day);
    return day !== undefined && validDay(year, month, day) ? { range: singleDay(dayNumber(year, month, day)), unit: "day" } : undefined;
  }
  return { range: monthPart(monthRange(year, month), groups.part), unit: "month" };
}

/** 上旬/月初: days 1–10; 中旬/月中: 11–20; 下旬/月底/月末: 21 to the end. */
function monthPart(month: DayRange, part: string | undefined): DayRange {
  if (!part) return month;
  const tenth = month.from + 9;
  const twentieth = month.from + 19;
  if (part === "上旬" || part === "初") return { from: month.from, to: tenth, grain: "span" };
  if (part === "上中旬") return { from: month.from, to: twentieth, grain: "span" };
  if (part === "中旬" || part === "中") return { from: tenth + 1, to: twentieth, grain: "span" };
  if (part === "中下旬") return { from: tenth + 1, to: month.to, grain: "span" };
  return { from: twentieth + 1, to: month.to, grain: "span" };
}

/** 年初: January–February; 年中: June–July; 年底/年末: December. */
function yearPartIn(year: number, groups: Groups): Parsed {
  if (groups.ypart === "初") return { range: monthsRange(year, 1, 2, "span"), unit: "month" };
  if (groups.ypart === "中") return { range: monthsRange(year, 6, 7, "span"), unit: "month" };
  return { range: monthsRange(year, 12, 12, "span"), unit: "month" };
}

function quarterIn(year: number, groups: Groups): Parsed | undefined {
  const quarter = groups.qlatin ? Number(groups.qlatin) : cnNumber(groups.quarter ?? "");
  if (quarter === undefined || quarter < 1 || quarter > 4) return undefined;
  // 「前三季度」: the first three quarters together.
  if (groups.qfirst) return { range: monthsRange(year, 1, 3 * quarter, "range") };
  return { range: monthsRange(year, 3 * quarter - 2, 3 * quarter, "quarter"), unit: "quarter" };
}

function halfIn(year: number, groups: Groups): Parsed {
  return { range: groups.half === "上" ? monthsRange(year, 1, 6, "half") : monthsRange(year, 7, 12, "half") };
}

function holidayIn(year: number, groups: Groups): Parsed | undefined {
  const holiday = holidays().find((h) => h.name === groups.holiday);
  if (!holiday || !validDay(year, holiday.month, holiday.day)) return undefined;
  const first = dayNumber(year, holiday.month, holiday.day);
  const range: DayRange = holiday.days > 1 ? { from: first, to: first + holiday.days - 1, grain: "span" } : singleDay(first);
  return { range, unit: "day", holiday: holiday.name };
}

/**
 * A date named without its year, in the latest year in which it starts no later than the reference
 * day (plus half a year with `future`). Years further back are tried for 2月29日.
 */
function withoutYear(ref: Reference | undefined, inYear: (year: number) => Parsed | undefined): Parsed | undefined {
  if (!ref) return undefined;
  const latestStart = ref.day + (ref.future ? FUTURE_DAYS_IN_YEAR : 0);
  for (let year = ref.y + 1; year >= ref.y - 4; year--) {
    const parsed = inYear(year);
    if (parsed && parsed.range.from <= latestStart) return parsed;
  }
  return undefined;
}

/** A day named without its month (「21日」), in the latest month in which it is not after the reference day. */
function resolveBareDay(groups: Groups, ref: Reference | undefined): Parsed | undefined {
  const day = cnNumber(groups.day ?? "");
  if (!ref || day === undefined) return undefined;
  const latest = ref.day + (ref.future ? FUTURE_DAYS_IN_MONTH : 0);
  for (let back = -1; back <= 3; back++) {
    const { y: year, m: month } = ymd(monthRange(ref.y, ref.m - back).from);
    if (validDay(year, month, day) && dayNumber(year, month, day) <= latest) return { range: singleDay(dayNumber(year, month, day)), unit: "day" };
  }
  return undefined;
}

/** 「近三年」, 「过去三个月」, 「近30天」: from that long before the reference day to it. */
function resolveRecent(groups: Groups, ref: Reference | undefined): Parsed | undefined {
  if (!ref) return undefined;
  const unit = groups.recentunit;
  if (groups.recent === "半") return unit === "年" ? { range: { from: shiftMonths(ref.day, -6), to: ref.day, grain: "range" } } : undefined;
  const count = cnNumber(groups.recent ?? "");
  if (count === undefined) return undefined;
  const from =
    unit === "年"
      ? shiftMonths(ref.day, -12 * count)
      : unit === "个月"
        ? shiftMonths(ref.day, -count)
        : unit === "天" || unit === "日"
          ? ref.day - count
          : ref.day - 7 * count;
  return { range: { from, to: ref.day, grain: "range" } };
}

function resolveDayWord(groups: Groups, ref: Reference | undefined): Parsed | undefined {
  const offset = DAY_WORDS[groups.dayword ?? ""];
  return ref && offset !== undefined ? { range: singleDay(ref.day + offset), unit: "day" } : undefined;
}

function resolveDaysAgo(groups: Groups, ref: Reference | undefined): Parsed | undefined {
  const count = cnNumber(groups.daysago ?? "");
  if (!ref || count === undefined) return undefined;
  return { range: { from: ref.day - count - 1, to: ref.day - count + 1, grain: "span" } };
}

function resolveWeekWord(groups: Groups, ref: Reference | undefined): Parsed | undefined {
  const offset = WEEK_WORDS[groups.weekword ?? ""];
  if (!ref || offset === undefined) return undefined;
  const dayOfWeek = (new Date(ref.day * MS_DAY).getUTCDay() + 6) % 7; // Monday = 0
  const monday = ref.day - dayOfWeek + 7 * offset;
  return { range: { from: monday, to: monday + 6, grain: "week" } };
}

function resolveWeeksAgo(groups: Groups, ref: Reference | undefined): Parsed | undefined {
  const count = cnNumber(groups.weeksago ?? "");
  if (!ref || count === undefined) return undefined;
  return { range: { from: ref.day - 7 * count - 3, to: ref.day - 7 * count + 3, grain: "week" } };
}

function resolveMonthWord(groups: Groups, ref: Reference | undefined): Parsed | undefined {
  const offset = MONTH_WORDS[groups.monthword ?? ""];
  if (!ref || offset === undefined) return undefined;
  return { range: monthPart(monthRange(ref.y, ref.m + offset), groups.part), unit: "month" };
}

function resolveQuarterWord(groups: Groups, ref: Reference | undefined): Parsed | undefined {
  const offset = QUARTER_WORDS[groups.quarterword ?? ""];
  if (!ref || offset === undefined) return undefined;
  const firstMonth = 3 * Math.floor((ref.m - 1) / 3) + 1 + 3 * offset;
  return { range: monthsRange(ref.y, firstMonth, firstMonth + 2, "quarter"), unit: "quarter" };
}

function resolveMonthsAgo(groups: Groups, ref: Reference | undefined): Parsed | undefined {
  if (!ref) return undefined;
  if (groups.halfmonth) return { range: { from: ref.day - 20, to: ref.day - 10, grain: "span" } };
  const count = cnNumber(groups.monthsago ?? "");
  return count === undefined ? undefined : { range: monthRange(ref.y, ref.m - count) };
}

// ---- The second end of a range ----

const CONNECTOR_AT = new RegExp(`^${CONNECTOR}`, "u");
const DAY_END = new RegExp(`^(?:(?:(?<year>${YEAR_CHARS})年)?${num("month")}月)?${num("day")}[日号]`, "u");
const MONTH_END = new RegExp(`^(?:(?<year>${YEAR_CHARS})年)?${num("month")}月份?${MONTH_PART}?`, "u");
const YEAR_END = new RegExp(`^(?<year>${YEAR_CHARS})年(?:年?${PART_OF_YEAR})?`, "u");
const QUARTER_END = new RegExp(`^(?:(?<year>${YEAR_CHARS})年)?第?(?<quarter>[一二三四1-4])季度`, "u");

/**
 * The second end of a range that starts with `first` and ends at `at` in the text: 「—6日」,
 * 「至1月2日」, 「至5月」, 「至2021年」. What the end leaves out is the first end's
 * (「12月4日至6日」: December of the same year); an end that would lie before the first end moves on
 * by a year (「12月30日至1月2日」) or a month (「30日至2日」).
 */
function rangeEnd(text: string, at: number, first: Parsed): { to: number; end: number } | undefined {
  const rest = text.slice(at, at + 24);
  const connector = rest.match(CONNECTOR_AT);
  if (!connector || !first.unit) return undefined;
  const tail = rest.slice(connector[0].length);
  const end = secondEnd(tail, first);
  if (!end || end.range.to < first.range.from) return undefined;
  return { to: end.range.to, end: at + connector[0].length + end.length };
}

function secondEnd(tail: string, first: Parsed): { range: DayRange; length: number } | undefined {
  const { y, m } = ymd(first.range.from);
  switch (first.unit) {
    case "day": {
      const match = tail.match(DAY_END);
      // 「3月15日至4月」: a day to a whole month.
      if (!match?.groups) return monthEnd(tail, first);
      const day = cnNumber(match.groups.day ?? "");
      if (day === undefined) return undefined;
      if (match.groups.month) {
        const month = cnNumber(match.groups.month) ?? 0;
        const range = endInYear(first, match.groups.year, (year) => (validDay(year, month, day) ? singleDay(dayNumber(year, month, day)) : undefined));
        return range && { range, length: match[0].length };
      }
      // Only a day: in the first end's month, or the next one (「30日至2日」).
      const sameMonth = validDay(y, m, day) ? dayNumber(y, m, day) : undefined;
      const next = ymd(monthRange(y, m + 1).from);
      const nextMonth = validDay(next.y, next.m, day) ? dayNumber(next.y, next.m, day) : undefined;
      const end = sameMonth !== undefined && sameMonth >= first.range.from ? sameMonth : nextMonth;
      return end === undefined ? undefined : { range: singleDay(end), length: match[0].length };
    }
    case "month":
      return monthEnd(tail, first);
    case "year": {
      const match = tail.match(YEAR_END);
      const year = match?.groups?.year ? yearNumber(match.groups.year) : undefined;
      if (!match?.groups || !plausibleYear(year)) return undefined;
      return { range: match.groups.ypart ? yearPartIn(year, match.groups).range : yearRange(year), length: match[0].length };
    }
    case "quarter": {
      const match = tail.match(QUARTER_END);
      if (!match?.groups) return undefined;
      const groups = match.groups;
      const range = endInYear(first, groups.year, (year) => quarterIn(year, groups)?.range);
      return range && { range, length: match[0].length };
    }
  }
  return undefined;
}

/** A second end that names a month (「至5月」, 「至2024年1月」, 「至5月底」). */
function monthEnd(tail: string, first: Parsed): { range: DayRange; length: number } | undefined {
  const match = tail.match(MONTH_END);
  const month = cnNumber(match?.groups?.month ?? "");
  if (!match?.groups || month === undefined || month < 1 || month > 12) return undefined;
  const part = match.groups.part;
  const range = endInYear(first, match.groups.year, (year) => monthPart(monthRange(year, month), part));
  return range && { range, length: match[0].length };
}

/**
 * A range's second end in the year it names, else in the first end's year, or the year after when
 * it would lie before the first end (「12月30日至1月2日」).
 */
function endInYear(first: Parsed, written: string | undefined, inYear: (year: number) => DayRange | undefined): DayRange | undefined {
  if (written) {
    const year = yearNumber(written);
    return plausibleYear(year) ? inYear(year) : undefined;
  }
  const { y } = ymd(first.range.from);
  const sameYear = inYear(y);
  return sameYear && sameYear.from < first.range.from ? inYear(y + 1) : sameYear;
}

// ---- A document's own date ----

const DOC_FULL = new RegExp(`(?<year>${YEAR_CHARS})年${num("month")}月${num("day")}[日号]`, "u");
const DOC_YM = new RegExp(`(?<year>${YEAR_CHARS})年${num("month")}月`, "u");
const DOC_Y = new RegExp(`(?<year>${YEAR_CHARS})年`, "u");

/** A metadata date as a range: YYYY-MM-DD a day, YYYY-MM a month, YYYY a year (estimated page dates). */
function metaDateRange(meta: string | undefined): DayRange | undefined {
  const iso = parseIsoDay(meta);
  if (iso !== undefined) return singleDay(iso);
  const m = meta?.trim().match(/^(\d{4})(?:-(\d{1,2}))?$/u);
  if (!m) return undefined;
  const [year, month] = [Number(m[1]), m[2] === undefined ? undefined : Number(m[2])];
  if (year < 1900 || year > 2100) return undefined;
  if (month === undefined) return yearRange(year);
  return month >= 1 && month <= 12 ? monthRange(year, month) : undefined;
}

/**
 * A document's date range: its metadata date when it has one (a day, or the month or year of an
 * estimated page date), else the first date within the opening of its text (news items state when
 * things happened near the start).
 */
export function documentDate(meta: string | undefined, text: string | (() => string), window = 60): DayRange | undefined {
  const given = metaDateRange(meta);
  if (given) return given;
  // (the text may be given as a function: it is then read only when the metadata has no date)
  const head = (typeof text === "string" ? text : text()).slice(0, window);
  const full = head.match(DOC_FULL)?.groups;
  if (full) {
    const [y, mo, d] = [yearNumber(full.year ?? ""), cnNumber(full.month ?? ""), cnNumber(full.day ?? "")];
    if (y !== undefined && mo !== undefined && d !== undefined && validDay(y, mo, d)) return singleDay(dayNumber(y, mo, d));
  }
  const ym = head.match(DOC_YM)?.groups;
  const [y, mo] = [yearNumber(ym?.year ?? ""), cnNumber(ym?.month ?? "")];
  if (y !== undefined && mo !== undefined && mo >= 1 && mo <= 12) return monthRange(y, mo);
  const year = yearNumber(head.match(DOC_Y)?.groups?.year ?? "");
  if (year !== undefined && year > 1900 && year < 2100) return yearRange(year);
  return undefined;
}

/** How well a document date fits a question's date: 1 inside, decaying with distance in days. */
export function dateFit(doc: DayRange, q: DayRange): number {
  if (doc.to >= q.from && doc.from <= q.to) {
    // A vague document date inside a precise question date is a weaker match.
    const docSpan = doc.to - doc.from;
    const qSpan = q.to - q.from;
    return docSpan > qSpan + 1 ? 0.5 : 1;
  }
  return 0;
}

/** 「2024年」「二〇二四年」: the expression carries its own year. */
export function hasExplicitYear(text: string): boolean {
  return /\d{4}\s*年|[〇零一二三四五六七八九]{4}年/u.test(text);
}

/** 「昨天」「上周」「今年」「三年前」「近三年」: said relative to a day (today, or the article's date). */
export function isRelativeDate(text: string): boolean {
  return /[昨今前明后]天|[昨今明]日|[上本下这]{1,2}(?:个)?(?:周|星期|礼拜|月|季度)|[今去明前本]年|年前|个月前|天前|周前|[近过]去?[\d一二两三四五六七八九十]+(?:个)?(?:年|月|天|周)|半年前/u.test(
    text,
  );
}
