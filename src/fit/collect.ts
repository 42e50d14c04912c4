/**
 * What the answer model is fit on: each short-answer question asked of one engine, as is and with its
 * gold articles left out of the search, with what the answerer computes at run time:
 * - stage "sentences": every sentence of the retrieved articles with its features;
 * - stage "spans" (given the sentence model): the candidate spans of the best SPAN_SENTENCES sentences
 *   — exactly those the answerer reads — as training rows (every right one, and a fixed sample of the
 *   others: the ones a previous span model liked best, when given, and some at random); and, given a
 *   span model, each search's best sentences and best spans, for the decisions fit on top of them.
 * Run in a process of its own per corpus (the segmenter's dictionary holds the names mined from the
 * loaded index, as it does in production).
 */
import { readFileSync } from "node:fs";
import { SPAN_FEATURES } from "../answer/features.js";
import { EvidenceScorer, type Sentence } from "../answer/evidence.js";
import { SPAN_SENTENCES } from "../answer/rank.js";
import { spansOf, type Span } from "../answer/spans.js";
import type { Engine } from "../engine/engine.js";
import { foldOf, splitOf, type Split } from "../eval/split.js";
import { partLogit, type ModelPart } from "../models/part.js";
import { probability, type LogisticModel } from "../models/linear.js";
import type { QuestionAnalysis } from "../question/analyse.js";
import type { SearchHit } from "../types.js";

const squash = (s: string): string => s.replace(/\s+/gu, "").toLowerCase();
const holds = (text: string, answer: string): boolean => squash(text).includes(squash(answer));
export const holdsAny = (text: string, answers: readonly string[]): boolean => answers.some((a) => holds(text, a));
const CLAUSE_MARK = /[，,；;：:。]/u;
/**
 * A span is the answer when it holds a gold answer and not much else — a lead must read as the answer,
 * not a clause around it: at most half as long again (and two characters), and across no clause mark
 * the answer does not have.
 */
const isAnswer = (span: string, answers: readonly string[], question = ""): boolean =>
  answers.some(
    (a) =>
      holds(span, a) && span.length <= 1.5 * a.length + 2 && (!CLAUSE_MARK.test(unquoted(span)) || CLAUSE_MARK.test(a)) && !extraIsAsked(span, a, question),
  );

const LAST_VERB = SPAN_FEATURES.indexOf("lastVerb");

/**
 * A candidate span is the answer as isAnswer says, and it does not run on into a verb the answer
 * lacks: 「秦金玉介绍」 holds 「秦金玉」 but its lead would read 「总经理是秦金玉介绍」.
 */
export function spanIsAnswer(span: { shown: string; features: ArrayLike<number> }, answers: readonly string[], question = ""): boolean {
  if (!isAnswer(span.shown, answers, question)) return false;
  const shown = squash(span.shown);
  return span.features[LAST_VERB] !== 1 || answers.some((a) => shown.endsWith(squash(a)));
}

/** A text without what stands in quotes or title marks (a clause mark there ends no clause). */
const unquoted = (text: string): string => text.replace(/[“《「『][^”》」』]*[”》」』]/gu, "");

/** Whether what a span has beyond the answer is words the question already says (「病例85例」 for 「多少例确诊病例」): a lead would say them twice. */
function extraIsAsked(span: string, answer: string, question: string): boolean {
  if (!question) return false;
  const at = squash(span).indexOf(squash(answer));
  const bare = squash(span);
  const extra = [bare.slice(0, at), bare.slice(at + squash(answer).length)].filter((x) => x.length >= 2);
  const asked = squash(question);
  return extra.some((x) => {
    for (let i = 0; i + 2 <= x.length; i++)
      if (/^\p{Script=Han}{2}$/u.test(x.slice(i, i + 2)) && asked.includes(x.slice(i, i + 2)) && !answer.includes(x.slice(i, i + 2))) return true;
    return false;
  });
}

export interface QuestionRow {
  id: string;
  q: string;
  answer?: string;
  /** Every accepted answer (CMRC 2018 gives several); `answer` when absent. */
  answers?: string[];
  date?: string;
  gold?: string[];
  docs?: string;
}

