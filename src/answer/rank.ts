/**
 * Ranks the evidence for a question with the fitted model: every sentence of the retrieved articles
 * (how likely it holds the answer), the answer spans of the best ones (how likely each is the answer),
 * how likely a lead written from the best span holds the answer, and the question as a whole (how
 * likely the news answers it at all).
 */
import { ANSWERABLE_FEATURES, LEAD_FEATURES, SENTENCE_FEATURES, SPAN_FEATURES } from "./features.js";
import { featureVector, type FeatureRecord } from "../models/features.js";
import { partLogit, partProbability } from "../models/part.js";
import type { QuestionAnalysis } from "../question/analyse.js";
import { pointingWordsIn } from "../question/pointing.js";
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
  /** Best first, one per text (the best-scored place it stands). */
  spans: Span[];
  answerable: number[];
  /** Probability that the news answers the question. */
  pAnswer: number;
  /** Probability that a lead written from the best span holds the answer. */
  pLead: number;
}

type Scored = Pick<Sentence, "docId" | "features" | "score" | "text">;
const sentenceFeature = (s: Pick<Sentence, "features"> | undefined, name: (typeof SENTENCE_FEATURES)[number]): number =>
  s?.features[SENTENCE_FEATURES.indexOf(name)] ?? 0;
const spanFeature = (s: Pick<Span, "features">, name: (typeof SPAN_FEATURES)[number]): number => s.features[SPAN_FEATURES.indexOf(name)] ?? 0;

/** Features of the question as a whole: how strong its best evidence is (sentences and spans best first). */
export function answerableFeatures(
  q: QuestionAnalysis,
  topRetrieval: number,
  sentences: readonly Scored[],
  spans: ReadonlyArray<Pick<Span, "score" | "text" | "features">>,
  pLead: number,
): number[] {
  const best = sentences[0];
  // The strongest sentence of another article that does not say the best answer: two articles that
  // agree (「郑政平」 in both) are more evidence, two that differ are less.
  const answer = spans[0]?.text;
  const competitor = sentences.find((s) => s.docId !== best?.docId && !(answer && s.text.includes(answer)));
  const record: FeatureRecord<typeof ANSWERABLE_FEATURES> = {
    bestSentence: best?.score ?? 0,
    competitor: competitor?.score ?? 0,
    bestSpan: spans[0]?.score ?? 0,
    // the span model's belief in the best answer however it is cut (「秦金玉」 and 「秦金玉介绍」 say one name)
    bestSpanMass: answerMass(spans),
    coverage: sentenceFeature(best, "coverage"),
    document: sentenceFeature(best, "document"),
    entities: sentenceFeature(best, "entities"),
    documentEntities: sentenceFeature(best, "documentEntities"),
    missingRare: sentenceFeature(best, "missingRare"),
    dateFit: sentenceFeature(best, "dateFit"),
    dateClash: sentenceFeature(best, "dateClash"),
    dateGap: sentenceFeature(best, "dateGap"),
    kind: sentenceFeature(best, "kind"),
    phrase: sentenceFeature(best, "phrase"),
    predicate: sentenceFeature(best, "predicate"),
    topRetrieval: Math.min(3, topRetrieval) / 3,
    askedDate: q.dateRanges.length ? 1 : 0,
    words: Math.min(1, q.words.length / 8),
    // the best span is of the kind asked, and a lead from it would likely be right: an answer, not a passage that only shares the subject
    bestSpanKind: spans[0] ? spanFeature(spans[0], "wantedKind") : 0,
    leadLikely: pLead,
    askWhen: +(q.type === "when"),
    askNumber: +(q.type === "number"),
    askWho: +(q.type === "who"),
    askWhere: +(q.type === "where"),
    askWhich: +(q.type === "which"),
    askWhat: +(q.type === "what" || q.type === "detail"),
    askList: +(q.type === "list"),
    ...questionLeans(q),
  };
  return featureVector(ANSWERABLE_FEATURES, record);
}

/** The scores of the best span and of the spans among the best ten that hold it or that it holds, capped at 1. */
function answerMass(spans: ReadonlyArray<Pick<Span, "score" | "text">>): number {
  const top = spans[0];
  if (!top) return 0;
  const same = spans.slice(0, 10).filter((s) => s.text.includes(top.text) || top.text.includes(s.text));
  return Math.min(
    1,
    same.reduce((sum, s) => sum + s.score, 0),
  );
}

/**
 * How much a question leans on what it does not say: a word that points back (「该区间」, 「他」) left in
 * it, and how many things it names (「有多少人死亡？」 names none): such a question asked alone fits
 * many articles, and their answers differ.
 */
function questionLeans(q: QuestionAnalysis): { pointsBack: number; namedThings: number } {
  const named = q.entities.filter((e) => e.kind !== "date" && e.kind !== "figure").length;
  return { pointsBack: pointingWordsIn(q).length ? 1 : 0, namedThings: Math.min(2, named) / 2 };
}

/**
 * Whether other articles back the best span up or say something else: the best sentence of another
 * article that does not hold it, as a share of it and the span's own sentence; and how many other
 * articles' best sentences hold it (two reports giving 「58.1%」 agree; another giving 「3.5万亿元」 differs).
 */
