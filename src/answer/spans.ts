/**
 * Answer spans: the candidates (candidates.ts) of the best sentences, each with its features
 * (span-features.ts) and — once scored by the fitted span model (rank.ts) — how likely it is the
 * answer. A date is shown with the year its sentence or article gives it (「6月25日」 → 「2024年6月25日」).
 */
import type { QuestionAnalysis } from "../question/analyse.js";
import { tagged } from "../question/tokens.js";
import type { SpanKind } from "./candidates.js";
import type { Sentence } from "./evidence.js";
import { SpanFeaturizer } from "./span-features.js";

export type { SpanKind } from "./candidates.js";

export interface Span {
  /** The span as the sentence has it. */
  text: string;
  /** What a lead shows: the text, and for a date without a year, the year the sentence or article gives it. */
  shown: string;
  kind: SpanKind;
  start: number;
  sentence: Sentence;
  features: number[];
  score: number;
}

/**
 * A date the text gives without a year (「6月25日」), with the year of the nearest full date before it in
 * the sentence, else of the article's date; a date with its year, or with no year to give, unchanged.
 */
export function withYear(date: string, before: string, articleYear: number | undefined): string {
  // 「今年3月」「去年12月」 against the article's year.
  const relative = /^(今年|去年|明年|前年)(?=\d{1,2}月)/u.exec(date);
  if (relative && articleYear) return `${articleYear + { 今年: 0, 去年: -1, 明年: 1, 前年: -2 }[relative[1] as "今年"]}年${date.slice(2)}`;
  if (/\d{4}\s*年|[今明去前]年/u.test(date) || !/^\d{1,2}月/u.test(date)) return date;
  const years = [...before.matchAll(/(\d{4})\s*年/gu)];
  const year = years.length ? Number(years.at(-1)![1]) : articleYear;
  return year ? `${year}年${date}` : date;
}

/** The candidates of the best sentences (in order), with their features; a span the question already says is left out. */
export function spansOf(sentences: readonly Sentence[], q: QuestionAnalysis): Span[] {
  const featurizer = new SpanFeaturizer(q);
  const question = q.text.toLowerCase();
  const out: Span[] = [];
  const lowers = sentences.map((s) => s.lower);
  sentences.forEach((s, rank) => {
    const view = featurizer.view(s.text, tagged(s.text), s.score, rank);
    const others = lowers.filter((_, i) => i !== rank);
    for (const c of view.candidates) {
      if (question.includes(c.text.toLowerCase())) continue;
      out.push({
        text: c.text,
        shown: c.kind === "date" ? withYear(c.text, s.text.slice(0, c.start), s.articleYear) : c.text,
        kind: c.kind,
        start: c.start,
        sentence: s,
        features: featurizer.features(c, view, others),
        score: 0,
      });
    }
  });
  return out;
}
