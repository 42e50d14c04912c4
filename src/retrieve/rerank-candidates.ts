/**
 * The re-ranking stage: each fused candidate article is represented by its best chunk, described by
 * the signals of rerank.ts, ordered by the learned weights (rerank-model.ts) and scored by the
 * hand-set ones (the unit a hit's score is in). Reads the index only through RetrievalIndex.
 */
import type { Ablation } from "../config/ablation.js";
import type { AliasTable } from "../lexicon/aliases.js";
import type { QuestionAnalysis } from "../question/analyse.js";
import { weightedTerms } from "../question/terms.js";
import { phraseMatch, phraseSegments } from "../text/phrases.js";
import type { RetrievalContext } from "./context.js";
import type { Fused } from "./fuse.js";
import type { FusionWeights } from "./fusion-weights.js";
import type { RetrievalIndex } from "./retrieval-index.js";
import { learnedScore, rerankModel } from "./rerank-model.js";
import {
  combine,
  coverage,
  dateMentioned,
  dateScore,
  idfWeights,
  proximity,
  rerankVector,
  type Features,
  type RerankRecord,
  type ScoredTerm,
} from "./rerank.js";

/** Weight of a chunk's similarity in meaning when an article's best chunk is chosen. */
const CHUNK_MEANING = 0.1;
/** Weight of how densely a chunk holds the question's words when an article's best chunk is chosen. */
const CHUNK_DENSITY = 0.05;

export interface RerankQuery {
  analysis: QuestionAnalysis;
  index: RetrievalIndex;
  context: RetrievalContext;
  weights: FusionWeights & RerankRecord;
  ablation: Ablation;
  aliases: AliasTable | undefined;
  /** The question's vector, when the vector channel ran. */
  vector: number[] | undefined;
  prefer: ReadonlySet<string> | undefined;
}

/** A candidate after re-ranking: its best chunk, its signals, its hand-weighted score and the order the learned weights give. */
export interface Reranked {
  label: number;
  docId: string;
  text: string;
  /** The signals as the learned weights read them (RERANK_FEATURES). */
  x: number[];
  score: number;
  order: number;
}

/** What the question brings to every candidate's signals, computed once. */
interface QuestionSignals {
  weighted: ScoredTerm[];
  segments: string[];
  /** A question comparing events (「A和B哪个先」): each event's weighted words. */
  partWeights: ScoredTerm[][];
}

/** The candidates re-ranked, best first. */
export function rerankCandidates(q: RerankQuery, candidates: Fused[], fusedTop: number): Reranked[] {
  const idf = (t: string): number => q.index.idf(t);
  const a = q.analysis;
  const signals: QuestionSignals = {
    weighted: idfWeights(a.terms, idf),
    segments: phraseSegments(a.core),
    partWeights: a.parts.length > 1 && a.comparison ? a.parts.map((part) => idfWeights(weightedTerms(part, q.aliases), idf)) : [],
  };
  const learned = rerankModel(q.ablation);
  return candidates.map((f) => {
    const doc = q.index.docOfLabel(f.label)!;
    const label = bestChunk(q, signals.weighted, doc.id, doc.title, f.label);
    const text = q.index.chunk(label)!.text;
    const features = featuresOf(q, signals, doc.id, doc.title, label, text);
    const previous = q.prefer?.has(doc.id) ? q.weights.prefer : 0;
    const x = rerankVector(f.score / fusedTop, features);
    // Ordered by the learned weights; the score a hit reports stays the hand-weighted match strength,
    // the unit the answerer's model (data/answer-model.json) was fit on.
    const score = combine(f.score / fusedTop, features, q.weights) + previous;
    return { label, docId: doc.id, text, x, score, order: learned ? learnedScore(learned, x) + previous : score };
  });
}

/**
 * The article's best chunk: the one covering most of the question, ties to the fused one. With the
 * headline: words it already holds do not decide between the chunks (and, for words it holds none of,
 * the chunk nearest the question in meaning).
 */
function bestChunk(q: RerankQuery, weighted: ScoredTerm[], docId: string, title: string, fusedLabel: number): number {
  let label = fusedLabel;
  let best = -1;
  for (const l of q.index.labelsOf(docId)) {
    const text = q.index.chunk(l)?.text ?? "";
    const near = q.vector ? CHUNK_MEANING * q.index.vectors.chunkScore(q.vector, l) : 0;
    const c = coverage(weighted, `${title}\n${text}`) + CHUNK_DENSITY * density(weighted, text) + near + (l === fusedLabel ? 1e-6 : 0);
    if (c > best) {
      best = c;
      label = l;
    }
  }
  return label;
}

/** The re-ranking signals of one candidate's best chunk (rerank.ts). */
function featuresOf(q: RerankQuery, s: QuestionSignals, docId: string, title: string, label: number, text: string): Features {
  const dates = q.analysis.dateRanges;
  const docDate = q.context.docDate.get(docId);
  const withTitle = `${title}\n${text}`;
  return {
    coverage: coverage(s.weighted, withTitle),
    headline: title ? coverage(s.weighted, title) : 0,
    phrase: phraseMatch(s.segments, withTitle),
    proximity: proximity(s.weighted, text),
    date: q.ablation.has("dates") ? 0 : dateScore(docDate, dates),
    mentioned: q.ablation.has("dates") ? 0 : dateMentioned(text, docDate, dates),
    event: s.partWeights.length ? Math.max(...s.partWeights.map((w) => coverage(w, withTitle))) : 0,
    meaning: q.vector ? q.index.vectors.chunkScore(q.vector, label) : 0,
  };
}

/** Idf-weighted occurrences of the question's terms per 100 characters, capped at 1. */
function density(weighted: ScoredTerm[], text: string): number {
  let total = 0;
  let all = 0;
  for (const { term, w } of weighted) {
    all += w;
    let at = text.indexOf(term);
    while (at >= 0) {
      total += w;
      at = text.indexOf(term, at + term.length);
    }
  }
  return all ? Math.min(1, (total / all) * (100 / Math.max(text.length, 100))) : 0;
}
