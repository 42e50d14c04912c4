/**
 * What the answer model is fit on: each short-answer question asked of one engine, as is and with its
 * gold articles left out of the search, with every feature the answerer computes at run time — the
 * sentences of the retrieved articles, and the candidate spans of the best of them. Run in a process
 * of its own per corpus (the segmenter's dictionary holds the names mined from the loaded index, as it
 * does in production).
 */
import { readFileSync } from "node:fs";
import { EvidenceScorer, SENTENCE_FEATURES, type Sentence } from "../answer/evidence.js";
import { spansOf } from "../answer/spans.js";
import type { Engine } from "../engine/engine.js";
import { splitOf, type Split } from "../eval/split.js";
import type { QuestionAnalysis } from "../question/analyse.js";
import type { SearchHit } from "../types.js";

/**
 * Sentences whose spans are collected, in an order that needs no model (question coverage, then
 * retrieval rank): many more than the three the answerer reads, so that a fitted model's best three
 * are among them, and the fit does not depend on any model fit before it.
 */
const SPAN_POOL = 20;

export interface CollectedSentence {
  docId: string;
  rank: number;
  index: number;
  text: string;
  features: number[];
}

export interface CollectedSpan {
  /** Index into the run's sentences. */
  sentence: number;
  text: string;
  shown: string;
  kind: string;
  start: number;
  features: number[];
}

export interface CollectedRun {
  topRetrieval: number;
  /** Whether the news in these hits answers the question (undefined: not clearly either way). */
  answerable: boolean | undefined;
  sentences: CollectedSentence[];
  spans: CollectedSpan[];
}

export interface Collected {
  id: string;
  corpus: string;
  split: Split;
  question: string;
  answer: string;
  analysis: QuestionAnalysis;
  normal: CollectedRun;
  withoutGold?: CollectedRun;
}

interface Row {
  id: string;
  q: string;
  answer?: string;
  date?: string;
  gold?: string[];
  docs?: string;
}

export const squash = (s: string): string => s.replace(/\s+/gu, "").toLowerCase();
export const holds = (text: string, answer: string): boolean => squash(text).includes(squash(answer));

const COVERAGE = SENTENCE_FEATURES.indexOf("coverage");
const provisionalScore = (s: Sentence): number => s.features[COVERAGE]! + 0.1 / (1 + s.rank);

function collectRun(engine: Engine, q: QuestionAnalysis, hits: SearchHit[], answer: string, gold: string[], excluded: boolean): CollectedRun {
  const scorer = new EvidenceScorer(q, engine.evidence);
  const sentences = scorer.sentences(hits);
  const ranked = [...sentences].sort((a, b) => provisionalScore(b) - provisionalScore(a));
  const spans = spansOf(ranked.slice(0, SPAN_POOL), q, scorer.words);
  const answerInHits = hits.some((h) => holds(engine.index.doc(h.docId)?.body ?? h.text, answer));
  const goldInHits = hits.some((h) => gold.includes(h.docId));
  return {
    topRetrieval: hits[0]?.score ?? 0,
    answerable: excluded ? (answerInHits ? undefined : false) : goldInHits || answerInHits ? true : undefined,
    sentences: sentences.map((s) => ({ docId: s.docId, rank: s.rank, index: s.index, text: s.text, features: s.features })),
    spans: spans.map((sp) => ({ sentence: sentences.indexOf(sp.sentence), text: sp.text, shown: sp.shown, kind: sp.kind, start: sp.start, features: sp.features })),
  };
}

/** Asks each short-answer question of a query file (k articles per search, as `ask` reads them). */
export async function collect(engine: Engine, file: string, corpus: string, k: number, keep: (row: Row) => boolean = () => true): Promise<Collected[]> {
  const rows = readFileSync(file, "utf8")
    .split("\n")
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as Row)
    .filter((r) => typeof r.answer === "string" && r.answer.trim() && keep(r));
  const out: Collected[] = [];
  for (const [i, r] of rows.entries()) {
    if (i % 100 === 0) process.stderr.write(`${corpus}: ${i}/${rows.length} questions\n`);
    const analysis = engine.analyse(r.q, r.date);
    const date = r.date ? { date: r.date } : {};
    const hits = await engine.retriever.search(analysis, { k, ...date });
    const gold = r.gold ?? [];
    const item: Collected = { id: r.id, corpus, split: splitOf(r.id), question: r.q, answer: r.answer!, analysis, normal: collectRun(engine, analysis, hits, r.answer!, gold, false) };
    if (gold.length) {
      const without = await engine.retriever.search(analysis, { k, exclude: new Set(gold), ...date });
      item.withoutGold = collectRun(engine, analysis, without, r.answer!, gold, true);
    }
    out.push(item);
  }
  return out;
}
