/**
 * A timeline: the articles about a topic in date order (newest first for 「最近…」, oldest first for
 * 「来龙去脉」), one line each — the date (marked when estimated), the headline and the sentence that
 * matters most, cited. Articles must be about the topic about as much as the best one is; a question
 * that names only a window (「上周有什么新闻」) lists that window's articles.
 */
import { SENTENCE_FEATURES } from "./features.js";
import type { QuestionAnalysis } from "../question/analyse.js";
import type { Timeline } from "../question/timeline.js";
import type { DayRange } from "../text/dates.js";
import type { SearchHit } from "../types.js";
import { Citations } from "./citations.js";
import type { Composed } from "./compose.js";
import { writeDate } from "./date-words.js";
import { annotateDates } from "./event-date.js";
import { type EvidenceContext, type Sentence } from "./evidence.js";
import { rankEvidence } from "./rank.js";
import { listLabel } from "./source-name.js";

/** Lines a timeline shows at most. */
export const TIMELINE_LINES = 8;
/** An article is on the topic when it holds at least this share of the topic's words (weighted; src/answer/evidence.ts "document"). */
const ON_TOPIC = 0.6;
const DOCUMENT = SENTENCE_FEATURES.indexOf("document");
/** A sentence quoted in a timeline line is cut to this many characters. */
const LINE_CHARS = 80;

interface Entry {
  sentence: Sentence;
  date?: DayRange;
}

export function composeTimeline(
  q: QuestionAnalysis,
  topicQ: QuestionAnalysis | undefined,
  t: Timeline,
  hits: readonly SearchHit[],
  ctx: EvidenceContext,
  question: string,
  standalone: string,
): Composed {
  const cites = new Citations(topicQ?.words.map((w) => w.word) ?? []);
  const base = { question, standalone, type: q.type, items: [] as Composed["items"] };
  const entries = topicQ ? onTopic(topicQ, hits, ctx) : firstSentences(q, hits, ctx);
  const dated = entries
    .map((e) => ({ ...e, date: ctx.documentDate(e.sentence.docId) }))
    .sort((a, b) => byDate(a.date, b.date, t.order))
    .slice(0, TIMELINE_LINES);
  const window = q.dates.map((d) => d.text).join("、");
  const subject = t.topic ? `${window}关于「${t.topic}」的报道` : `${window || "这段时间"}的报道`;
  if (!dated.length) return { ...base, found: false, confidence: 0, answer: `抱歉，没有找到${subject}。`, sources: [] };
  const heading = `${subject}（${t.order === "newest" ? "最新的在前" : "按时间先后"}）：`;
  const lines = dated.map((e) => timelineLine(e, cites));
  for (const src of cites.sources) base.items.push({ text: src.title, docId: src.id });
  return { ...base, found: true, confidence: 1, answer: [heading, ...lines].join("\n"), sources: cites.sources };
}

/** The best sentence of each article about the topic. */
function onTopic(topicQ: QuestionAnalysis, hits: readonly SearchHit[], ctx: EvidenceContext): Entry[] {
  const ranked = rankEvidence(topicQ, hits, ctx);
  const out: Entry[] = [];
  for (const s of ranked.sentences) {
    if (s.features[DOCUMENT]! < ON_TOPIC) continue;
    if (!out.some((e) => e.sentence.docId === s.docId)) out.push({ sentence: s });
  }
  return out;
}

/** No topic: each article of the window by its first sentence. */
function firstSentences(q: QuestionAnalysis, hits: readonly SearchHit[], ctx: EvidenceContext): Entry[] {
  const ranked = rankEvidence(q, hits, ctx);
  const out: Entry[] = [];
  for (const hit of hits) {
    const first = ranked.sentences.filter((s) => s.docId === hit.docId).sort((a, b) => a.index - b.index)[0];
    if (first) out.push({ sentence: first });
  }
  return out;
}

function byDate(a: DayRange | undefined, b: DayRange | undefined, order: Timeline["order"]): number {
  if (!a || !b) return a ? -1 : b ? 1 : 0;
  return order === "newest" ? b.from - a.from : a.from - b.from;
}

/** 「2024年12月6日（推断） 《headline》：sentence[n]」 */
function timelineLine(e: Entry, cites: Citations): string {
  const s = e.sentence;
  const when = e.date ? `${writeDate(e.date)}${s.hit.doc.dateEstimated ? "（推断）" : ""}` : "日期不详";
  const clipped = s.text.length > LINE_CHARS ? `${s.text.slice(0, LINE_CHARS)}…` : s.text;
  // 「昨天上午」 in a list read days later says which day that was.
  const text = annotateDates(clipped, e.date ? { range: e.date, estimated: s.hit.doc.dateEstimated ?? false } : undefined, false);
  return `· ${when}　${listLabel(s.hit.doc)}${text.replace(/[。；;，,\s]+$/u, "")}[${cites.cite(s)}]`;
}
