/**
 * The event channels of a multi-event question (「A和B哪个先」「A、B、C分别是什么时候」): BM25 per event,
 * in the whole index and within the question's dates; each event's best article is kept within the
 * top results (a slot), unless the question is anchored on one of them (「A当天，B」, channels/anchor.ts).
 */
import { weightedTerms } from "../../question/terms.js";
import type { Channel } from "../fuse.js";
import { EVENT_POOL } from "../fusion-weights.js";
import { anchorChannels } from "./anchor.js";
import { termHits, withinDates, type ChannelQuery } from "./query.js";

export function eventChannels(q: ChannelQuery): Channel[] {
  if (q.ablation.has("events")) return [];
  const { parts, anchor, dateRanges: dates } = q.analysis;
  const channels: Channel[] = [];
  parts.forEach((part, i) => {
    const terms = weightedTerms(part, q.aliases);
    channels.push({ name: `event${i}`, weight: q.weights.event, hits: termHits(q, terms, EVENT_POOL, q.allow), slot: !anchor });
    if (dates.length) channels.push({ name: `event${i}-dated`, weight: q.weights.eventDated, hits: termHits(q, terms, EVENT_POOL, withinDates(q, dates)) });
  });
  if (anchor) channels.push(...anchorChannels(q, anchor));
  return channels;
}
