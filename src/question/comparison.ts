/**
 * What a question about several events asks of their dates (data/time-relations.tsv): whether they
 * fell on the same day, month or year (same), which came first or last (order), their order
 * (sequence), how far apart they were (gap), whether all lie within a date the question names
 * (within), or each one's date (each) — and the events themselves, in the question's own words.
 */
import { lexicon, type TimeRelation } from "../lexicon/lexicon.js";
import type { DayRange, FoundDate } from "../text/dates.js";
import { splitEvents } from "./events.js";

export interface Comparison {
  relation: TimeRelation;
  /** same/gap: the grain compared (day, week, month, year); order: first or last; "-" otherwise. */
  parameter: string;
  /** The cue as it stands in the question (「同一个月」「更早」). */
  cue: string;
  /** The events, in the question's own words (dates they carry included: 「2020年德国总理与亚美尼亚总理通话」). */
  events: string[];
  /** Dates of the question outside every event (「2019年，A、B…」「都是2019年发生的吗」): they bound every event. */
  bounds: DayRange[];
}

/** The comparison a question asks for, when it names at least two events and a relation in time. */
export function comparisonOf(text: string, dates: readonly FoundDate[]): Comparison | undefined {
  const cue = relationCue(text, (r) => r !== "timeline");
  if (!cue) return undefined;
  const events = withDatesAttached(splitEvents(text, cue.at), dates);
  if (events.length < 2) return undefined;
  const inEvent = (d: FoundDate): boolean => events.some((e) => e.includes(d.text));
  const bounds = dates.filter((d) => !inEvent(d) || opensListAlone(d, events)).map(({ from, to, grain }) => ({ from, to, grain }));
  // 「都是…吗」 compares with a date only when the question names one outside the events.
  if (cue.relation === "within" && !bounds.length) return undefined;
  return { relation: cue.relation, parameter: cue.parameter, cue: cue.phrase, events, bounds };
}

/**
 * 「2024年宁波实施临时限制供水、美国…试射“星舰”、曾明全受贿案开庭」: a date that opens the first event
 * when no other event names one dates the whole list (it stays in the first event's words too).
 */
function opensListAlone(d: FoundDate, events: readonly string[]): boolean {
  const [first, ...others] = events;
  return first!.startsWith(d.text) && others.every((e) => !/\d{4}年|\d{1,2}月/u.test(e));
}

/** A piece that is only a date (「2024年7月，A和2024年7月27日，B」) belongs to the event after it. */
function withDatesAttached(pieces: string[], dates: readonly FoundDate[]): string[] {
  const out: string[] = [];
  const longestFirst = [...dates].sort((a, b) => b.text.length - a.text.length);
  let pending = "";
  for (const piece of pieces) {
    let rest = piece;
    for (const d of longestFirst) rest = rest.replace(d.text, "");
    if (!/[\p{L}\p{N}]{2,}/u.test(rest.replace(/[的在于年月日]/gu, ""))) pending += piece;
    else {
      out.push(pending ? `${pending}，${piece}` : piece);
      pending = "";
    }
  }
  return out;
}

/** The relation phrase of the question (of the relations `wanted`): the earliest line of the data file that occurs in it. */
export function relationCue(
  text: string,
  wanted: (r: TimeRelation) => boolean,
): { relation: TimeRelation; parameter: string; phrase: string; at: number } | undefined {
  let best: { relation: TimeRelation; parameter: string; phrase: string; at: number; priority: number } | undefined;
  for (const p of lexicon().timeRelations) {
    if (!wanted(p.relation)) continue;
    const at = text.indexOf(p.phrase);
    if (at < 0) continue;
    if (!best || p.priority < best.priority) best = { ...p, at };
  }
  return best;
}
