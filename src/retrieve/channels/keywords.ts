/**
 * The keyword channels: BM25 over the question's terms in the whole index, within the question's
 * dates, among the articles a follow-up's previous answer cited, and the articles of a day the
 * question names.
 */
import type { DayRange } from "../../text/dates.js";
import type { Channel, LabelScore } from "../fuse.js";
import { CHANNEL_POOL } from "../fusion-weights.js";
import { matchedThenShortest, termHits, withinDates, type ChannelQuery } from "./query.js";

/** At most this many articles of the named days are candidates (more: the day says too little to choose by). */
const DAY_ARTICLES = 40;

/** BM25 over the question's search terms. */
export function bm25Channel(q: ChannelQuery): Channel[] {
  return [{ name: "bm25", weight: q.weights.bm25, hits: termHits(q, q.analysis.terms, CHANNEL_POOL, q.allow) }];
}

/** BM25 among the articles dated within the question's dates. */
export function datedChannel(q: ChannelQuery): Channel[] {
  const dates = q.analysis.dateRanges;
  return dates.length ? [{ name: "dated", weight: q.weights.dated, hits: termHits(q, q.analysis.terms, CHANNEL_POOL, withinDates(q, dates)) }] : [];
}

/** A follow-up: the articles the previous answer cited are candidates however few words they match. */
export function previousChannel(q: ChannelQuery): Channel[] {
  const preferred = q.prefer?.size ? labelsOfDocs(q, q.prefer) : undefined;
  if (!preferred?.size) return [];
  return [{ name: "previous", weight: q.weights.previous, hits: termHits(q, q.analysis.terms, CHANNEL_POOL, (l) => preferred.has(l)) }];
}

/** 「某月某日发生了什么」: the articles of a day the question names are candidates even when few words match. */
export function onDayChannel(q: ChannelQuery): Channel[] {
  const days = q.analysis.dateRanges.filter((d) => d.grain === "day");
  return days.length ? [{ name: "on-day", weight: q.weights.onDay, hits: articlesOfDays(q, days) }] : [];
}

/** The chunk labels of some documents (those the query allows). */
function labelsOfDocs(q: ChannelQuery, ids: ReadonlySet<string>): Set<number> {
  const out = new Set<number>();
  for (const id of ids) for (const l of q.index.labelsOf(id)) if (!q.allow || q.allow(l)) out.add(l);
  return out;
}

/** Articles dated to the given days (none when more than DAY_ARTICLES): those matching the words first, then shortest first. */
function articlesOfDays(q: ChannelQuery, days: DayRange[]): LabelScore[] {
  const labels: number[] = [];
  for (const r of days) for (let d = r.from; d <= r.to; d++) for (const l of q.context.byDay.get(d) ?? []) if (!q.allow || q.allow(l)) labels.push(l);
  if (!labels.length || labels.length > DAY_ARTICLES) return [];
  return matchedThenShortest(q, labels, q.analysis.terms, DAY_ARTICLES);
}