interface CollectedSentence {
  docId: string;
  rank: number;
  index: number;
  text: string;
  features: number[];
  score?: number;
}

interface CollectedSpan {
  /** Index into the run's best sentences. */
  sentence: number;
  text: string;
  shown: string;
  kind: string;
  start: number;
  features: number[];
  score: number;
}

export interface CollectedRun {
  topRetrieval: number;
  /** Whether the news in these hits answers the question (undefined: not clearly either way). */
  answerable: boolean | undefined;
  /** Stage "sentences": every sentence; stage "spans": the best ones, scored, best first. */
  sentences: CollectedSentence[];
  /** Stage "spans" with a span model: the best spans, best first, one per text. */
  spans: CollectedSpan[];
}

export interface Collected {
  id: string;
  corpus: string;
  split: Split;
  question: string;
  answers: string[];
  analysis: QuestionAnalysis;
  normal: CollectedRun;
  withoutGold?: CollectedRun;
}

/** Training rows for the span model: features (rows × SPAN_FEATURES), labels, and the question each row belongs to. */
export interface SpanRows {
  x: number[];
  y: number[];
  question: number[];
}

export interface CollectOptions {
  corpus: string;
  k: number;
  keep?: (row: QuestionRow) => boolean;
  today?: string;
  sentenceModel?: LogisticModel;
  /** The span model that mines wrong spans for training and scores the held-back half. */
  spanModel?: ModelPart;
  /** Span models fit on one fold of the fit half each: a fit-half question is scored by the one not fit on its fold. */
  foldModels?: readonly [ModelPart, ModelPart];
  /** Other spans kept per question as training rows: this many the span model scores best, and as many at random. */
  negatives?: number;
  /** Ask each question again with its gold articles left out (default true). */
  withoutGold?: boolean;
}

/** Sentences kept per run once scored (what the decisions on top of spans read). */
const KEPT_SENTENCES = 20;
/** Spans kept per run once scored. */
const KEPT_SPANS = 10;

function readQuestionRows(file: string): QuestionRow[] {
  return readFileSync(file, "utf8")
    .split("\n")
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as QuestionRow)
    .filter((r) => (r.answers?.length ?? 0) > 0 || (typeof r.answer === "string" && r.answer.trim() !== ""));
}

/** A fixed pseudo-random number in [0, 1) for a string (the negatives sampled are the same on every run). */
function hashUnit(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h / 2 ** 32;
}

const sortSentences = (xs: Sentence[]): Sentence[] => xs.sort((a, b) => b.score - a.score || a.rank - b.rank || a.index - b.index);

interface RunResult {
  run: CollectedRun;
  spans: Span[];
}

function collectRun(
  engine: Engine,
  q: QuestionAnalysis,
  hits: SearchHit[],
  answers: string[],
  gold: string[],
  excluded: boolean,
  o: CollectOptions,
  scoring: ModelPart | undefined,
): RunResult {
  const scorer = new EvidenceScorer(q, engine.evidence);
  const sentences = scorer.sentences(hits);
  const answerInHits = hits.some((h) => holdsAny(engine.index.doc(h.docId)?.body ?? h.text, answers));
  const goldInHits = hits.some((h) => gold.includes(h.docId));
  const base = { topRetrieval: hits[0]?.score ?? 0, answerable: excluded ? (answerInHits ? undefined : false) : goldInHits || answerInHits ? true : undefined };
  if (!o.sentenceModel) {
    return {
      run: { ...base, sentences: sentences.map((s) => ({ docId: s.docId, rank: s.rank, index: s.index, text: s.text, features: s.features })), spans: [] },
      spans: [],
    };
  }
  for (const s of sentences) s.score = probability(o.sentenceModel, s.features);
  const best = sortSentences(sentences).slice(0, KEPT_SENTENCES);
  const spans = spansOf(best.slice(0, SPAN_SENTENCES), q);
  const kept: CollectedSpan[] = [];
  if (scoring) {
    for (const sp of spans) sp.score = 1 / (1 + Math.exp(-partLogit(scoring, sp.features)));
    const seen = new Set<string>();
    for (const sp of [...spans].sort((a, b) => b.score - a.score)) {
      if (kept.length >= KEPT_SPANS) break;
      if (seen.has(sp.text)) continue;
      seen.add(sp.text);
      kept.push({
        sentence: best.indexOf(sp.sentence),
        text: sp.text,
        shown: sp.shown,
        kind: sp.kind,
        start: sp.start,
        features: sp.features,
        score: sp.score,
      });
    }
  }
  const run: CollectedRun = {
    ...base,
    sentences: best.map((s) => ({ docId: s.docId, rank: s.rank, index: s.index, text: s.text, features: s.features, score: s.score })),
    spans: kept,
  };
  return { run, spans };
}

