/**
 * What the answer model is fit on: each short-answer question asked of one engine, as is and with its
 * gold articles left out of the search, with every feature the answerer computes at run time — the
 * sentences of the retrieved articles, and (once a sentence model is fit) the candidate spans of the
 * best three of them, as the answerer reads them. Run in a process
 * of its own per corpus (the segmenter's dictionary holds the names mined from the loaded index, as it
 * does in production).
 */
import { readFileSync } from "node:fs";
import { EvidenceScorer, type Sentence } from "../answer/evidence.js";
import { probability, type LogisticModel } from "../answer/model.js";
import { SPAN_SENTENCES } from "../answer/rank.js";
import { spansOf } from "../answer/spans.js";
import type { Engine } from "../engine/engine.js";
import { splitOf, type Split } from "../eval/split.js";
import type { QuestionAnalysis } from "../question/analyse.js";
import type { SearchHit } from "../types.js";



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


/**
 * One search's evidence: every sentence with its features, and — given the sentence model — the spans
 * of the best SPAN_SENTENCES sentences, exactly those the answerer reads (without a model, no spans).
 */
function collectRun(engine: Engine, q: QuestionAnalysis, hits: SearchHit[], answer: string, gold: string[], excluded: boolean, sentenceModel?: LogisticModel): CollectedRun {
  const scorer = new EvidenceScorer(q, engine.evidence);
  const sentences = scorer.sentences(hits);
  let pool: Sentence[] = [];
  if (sentenceModel) {
    for (const s of sentences) s.score = probability(sentenceModel, s.features);
    pool = [...sentences].sort((a, b) => b.score - a.score || a.rank - b.rank || a.index - b.index).slice(0, SPAN_SENTENCES);
  }
  const spans = spansOf(pool, q, scorer.words);
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
export async function collect(engine: Engine, file: string, corpus: string, k: number, keep: (row: Row) => boolean = () => true, today?: string, sentenceModel?: LogisticModel): Promise<Collected[]> {
  const rows = readFileSync(file, "utf8")
    .split("\n")
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as Row)
    .filter((r) => typeof r.answer === "string" && r.answer.trim() && keep(r));
  const out: Collected[] = [];
  for (const [i, r] of rows.entries()) {
    if (i % 100 === 0) process.stderr.write(`${corpus}: ${i}/${rows.length} questions\n`);
    const day = r.date ?? today;
    const analysis = engine.analyse(r.q, day);
    const date = day ? { date: day } : {};
    const hits = await engine.retriever.search(analysis, { k, ...date });
    const gold = r.gold ?? [];
    const item: Collected = { id: r.id, corpus, split: splitOf(r.id), question: r.q, answer: r.answer!, analysis, normal: collectRun(engine, analysis, hits, r.answer!, gold, false, sentenceModel) };
    if (gold.length) {
      const without = await engine.retriever.search(analysis, { k, exclude: new Set(gold), ...date });
      item.withoutGold = collectRun(engine, analysis, without, r.answer!, gold, true, sentenceModel);
    }
    out.push(item);
  }
  return out;
}
