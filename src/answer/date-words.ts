/**
 * How a date reads in a reply, at the precision it is known: 2019年7月16日, 2019年7月, 2019年,
 * 2024年12月4日至6日 (a range written once where its ends share the year and month).
 */
import { dayNumber, dayToIso, type DayRange } from "../text/dates.js";

interface Ymd {
  y: number;
  m: number;
  d: number;
}

function ymd(day: number): Ymd {
  const [y, m, d] = dayToIso(day).split("-").map(Number) as [number, number, number];
  return { y, m, d };
}

const isMonthStart = (p: Ymd): boolean => p.d === 1;
const isMonthEnd = (day: number): boolean => ymd(day + 1).d === 1;

/** The range as a reader writes it. */
export function writeDate(r: DayRange): string {
  const a = ymd(r.from);
  const b = ymd(r.to);
  if (r.from === r.to) return `${a.y}年${a.m}月${a.d}日`;
  const wholeMonths = isMonthStart(a) && isMonthEnd(r.to);
  if (wholeMonths && a.y === b.y && a.m === 1 && b.m === 12) return `${a.y}年`;
  if (wholeMonths && a.y === b.y && a.m === b.m) return `${a.y}年${a.m}月`;
  if (wholeMonths) return a.y === b.y ? `${a.y}年${a.m}月至${b.m}月` : `${a.y}年${a.m}月至${b.y}年${b.m}月`;
  if (a.y === b.y && a.m === b.m) return `${a.y}年${a.m}月${a.d}日至${b.d}日`;
  if (a.y === b.y) return `${a.y}年${a.m}月${a.d}日至${b.m}月${b.d}日`;
  return `${a.y}年${a.m}月${a.d}日至${b.y}年${b.m}月${b.d}日`;
}

export type Grain = "day" | "week" | "month" | "year";

/** The number of the day, week (Monday first), month or year a day falls in. */
export function unitOf(day: number, grain: Grain): number {
  if (grain === "day") return day;
  // 1970-01-01 was a Thursday: +3 makes weeks start on Monday.
  if (grain === "week") return Math.floor((day + 3) / 7);
  const p = ymd(day);
  return grain === "month" ? p.y * 12 + p.m - 1 : p.y;
}

/** A range of units as a reader writes it: 2023年8月 (month), 2019年 (year), the day, or the week's days. */
export function writeUnit(day: number, grain: Grain): string {
  const p = ymd(day);
  if (grain === "year") return `${p.y}年`;
  if (grain === "month") return `${p.y}年${p.m}月`;
  if (grain === "week") {
    const monday = day - ((day + 3) % 7);
    return `${writeDate({ from: monday, to: monday + 6, grain: "week" })}这一周`;
  }
  return writeDate({ from: day, to: day, grain: "day" });
}

/** The whole day, month or year a day falls in. */
export function unitRange(day: number, grain: "day" | "month" | "year"): DayRange {
  if (grain === "day") return { from: day, to: day, grain: "day" };
  const p = ymd(day);
  if (grain === "year") return { from: dayNumber(p.y, 1, 1), to: dayNumber(p.y, 12, 31), grain: "year" };
  return { from: dayNumber(p.y, p.m, 1), to: dayNumber(p.y, p.m + 1, 1) - 1, grain: "month" };
}
