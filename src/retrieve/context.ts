/**
 * Per-index data the retriever derives from the NewsIndex public API on first use: each chunk
 * label's document date range (for date filters) and the alias table (curated + mined from the
 * corpus). Rebuilt when the index grows.
 */
import type { NewsIndex } from "../index/news-index.js";
import { documentDate, type DayRange } from "../text/dates.js";
import { buildAliases, type AliasTable } from "./aliases.js";

export interface RetrievalContext {
  /** Document date range by chunk label; from > to (empty) when unknown. */
  dateFrom: Int32Array;
  dateTo: Int32Array;
  docDate: Map<string, DayRange>;
  /** Chunk labels of the articles dated to a single day, by day number. */
  byDay: Map<number, number[]>;
  aliases: AliasTable;
  chunks: number;
  docs: number;
}

const cache = new WeakMap<NewsIndex, RetrievalContext>();

function labelCount(index: NewsIndex): number {
  let max = -1;
  for (const d of index.liveDocs()) for (const l of index.labelsOf(d.id)) if (l > max) max = l;
  return max + 1;
}

export function retrievalContext(index: NewsIndex): RetrievalContext {
  const cached = cache.get(index);
  if (cached && cached.chunks === index.chunkCount && cached.docs === index.documentCount) return cached;
  const labels = labelCount(index);
  const dateFrom = new Int32Array(labels).fill(1);
  const dateTo = new Int32Array(labels).fill(0);
  const docDate = new Map<string, DayRange>();
  const byDay = new Map<number, number[]>();
  const texts: string[] = [];
  for (const d of index.liveDocs()) {
    texts.push(d.body);
    const r = documentDate(d.date, d.body);
    if (!r) continue;
    docDate.set(d.id, r);
    if (r.grain === "day") {
      const list = byDay.get(r.from) ?? [];
      list.push(...index.labelsOf(d.id));
      byDay.set(r.from, list);
    }
    for (const l of index.labelsOf(d.id)) {
      dateFrom[l] = r.from;
      dateTo[l] = r.to;
    }
  }
  const ctx: RetrievalContext = {
    dateFrom,
    dateTo,
    docDate,
    byDay,
    aliases: buildAliases(texts),
    chunks: index.chunkCount,
    docs: index.documentCount,
  };
  cache.set(index, ctx);
  return ctx;
}
