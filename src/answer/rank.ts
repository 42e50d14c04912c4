/**
 * Ranks the evidence for a question with the fitted model: every sentence of the retrieved articles
 * (how likely it holds the answer), the answer spans of the best ones (how likely each is the answer),
 * and the question as a whole (how likely the news answers it at all).
 */
import { SENTENCE_FEATURES, SPAN_FEATURES } from "./features.js";
import type { QuestionAnalysis } from "../question/analyse.js";
import type { SearchHit } from "../types.js";
import { EvidenceScorer, type EvidenceContext, type Sentence } from "./evidence.js";
import { answerModel, probability, type AnswerModel } from "./model.js";
import { spansOf, type Span } from "./spans.js";

/** Sentences whose spans are read (the best ones). */
export const SPAN_SENTENCES = 3;


export interface Ranked {
  scorer: EvidenceScorer;
  /** Best first. */
  sentences: Sentence[];
  /** Best first. */
  spans: Span[];
  answerable: number[];
  /** Probability that the news answers the question. */
  pAnswer: number;
}

type Scored = Pick<Sentence, "docId" | "features" | "score" | "text">;
const feature = (s: Scored | undefined, name: (typeof SENTENCE_FEATURES)[number]): number => s?.features[SENTENCE_FEATURES.indexOf(name)] ?? 0;

/** Features of the question as a whole: how strong its best evidence is (sentences and spans best first). */
export function answerableFeatures(q: QuestionAnalysis, topRetrieval: number, sentences: readonly Scored[], spans: ReadonlyArray<Pick<Span, "score" | "text">>): number[] {
  const best = sentences[0];
  // The strongest sentence of another article that does not say the best answer: two articles that
  // agree (「郑政平」 in both) are more evidence, two that differ are less.
  const answer = spans[0]?.text;
  const competitor = sentences.find((s) => s.docId !== best?.docId && !(answer && s.text.includes(answer)));
  return [
    best?.score ?? 0,
    competitor?.score ?? 0,
    spans[0]?.score ?? 0,
    feature(best, "coverage"),
    feature(best, "document"),
    feature(best, "entities"),
    feature(best, "documentEntities"),
    feature(best, "missingRare"),
    feature(best, "dateFit"),
    feature(best, "dateClash"),
    feature(best, "dateGap"),
    feature(best, "kind"),
    feature(best, "phrase"),
    feature(best, "predicate"),
    Math.min(3, topRetrieval) / 3,
    q.dateRanges.length ? 1 : 0,
    Math.min(1, q.words.length / 8),
  ];
}

export function rankEvidence(q: QuestionAnalysis, hits: readonly SearchHit[], ctx: EvidenceContext, model: AnswerModel = answerModel()): Ranked {
  const scorer = new EvidenceScorer(q, ctx);
  const sentences = scorer.sentences(hits);
  for (const s of sentences) s.score = probability(model.sentence, s.features);
  sentences.sort((a, b) => b.score - a.score || a.rank - b.rank || a.index - b.index);
  const spans = spansOf(sentences.slice(0, SPAN_SENTENCES), q, scorer.words);
  for (const s of spans) s.score = probability(model.span, s.features);
  spans.sort((a, b) => b.score - a.score);
  const answerable = answerableFeatures(q, hits[0]?.score ?? 0, sentences, spans);
  return { scorer, sentences, spans, answerable, pAnswer: probability(model.answerable, answerable) };
}