/** The training rows of one question's spans: every right one, the others the span model likes best, and some at random. */
function trainingRows(
  id: string,
  question: string,
  spans: Span[],
  answers: string[],
  negatives: number,
  model: ModelPart | undefined,
): Array<{ x: number[]; y: number }> {
  const right = spans.filter((s) => spanIsAnswer(s, answers, question));
  if (!right.length) return [];
  const wrong = spans.filter((s) => !right.includes(s));
  const chosen = new Set<Span>();
  if (model) for (const s of [...wrong].sort((a, b) => b.score - a.score).slice(0, negatives)) chosen.add(s);
  const byChance = [...wrong]
    .filter((s) => !chosen.has(s))
    .sort((a, b) => hashUnit(`${id}:${a.sentence.index}:${a.start}:${a.text}`) - hashUnit(`${id}:${b.sentence.index}:${b.start}:${b.text}`));
  for (const s of byChance.slice(0, model ? negatives : 2 * negatives)) chosen.add(s);
  return [...right.map((s) => ({ x: s.features, y: 1 })), ...[...chosen].map((s) => ({ x: s.features, y: 0 }))];
}

/** Asks each short-answer question of a query file (k articles per search, as `ask` reads them). */
export async function collect(engine: Engine, file: string, o: CollectOptions): Promise<{ items: Collected[]; rows: SpanRows }> {
  const questions = readQuestionRows(file).filter((r) => (o.keep ? o.keep(r) : true));
  const items: Collected[] = [];
  const rows: SpanRows = { x: [], y: [], question: [] };
  for (const [i, r] of questions.entries()) {
    if (i % 200 === 0) process.stderr.write(`${o.corpus}: ${i}/${questions.length} questions\n`);
    const day = r.date ?? o.today;
    const analysis = engine.analyse(r.q, day);
    const date = day ? { date: day } : {};
    const answers = r.answers?.length ? r.answers : [r.answer!];
    const gold = r.gold ?? [];
    const hits = await engine.retriever.search(analysis, { k: o.k, ...date });
    // a fit-half question is scored by the fold model not fit on it, when there are fold models
    const scoring = o.foldModels && splitOf(r.id) === "fit" ? o.foldModels[1 - foldOf(r.id)] : o.spanModel;
    const normal = collectRun(engine, analysis, hits, answers, gold, false, o, scoring);
    const item: Collected = { id: r.id, corpus: o.corpus, split: splitOf(r.id), question: r.q, answers, analysis, normal: normal.run };
    if (o.sentenceModel) {
      for (const row of trainingRows(r.id, r.q, normal.spans, answers, o.negatives ?? 30, o.spanModel)) {
        rows.x.push(...row.x);
        rows.y.push(row.y);
        rows.question.push(items.length);
      }
    }
    if (gold.length && o.withoutGold !== false) {
      const without = await engine.retriever.search(analysis, { k: o.k, exclude: new Set(gold), ...date });
      item.withoutGold = collectRun(engine, analysis, without, answers, gold, true, o, scoring).run;
    }
    items.push(item);
  }
  if (rows.x.length !== rows.y.length * SPAN_FEATURES.length) throw new Error("span rows of the wrong width");
  return { items, rows };
}
