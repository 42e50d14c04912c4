/**
 * Retrieval metrics of shared/spec/quality.md over `search` results: recall_any@5, recall_all@5,
 * mrr@10, precision@5 for items with gold document ids; evidence@5 for items with evidence strings.
 */
import type { Engine } from "../engine/engine.js";
import type { QueryItem } from "../cli/queries.js";
import { percentile } from "./stats.js";

const squash = (s: string): string => s.replace(/\s+/gu, "");

export interface RetrievalMetrics {
  queries: number;
  recall_any_at_5?: number;
  recall_all_at_5?: number;
  mrr_at_10?: number;
  precision_at_5?: number;
  evidence_at_5?: number;
  search_p50_ms: number;
  search_p95_ms: number;
  /** Ids of queries that missed (a gold document outside the top 5, or evidence not found). */
  misses: string[];
}

export async function evalRetrieval(engine: Engine, items: QueryItem[], k = 10): Promise<RetrievalMetrics> {
  let gold = 0;
  let anyHit = 0;
  let allHit = 0;
  let mrr = 0;
  let precision = 0;
  let evidenceItems = 0;
  let evidenceShare = 0;
  const times: number[] = [];
  const misses: string[] = [];
  for (const item of items) {
    const golds = Array.isArray(item.raw.gold) ? item.raw.gold.map(String) : [];
    const evidence = Array.isArray(item.raw.evidence) ? item.raw.evidence.map(String) : [];
    if (!golds.length && !evidence.length) continue;
    const q = item.turns.map((t) => t.q).join(" ");
    const t0 = performance.now();
    const hits = await engine.search(q, { k: Math.max(k, 10), date: item.date });
    times.push(performance.now() - t0);
    const ids = hits.map((h) => h.docId);
    const top5 = ids.slice(0, 5);
    let missed = false;
    if (golds.length) {
      gold++;
      const inTop5 = golds.filter((g) => top5.includes(g)).length;
      if (inTop5 > 0) anyHit++;
      if (inTop5 === golds.length) allHit++;
      else missed = true;
      precision += inTop5 / Math.min(5, golds.length);
      const first = ids.slice(0, 10).findIndex((id) => golds.includes(id));
      if (first >= 0) mrr += 1 / (first + 1);
    }
    if (evidence.length) {
      evidenceItems++;
      const text = squash(
        hits
          .slice(0, 5)
          .map((h) => h.text)
          .join("\n"),
      );
      const found = evidence.filter((e) => text.includes(squash(e))).length;
      evidenceShare += found / evidence.length;
      if (found < evidence.length) missed = true;
    }
    if (missed) misses.push(item.id);
  }
  const r = (x: number, n: number): number => Number((n ? x / n : 0).toFixed(4));
  const out: RetrievalMetrics = {
    queries: times.length,
    search_p50_ms: Number(percentile(times, 50).toFixed(2)),
    search_p95_ms: Number(percentile(times, 95).toFixed(2)),
    misses,
  };
  if (gold) {
    out.recall_any_at_5 = r(anyHit, gold);
    out.recall_all_at_5 = r(allHit, gold);
    out.mrr_at_10 = r(mrr, gold);
    out.precision_at_5 = r(precision, gold);
  }
  if (evidenceItems) out.evidence_at_5 = r(evidenceShare, evidenceItems);
  return out;
}
