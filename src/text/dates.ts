/**
 * Dates in Chinese news text, as day ranges (days since 1970-01-01, UTC, inclusive):
 * - a document's date: the JSONL / page `date`, else the first full date near the start of the text
 *   (「2020年6月27日，…」), else a year-month or a year there;
 * - a question's dates, explicit (2020年4月2日, 12月6日, 2024年, 2024年1月底) and relative to "today"
 *   (昨天, 上周, 上个月, 今年, 去年, 三个月前, 半年前, 四年前的这个月, 今年六月, 四年前5月18日 …),
 *   with the character spans they occupy so that query analysis can keep them out of the word match.
 */

export interface DayRange {
  from: number;
  to: number;
  /** How precise the expression was. */
  grain: "day" | "week" | "month" | "year" | "span";
}

export interface FoundDate extends DayRange {
  start: number;
  end: number;
  text: string;
}

const MS_DAY = 86_400_000;

export function dayNumber(y: number, m: number, d: number): number {
  return Math.floor(Date.UTC(y, m - 1, d) / MS_DAY);
}

export function dayToIso(day: number): string {
  return new Date(day * MS_DAY).toISOString().slice(0, 10);
}

function ymd(day: number): { y: number; m: number; d: number } {
  const dt = new Date(day * MS_DAY);
  return { y: dt.getUTCFullYear(), m: dt.getUTCMonth() + 1, d: dt.getUTCDate() };
}

function monthRange(y: number, m: number): DayRange {
  // Normalise month overflow/underflow (e.g. month 0 = December of the year before).
  const first = new Date(Date.UTC(y, m - 1, 1));
  const last = new Date(Date.UTC(y, m, 0));
  return { from: Math.floor(first.getTime() / MS_DAY), to: Math.floor(last.getTime() / MS_DAY), grain: "month" };
}

function yearRange(y: number): DayRange {
  return { from: dayNumber(y, 1, 1), to: dayNumber(y, 12, 31), grain: "year" };
}

function validDay(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1 || d > 31) return false;
  const dt = new Date(Date.UTC(y, m - 1, d));
  return dt.getUTCMonth() === m - 1;
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

const NUM = "(\\d{1,2}|[一二两三四五六七八九十]{1,3})";
const YEAR_PART = `(\\d{4})年|(今年|本年|去年|前年|明年)|${NUM}年前|(半)年前`;
const MONTH_PART = `(?:的)?(?:(这个月|本月|同月|当月)|${NUM}月份?(?:${NUM}[日号])?(上旬|中旬|下旬|初|底|末)?)`;
const PATTERNS: Array<{ re: RegExp; kind: string }> = [
  // A year expression, optionally followed by a month (and day).
  { re: new RegExp(`(?:${YEAR_PART})(?:${MONTH_PART})?`, "gu"), kind: "year" },
  // A month (and day) with no year: this year, or last year if it lies after today.
  { re: new RegExp(`(?<![\\d年])${NUM}月份?(?:${NUM}[日号])?(上旬|中旬|下旬|初|底|末)?`, "gu"), kind: "month" },
  { re: /(今天|今日|昨天|昨日|前天|大前天)/gu, kind: "dayword" },
  { re: new RegExp(`${NUM}(?:天|日)(?:前|之前)`, "gu"), kind: "daysago" },
  { re: /(上上周|上周|上星期|上个星期|上个礼拜|本周|这周|这个星期|这星期|本星期)/gu, kind: "week" },
  { re: new RegExp(`${NUM}(?:周|个星期|个礼拜)(?:前|之前)`, "gu"), kind: "weeksago" },
  { re: /(上上个月|上个月|上月|这个月|本月)/gu, kind: "monthword" },
  { re: new RegExp(`(${NUM}|半)个月(?:前|之前)`, "gu"), kind: "monthsago" },
];

function dayRangeWithin(y: number, mo: number, d: number | undefined, part: string | undefined): DayRange | undefined {
  if (mo < 1 || mo > 12) return undefined;
  if (d !== undefined) return validDay(y, mo, d) ? { from: dayNumber(y, mo, d), to: dayNumber(y, mo, d), grain: "day" } : undefined;
  const r = monthRange(y, mo);
  if (part === "上旬" || part === "初") return { from: r.from, to: r.from + 9, grain: "span" };
  if (part === "中旬") return { from: r.from + 10, to: r.from + 19, grain: "span" };
  if (part === "下旬" || part === "底" || part === "末") return { from: Math.max(r.from, r.to - 10), to: r.to, grain: "span" };
  return r;
}

/**
 * Dates a question names, resolved against `today` (a day number; relative words are ignored
 * without it). Spans do not overlap; earlier, longer matches win.
 */
export function findDates(text: string, today?: number): FoundDate[] {
  const t = today !== undefined ? ymd(today) : undefined;
  const found: FoundDate[] = [];
  const taken = (s: number, e: number): boolean => found.some((f) => s < f.end && e > f.start);
  for (const { re, kind } of PATTERNS) {
    for (const m of text.matchAll(re)) {
      const start = m.index!;
      const end = start + m[0].length;
      if (taken(start, end)) continue;
      const r = resolve(kind, m, t, today);
      if (r) found.push({ ...r, start, end, text: m[0] });
    }
  }
  return found.sort((a, b) => a.start - b.start);
}

