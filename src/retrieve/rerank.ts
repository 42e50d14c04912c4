/**
 * Re-ranking of the fused candidates with cheap signals a reader would agree with:
 * - coverage: the share of the question's term weight (idf) the article's best chunk and headline contain;
 * - headline: the share found in the headline;
 * - phrase: the longest stretch of the question (after dropping question words) found verbatim;
 * - proximity: matched terms close together in the chunk;
 * - date: the article's date fits a date the question names;
 * - mentioned: the chunk's text names a date the question names (「4月9日召开」 in an article of the 22nd);
 * - event: for a question comparing events, the largest share of one event's words the article holds;
 * - meaning: the cosine of the question's vector with the chunk's (the embeddings' view, other words included).
 */
import type { DayRange } from "../text/dates.js";
import { dateFit, findDates } from "../text/dates.js";
import type { WeightedTerm } from "../question/terms.js";
import { featureVector, type FeatureRecord } from "../models/features.js";

/** The re-ranking signals, in the order the learned weights (src/retrieve/rerank-model.ts) read them; `fused` is the fused score over the best one's. */
export const RERANK_FEATURES = ["fused", "coverage", "headline", "phrase", "proximity", "date", "mentioned", "event", "meaning"] as const;

export type RerankRecord = FeatureRecord<typeof RERANK_FEATURES>;
/** The signals of one candidate besides its fused score. */
export type Features = Omit<RerankRecord, "fused">;

/** The hand-set weights: what orders candidates with RETRIEVAL_ABLATE=learned, and the unit of a hit's score. */
export const DEFAULT_WEIGHTS: RerankRecord = {
  fused: 1,
  coverage: 1,
  headline: 0.1,
  phrase: 0.4,
  proximity: 0.1,
  date: 0.5,
  mentioned: 0,
  event: 0,
  meaning: 0,
};

/** A candidate's signals as the vector the learned weights read. */
export const rerankVector = (fusedNorm: number, f: Features): number[] => featureVector(RERANK_FEATURES, { fused: fusedNorm, ...f });

export interface ScoredTerm {
  term: string;
  /** idf × query weight */
  w: number;
  concept: string;
  credit: number;
}

/** Term weights scaled by idf, computed once per question. */
export function idfWeights(terms: WeightedTerm[], idf: (t: string) => number): ScoredTerm[] {
  // Single characters match inside unrelated words (时 in 同时), so substring checks skip them.
  // A fragment of a longer word typed (新区 of 高新区, from search-mode segmentation) covers it only in part.
  const typed = terms.filter((t) => t.weight >= 1).map((t) => t.term);
  const fragment = (term: string): boolean => typed.some((t) => t.length > term.length && t.includes(term));
  return terms
    .filter(({ term }) => term.length > 1)
    .map(({ term, weight, concept, credit }) => ({
      term,
      w: weight * Math.max(0, idf(term)),
      concept: concept ?? (fragment(term) ? (typed.find((t) => t.length > term.length && t.includes(term)) ?? term) : term),
      credit: fragment(term) ? 0.5 * (credit ?? 1) : (credit ?? 1),
    }))
    .filter((t) => t.w > 0);
}

/**
 * Share of the question's ideas a text covers. Words of one concept (a name typed, its aliases, a
 * broad word's narrower words) count once: the concept weighs as its strongest typed word, and a text
 * holding any of them covers it by that word's credit.
 */
export function coverage(weighted: ScoredTerm[], text: string): number {
  const concepts = new Map<string, { weight: number; got: number }>();
  for (const t of weighted) {
    let c = concepts.get(t.concept);
    if (!c) concepts.set(t.concept, (c = { weight: 0, got: 0 }));
    c.weight = Math.max(c.weight, t.w * t.credit);
    if (text.includes(t.term)) c.got = Math.max(c.got, t.credit);
  }
  let have = 0;
  let all = 0;
  for (const { weight, got } of concepts.values()) {
    all += weight;
    have += weight * got;
  }
  return all ? have / all : 0;
}

/** 1 when the matched terms all fall within a short window of the text, less as they spread. */
export function proximity(weighted: ScoredTerm[], text: string): number {
  const positions: number[] = [];
  for (const { term } of weighted) {
    if (term.length < 2) continue;
    const at = text.indexOf(term);
    if (at >= 0) positions.push(at);
  }
  if (positions.length < 2) return 0;
  positions.sort((a, b) => a - b);
  const span = positions[positions.length - 1]! - positions[0]!;
  return Math.min(1, (positions.length * 8) / Math.max(span, 8));
}

export function dateScore(doc: DayRange | undefined, dates: DayRange[]): number {
  if (!doc || !dates.length) return 0;
  let best = 0;
  for (const q of dates) best = Math.max(best, dateFit(doc, q));
  return best;
}

/** How well the best date the text names (read against the article's own date) fits a date of the question. */
export function dateMentioned(text: string, doc: DayRange | undefined, dates: DayRange[]): number {
  if (!dates.length) return 0;
  let best = 0;
  for (const found of findDates(text, doc?.from, { future: true })) for (const q of dates) best = Math.max(best, dateFit(found, q));
  return best;
}

/** The hand-weighted score of a candidate. */
export function combine(fusedNorm: number, f: Features, w: RerankRecord = DEFAULT_WEIGHTS): number {
  const x = rerankVector(fusedNorm, f);
  const weights = featureVector(RERANK_FEATURES, w);
  return x.reduce((sum, v, i) => sum + v * weights[i]!, 0);
}
