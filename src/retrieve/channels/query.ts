/**
 * What every candidate channel reads: the question's analysis, the index, what retrieval derives
 * from it, the weights, and which chunks a search may return. A channel is a function of this that
 * gives ranked lists for the fusion (src/retrieve/fuse.ts); the retriever runs them in order.
 */
import type { Ablation } from "../../config/ablation.js";
import type { AliasTable } from "../../lexicon/aliases.js";
import type { QuestionAnalysis } from "../../question/analyse.js";
import type { WeightedTerm } from "../../question/terms.js";
import type { DayRange } from "../../text/dates.js";
import type { RetrievalContext } from "../context.js";
import type { Channel, LabelScore } from "../fuse.js";
import type { FusionWeights } from "../fusion-weights.js";
import type { LabelFilter, RetrievalIndex } from "../retrieval-index.js";

export interface ChannelQuery {
  analysis: QuestionAnalysis;
  index: RetrievalIndex;
  context: RetrievalContext;
  weights: FusionWeights;
  ablation: Ablation;
  /** The alias table, or undefined when aliases are switched off. */
  aliases: AliasTable | undefined;
  /** The chunks a search may return (undefined: all of them). */
  allow: LabelFilter | undefined;
  /** A follow-up: the articles the previous answer cited. */
  prefer: ReadonlySet<string> | undefined;
}

/** A candidate channel: ranked lists for the fusion (none when it does not apply to the question). */
export type KeywordChannel = (q: ChannelQuery) => Channel[];

/**
 * BM25 over the terms heavy enough to search by, among the chunks `filter` lets through. The
 * narrower words of a broad one (新能源 → 储能, 光伏 …) only re-rank: as search terms they would flood the candidates.
 */
export function termHits(q: ChannelQuery, terms: WeightedTerm[], k: number, filter: LabelFilter | undefined): LabelScore[] {
  const searched = terms.filter((t) => t.weight >= q.weights.minSearchWeight);
  return searched.length ? q.index.searchTerms(searched, k, filter) : [];
}

/** Whether a chunk's article is dated within one of the ranges (and allowed). */
export function withinDates(q: ChannelQuery, ranges: readonly DayRange[]): LabelFilter {
  const { dateFrom, dateTo } = q.context;
  return (label) => {
    const from = dateFrom[label]!;
    const to = dateTo[label]!;
    if (from > to) return false;
    if (!ranges.some((r) => to >= r.from && from <= r.to)) return false;
    return !q.allow || q.allow(label);
  };
}

/**
 * Chunk labels ranked: those that match `terms` first (BM25, at most `k`), then the others, shortest
 * first (a short dated note of the day says little else), each of those with score 0.
 */
export function matchedThenShortest(q: ChannelQuery, labels: readonly number[], terms: WeightedTerm[], k: number): LabelScore[] {
  const set = new Set(labels);
  const matched = terms.length ? q.index.searchTerms(terms, k, (l) => set.has(l)) : [];
  return [...matched, ...shortestFirst(q, labels, new Set(matched.map((m) => m.label)))];
}

/** The labels not in `seen`, shortest chunk first, with score 0. */
export function shortestFirst(q: ChannelQuery, labels: readonly number[], seen: ReadonlySet<number>): LabelScore[] {
  return labels
    .filter((l) => !seen.has(l))
    .map((l) => ({ label: l, len: q.index.chunkLength(l) }))
    .sort((x, y) => x.len - y.len)
    .map(({ label }) => ({ label, score: 0 }));
}
