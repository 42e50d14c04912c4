/**
 * The calendar knowledge of data/: holidays with a fixed date, what anniversaries count from, and the
 * words that tell the time of year (read through src/lexicon/lexicon.ts, once, on first use).
 */
import { dataLines, fields } from "./files.js";

export interface Holiday {
  name: string;
  month: number;
  day: number;
  /** How many days the holiday lasts (1 for a single day, 7 for the National Day week). */
  days: number;
}

let holidayList: Holiday[] | undefined;

/** Holidays with a fixed month and day (data/holidays.tsv), longest name first so that 国庆假期 wins over 国庆. */
export function holidays(): readonly Holiday[] {
  holidayList ??= dataLines("holidays.tsv")
    .map(fields)
    .map(([name = "", month = "", day = "", days = "1"]) => {
      const row: Holiday = { name, month: Number(month), day: Number(day), days: Number(days) };
      const valid = name && row.month >= 1 && row.month <= 12 && row.day >= 1 && row.day <= 31 && Number.isInteger(row.days) && row.days >= 1;
      if (!valid) throw new Error(`data/holidays.tsv: bad row "${name}\t${month}\t${day}\t${days}"`);
      return row;
    })
    .sort((a, b) => b.name.length - a.name.length);
  return holidayList;
}

export interface Founding {
  /** As news names it: 全国人民代表大会, 人民政协, 建党. */
  name: string;
  /** The year it dates from. */
  year: number;
}

let foundingList: Founding[] | undefined;

/** What anniversaries are counted from (data/founding-years.tsv), longest name first. */
export function foundingYears(): readonly Founding[] {
  foundingList ??= dataLines("founding-years.tsv")
    .map(fields)
    .map(([name = "", year = ""]) => {
      const row: Founding = { name, year: Number(year) };
      if (!name || !Number.isInteger(row.year) || row.year < 1000 || row.year > 2100)
        throw new Error(`data/founding-years.tsv: bad row "${name}\t${year}": expected name<TAB>year`);
      return row;
    })
    .sort((a, b) => b.name.length - a.name.length);
  return foundingList;
}

export interface Season {
  word: string;
  /** The months (1–12) a page using the word is written in, first to last within one year. */
  first: number;
  last: number;
}

let seasonList: Season[] | undefined;

/** Words that tell the time of year (data/seasons.tsv), longest first. */
export function seasonWords(): readonly Season[] {
  seasonList ??= dataLines("seasons.tsv")
    .map(fields)
    .map(([word = "", first = "", last = ""]) => {
      const row: Season = { word, first: Number(first), last: Number(last) };
      const valid = word && Number.isInteger(row.first) && Number.isInteger(row.last) && row.first >= 1 && row.first <= row.last && row.last <= 12;
      if (!valid) throw new Error(`data/seasons.tsv: bad row "${word}\t${first}\t${last}": expected word<TAB>first month<TAB>last month, within one year`);
      return row;
    })
    .sort((a, b) => b.word.length - a.word.length);
  return seasonList;
}
