/**
 * 「A当天，B」: the day is the one on which both A and B have articles (or, when A has none, the day of
 * B's best article); the articles of that day are candidates, those that describe A first, then the
 * others shortest first (a bare dated note of the day), and B's words among them.
 */
import type { Anchor } from "../../question/events.js";
import { weightedTerms, type WeightedTerm } from "../../question/terms.js";
import type { DayRange } from "../../text/dates.js";
import type { Channel, LabelScore } from "../fuse.js";
import { EVENT_POOL } from "../fusion-weights.js";
import { shortestFirst, withinDates, type ChannelQuery } from "./query.js";

/** How many articles about each side of 「A当天，B」 are searched for a day they share. */
const ANCHOR_POOL = 10;
/** A day (month, year) with more articles than this says too little to choose by. */
const MAX_DAY_ARTICLES = 400;
/** How much more B's articles count than A's in choosing the day, and what both having one adds. */
const REST_SHARE = 1.2;
const BOTH_BONUS = 0.5;
/** An article of the day describes A when it matches A at least this share of the best article about A anywhere. */
const DESCRIBES_EVENT = 0.5;

export function anchorChannels(q: ChannelQuery, anchor: Anchor): Channel[] {
  const eventTerms = weightedTerms(anchor.event);
  const restTerms = weightedTerms(anchor.rest);
  const dates = q.analysis.dateRanges;
  const filter = dates.length ? withinDates(q, dates) : q.allow;
  const event = q.index.searchTerms(eventTerms, ANCHOR_POOL, filter);
  const day = sharedDay(q, event, q.index.searchTerms(restTerms, ANCHOR_POOL, filter));
  if (day === undefined) return [];
  const labels = articlesAround(q, widen({ from: day, to: day, grain: "day" }, anchor.grain));
  if (!labels.length || labels.length > MAX_DAY_ARTICLES) return [];
  const set = new Set(labels);
  const weight = q.weights.anchor;
  return [
    { name: "anchor-day", weight, hits: describingFirst(q, labels, eventTerms, event[0]?.score).slice(0, EVENT_POOL), slot: true },
    { name: "anchored", weight, slot: true, hits: q.index.searchTerms(restTerms, EVENT_POOL, (l) => set.has(l)) },
  ];
}

/** The day both sides are reported on best (articles dated to one day only). */
function sharedDay(q: ChannelQuery, event: LabelScore[], rest: LabelScore[]): number | undefined {
  const { dateFrom, dateTo } = q.context;
  const support = new Map<number, { event: number; rest: number }>();
  const mark = (hits: LabelScore[], side: "event" | "rest"): void => {
    const top = hits[0]?.score ?? 1;
    for (const h of hits) {
      const from = dateFrom[h.label]!;
      if (from !== dateTo[h.label]!) continue;
      const s = support.get(from) ?? { event: 0, rest: 0 };
      s[side] = Math.max(s[side], h.score / top);
      support.set(from, s);
    }
  };
  mark(event, "event");
  mark(rest, "rest");
  let day: number | undefined;
  let best = 0;
  for (const [d, s] of support) {
    const score = s.event + REST_SHARE * s.rest + (s.event > 0 && s.rest > 0 ? BOTH_BONUS : 0);
    if (score > best) {
      best = score;
      day = d;
    }
  }
  return day;
}

/** The allowed chunks of the articles dated to a day of the range (stops counting past MAX_DAY_ARTICLES). */
function articlesAround(q: ChannelQuery, range: DayRange): number[] {
  const labels: number[] = [];
  for (let d = range.from; d <= range.to && labels.length <= MAX_DAY_ARTICLES; d++)
    for (const l of q.context.byDay.get(d) ?? []) if (!q.allow || q.allow(l)) labels.push(l);
  return labels;
}

/** The day's articles that describe A (as well as the best article about A anywhere would), then the others, shortest first. */
function describingFirst(q: ChannelQuery, labels: number[], eventTerms: WeightedTerm[], bestAnywhere: number | undefined): LabelScore[] {
  const set = new Set(labels);
  const bar = DESCRIBES_EVENT * (bestAnywhere ?? Infinity);
  const matched = q.index.searchTerms(eventTerms, EVENT_POOL, (l) => set.has(l)).filter(({ score }) => score >= bar);
  return [...matched, ...shortestFirst(q, labels, new Set(matched.map((m) => m.label)))];
}

/** A day widened to the month or year around it (「当月」「当年」). */
function widen(day: DayRange, grain: "day" | "month" | "year"): DayRange {
  if (grain === "day") return day;
  const span = grain === "month" ? 31 : 366;
  return { from: day.from - span, to: day.to + span, grain: "span" };
}