function resolve(kind: string, m: RegExpMatchArray, t: { y: number; m: number; d: number } | undefined, today: number | undefined): DayRange | undefined {
  switch (kind) {
    case "year": {
      // groups: 1 yyyy, 2 word, 3 N年前, 4 半年前, 5 this-month word, 6 month, 7 day, 8 part
      let y: number | undefined;
      let halfYear = false;
      if (m[1]) y = Number(m[1]);
      else if (!t) return undefined;
      else if (m[2]) y = t.y + ({ 今年: 0, 本年: 0, 去年: -1, 前年: -2, 明年: 1 } as Record<string, number>)[m[2]]!;
      else if (m[3]) y = t.y - (cnNumber(m[3]) ?? NaN);
      else if (m[4]) halfYear = true;
      if (halfYear && today !== undefined && t) {
        const r = monthRange(t.y, t.m - 6);
        return { from: r.from - 31, to: r.to + 31, grain: "month" };
      }
      if (y === undefined || Number.isNaN(y) || y < 1900 || y > 2100) return undefined;
      if (m[5]) return t ? monthRange(y, t.m) : undefined;
      if (m[6]) {
        const mo = cnNumber(m[6]);
        const d = m[7] ? cnNumber(m[7]) : undefined;
        return mo === undefined ? yearRange(y) : (dayRangeWithin(y, mo, d, m[8]) ?? yearRange(y));
      }
      return yearRange(y);
    }
    case "month": {
      if (!t) return undefined;
      const mo = cnNumber(m[1]!);
      const d = m[2] ? cnNumber(m[2]) : undefined;
      if (mo === undefined) return undefined;
      let r = dayRangeWithin(t.y, mo, d, m[3]);
      if (r && today !== undefined && r.from > today) r = dayRangeWithin(t.y - 1, mo, d, m[3]);
      return r;
    }
    case "dayword": {
      if (today === undefined) return undefined;
      const back = ({ 今天: 0, 今日: 0, 昨天: 1, 昨日: 1, 前天: 2, 大前天: 3 } as Record<string, number>)[m[1]!]!;
      return { from: today - back, to: today - back, grain: "day" };
    }
    case "daysago": {
      const n = cnNumber(m[1]!);
      if (today === undefined || n === undefined) return undefined;
      return { from: today - n - 1, to: today - n + 1, grain: "span" };
    }
    case "week": {
      if (today === undefined) return undefined;
      const dow = (new Date(today * MS_DAY).getUTCDay() + 6) % 7; // Monday = 0
      const monday = today - dow;
      const back = m[1]!.startsWith("上上") ? 2 : m[1]!.startsWith("上") ? 1 : 0;
      return { from: monday - 7 * back, to: monday - 7 * back + 6, grain: "week" };
    }
    case "weeksago": {
      const n = cnNumber(m[1]!);
      if (today === undefined || n === undefined) return undefined;
      return { from: today - 7 * n - 3, to: today - 7 * n + 3, grain: "week" };
    }
    case "monthword": {
      if (!t) return undefined;
      const back = m[1]!.startsWith("上上") ? 2 : m[1]!.startsWith("上") ? 1 : 0;
      return monthRange(t.y, t.m - back);
    }
    case "monthsago": {
      if (!t) return undefined;
      if (m[1] === "半") return { from: today! - 20, to: today! - 10, grain: "span" };
      const n = cnNumber(m[2] ?? m[1]!);
      return n === undefined ? undefined : monthRange(t.y, t.m - n);
    }
  }
  return undefined;
}

const DOC_FULL = /(\d{4})年(\d{1,2})月(\d{1,2})日/u;
const DOC_YM = /(\d{4})年(\d{1,2})月/u;
const DOC_Y = /(\d{4})年/u;

/**
 * A document's date range: its metadata date when it has one, else the first date within the
 * opening of its text (news items state when things happened near the start).
 */
export function documentDate(meta: string | undefined, text: string | (() => string), window = 60): DayRange | undefined {
  const iso = parseIsoDay(meta);
  if (iso !== undefined) return { from: iso, to: iso, grain: "day" };
  // (the text may be given as a function: it is then read only when the metadata has no date)
  const head = (typeof text === "string" ? text : text()).slice(0, window);
  const full = head.match(DOC_FULL);
  if (full) {
    const [y, mo, d] = [Number(full[1]), Number(full[2]), Number(full[3])];
    if (validDay(y, mo, d)) return { from: dayNumber(y, mo, d), to: dayNumber(y, mo, d), grain: "day" };
  }
  const ym = head.match(DOC_YM);
  if (ym && Number(ym[2]) >= 1 && Number(ym[2]) <= 12) return monthRange(Number(ym[1]), Number(ym[2]));
  const y = head.match(DOC_Y);
  if (y && Number(y[1]) > 1900 && Number(y[1]) < 2100) return yearRange(Number(y[1]));
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