function otherArticles(top: LeadInput, sentences: ReadonlyArray<Pick<Sentence, "docId" | "text" | "score">>): { rivalShare: number; otherArticlesSay: number } {
  const rival = sentences.find((s) => s.docId !== top.sentence.docId && !s.text.includes(top.text));
  const rivalScore = rival?.score ?? 0;
  const agreeing = new Set(sentences.filter((s) => s.docId !== top.sentence.docId && s.text.includes(top.text)).map((s) => s.docId));
  return { rivalShare: rivalScore / (rivalScore + top.sentence.score || 1), otherArticlesSay: Math.min(2, agreeing.size) / 2 };
}

export interface LeadInput {
  text: string;
  kind: string;
  score: number;
  features: number[];
  /** The sentence the span stands in: its article, features and score. */
  sentence: Pick<Sentence, "docId" | "features" | "score">;
}

const logOdds = (p: number): number => Math.log(Math.max(p, 1e-6) / Math.max(1 - p, 1e-6));

/** Features of a question's best span (spans: one per text, best first) that say whether a lead written from it is right. */
export function leadFeatures(q: QuestionAnalysis, spans: readonly LeadInput[], sentences: ReadonlyArray<Pick<Sentence, "docId" | "text" | "score">>): number[] {
  const top = spans[0]!;
  const second = spans[1];
  // other candidates that say the same (「谭德塞」 inside 「世卫组织总干事谭德塞」) back the best one up
  let agreeing = 0;
  let total = 0;
  for (const s of spans.slice(0, 10)) {
    total += s.score;
    if (s !== top && (s.text.includes(top.text) || top.text.includes(s.text))) agreeing += s.score;
  }
  const f = (name: (typeof SPAN_FEATURES)[number]): number => spanFeature(top, name);
  const record: FeatureRecord<typeof LEAD_FEATURES> = {
    spanLogit: Math.max(-8, Math.min(8, logOdds(top.score))),
    margin: Math.max(-8, Math.min(8, logOdds(top.score) - (second ? logOdds(second.score) : -8))),
    agreeing: total > 0 ? agreeing / total : 0,
    sentenceScore: top.sentence.score,
    support: sentenceFeature(top.sentence, "coverage") + sentenceFeature(top.sentence, "context"),
    coverage: sentenceFeature(top.sentence, "coverage"),
    exact: sentenceFeature(top.sentence, "exact"),
    entities: sentenceFeature(top.sentence, "entities"),
    documentEntities: sentenceFeature(top.sentence, "documentEntities"),
    askWhen: f("askWhen"),
    askNumber: f("askNumber"),
    askWho: f("askWho"),
    askWhere: f("askWhere"),
    askWhich: f("askWhich"),
    askWhat: f("askWhat"),
    askList: f("askList"),
    kindPerson: top.kind === "person" ? 1 : 0,
    kindOrganisation: top.kind === "organisation" ? 1 : 0,
    kindPlace: top.kind === "place" ? 1 : 0,
    kindFigure: top.kind === "figure" ? 1 : 0,
    kindDate: top.kind === "date" ? 1 : 0,
    kindTitle: top.kind === "title" ? 1 : 0,
    chars: f("chars"),
    repeated: f("repeated"),
    leftMatch: f("leftMatch"),
    rightMatch: f("rightMatch"),
    wantedKind: f("wantedKind"),
    questionShare: f("questionShare"),
    orderClash: f("orderClash"),
    orderAgree: f("orderAgree"),
    nearWord: f("nearWord"),
    clauseWords: f("clauseWords"),
    statementWords: f("statementWords"),
    inSlot: f("inSlot"),
    holdsWanted: f("holdsWanted"),
    leftNear: f("leftNear"),
    rightNear: f("rightNear"),
    crossesClause: f("crossesClause"),
    words: f("words"),
    ...questionLeans(q),
    ...otherArticles(top, sentences),
  };
  return featureVector(LEAD_FEATURES, record);
}

/** The spans scored by the model, best first, each text once (where it scores best). */
function scoreSpans(spans: Span[], model: AnswerModel): Span[] {
  for (const s of spans) s.score = 1 / (1 + Math.exp(-partLogit(model.span, s.features)));
  const seen = new Set<string>();
  return spans.sort((a, b) => b.score - a.score).filter((s) => !seen.has(s.text) && Boolean(seen.add(s.text)));
}

export function rankEvidence(q: QuestionAnalysis, hits: readonly SearchHit[], ctx: EvidenceContext, model: AnswerModel = answerModel()): Ranked {
  const scorer = new EvidenceScorer(q, ctx);
  const sentences = scorer.sentences(hits);
  for (const s of sentences) s.score = probability(model.sentence, s.features);
  sentences.sort((a, b) => b.score - a.score || a.rank - b.rank || a.index - b.index);
  const spans = scoreSpans(spansOf(sentences.slice(0, SPAN_SENTENCES), q), model);
  const pLead = spans.length ? partProbability(model.lead, leadFeatures(q, spans, sentences)) : 0;
  const answerable = answerableFeatures(q, hits[0]?.score ?? 0, sentences, spans, pLead);
  return { scorer, sentences, spans, answerable, pAnswer: partProbability(model.answerable, answerable), pLead };
}
