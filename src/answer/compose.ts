/**
 * The offline answer, composed from the retrieved articles' own sentences:
 *
 * 1. rank the evidence with the fitted model (rank.ts): sentences, answer spans, and whether the news
 *    answers the question at all; below the calibrated threshold the reply is an honest refusal;
 * 2. list questions enumerate items from several articles about the question's subject (list.ts);
 * 3. otherwise the reply leads with the answer in the question's own words (lead.ts) — only when the
 *    best span is confident — and always quotes the sentence that supports it, then the next best
 *    sentences that support it too. Every line carries its citation [n]; every extracted word is
 *    text of a cited excerpt.
 */
import { SENTENCE_FEATURES } from "./features.js";
import type { QuestionAnalysis } from "../question/analyse.js";
import { characterPairs, pairOverlap } from "../text/overlap.js";
import type { SearchHit } from "../types.js";
import { Citations } from "./citations.js";
import { type EvidenceContext, type Sentence } from "./evidence.js";
import { peopleIn } from "./items.js";
import { writeLead } from "./lead.js";
import { composeList } from "./list.js";
import { answerModel, type AnswerModel } from "./model.js";
import { rankEvidence } from "./rank.js";
import { refusal } from "./refusal.js";
import type { AnswerResult } from "./types.js";

export type { EvidenceContext } from "./evidence.js";

export interface ComposeOptions {
  /** The refusal to give a follow-up such as 还有吗 when nothing is left. */
  noMoreText?: string;
  model?: AnswerModel;
  /**
   * Scales the refusal threshold: a follow-up answered from the articles the conversation has just
   * shown starts from more evidence than a question out of the blue (see engine.ts).
   */
  thresholdScale?: number;
  /** The numbered sources to add to (a caller that cites more after the answer, src/engine/anchor.ts). */
  citations?: Citations;
}

/** The answer plus what the conversation needs to resolve later turns. */
export interface Composed extends AnswerResult {
  confidence: number;
  type: QuestionAnalysis["type"];
  /** The items the answer enumerates (for 「第二个详细说说」), with the document each came from. */
  items: Array<{ text: string; docId: string }>;
  /** A person the answer names (for 「他」 in the next turn). */
  person?: string;
  /** An organisation, place or project the answer names (for 「它」「该公司」). */
  thing?: string;
  /** The best-ranked sentences (what an LLM writing the answer reads too). */
  evidence?: Array<{ docId: string; text: string }>;
}

/** Supporting sentences quoted after the first: at least this share of the best one's score. */
const SUPPORT_SHARE = 0.5;
const MAX_QUOTES = { detail: 4, other: 3 };
const DOCUMENT_ENTITIES = SENTENCE_FEATURES.indexOf("documentEntities");
const COVERAGE = SENTENCE_FEATURES.indexOf("coverage");
const CONTEXT = SENTENCE_FEATURES.indexOf("context");
/** Best sentences kept with the answer for an LLM to read. */
const EVIDENCE_SHOWN = 12;

/** Two sentences that say the same (one article reprinted by another): quoting both tells nothing more. */
const nearlySame = (a: string, b: string): boolean => pairOverlap(characterPairs(a), characterPairs(b)) >= 0.8;

export function composeAnswer(q: QuestionAnalysis, question: string, standalone: string, hits: readonly SearchHit[], ctx: EvidenceContext, opts: ComposeOptions = {}): Composed {
  const model = opts.model ?? answerModel();
  const ranked = rankEvidence(q, hits, ctx, model);
  const terms = [...new Set([...q.words.map((w) => w.word), ...q.focus])];
  const cites = opts.citations ?? new Citations(terms, { documentDate: ctx.documentDate, yearless: q.type === "when" });
  const evidence = ranked.sentences.slice(0, EVIDENCE_SHOWN).map((s) => ({ docId: s.docId, text: s.text }));
  const base = { question, standalone, confidence: Number(ranked.pAnswer.toFixed(3)), type: q.type, items: [] as Composed["items"], evidence };
  const best = ranked.sentences[0];
  if (!best || ranked.pAnswer < model.thresholds.answer * (opts.thresholdScale ?? 1)) {
    return { ...base, found: false, answer: refusal(q, ranked.sentences, ctx, cites, opts.noMoreText), sources: cites.sources };
  }
  if (q.type === "list") {
    const list = composeList(q, ranked, cites);
    if (list.items.length) return { ...base, found: true, answer: list.answer, sources: cites.sources, items: list.items };
  }

  const leadAt = model.thresholds.lead[q.type] ?? Infinity;
  const top = ranked.spans[0];
  const supported = top ? top.sentence.features[COVERAGE]! + top.sentence.features[CONTEXT]! >= model.thresholds.leadSupport - 1e-9 : false;
  const span = top && top.score >= leadAt && supported ? top : undefined;
  const lead = span ? writeLead(q, span) : undefined;
  const primary = lead && span ? span.sentence : best;
  const lines: string[] = [];
  if (lead) lines.push(`${lead}[${cites.cite(primary)}]`);
  lines.push(cites.quote(primary, lead && span ? span.start : undefined));
  const quoted: Sentence[] = [primary];
  const detail = q.type === "detail" || q.type === "what";
  const most = q.type === "detail" ? MAX_QUOTES.detail : MAX_QUOTES.other;
  // Supporting sentences come from articles about the question's subject as much as the first one is
  // (「区政协的副主任」 is not answered with 区人大常委会's).
  const onSubject = (s: Sentence): boolean => s.features[DOCUMENT_ENTITIES]! >= primary.features[DOCUMENT_ENTITIES]!;
  for (const s of ranked.sentences) {
    if (quoted.length >= most || s.score < SUPPORT_SHARE * best.score) break;
    if (quoted.includes(s) || !onSubject(s) || quoted.some((o) => nearlySame(o.text, s.text)) || (!detail && quoted.filter((o) => o.docId === s.docId).length >= 2)) continue;
    lines.push(cites.quote(s));
    quoted.push(s);
  }
  for (const src of cites.sources) base.items.push({ text: src.title, docId: src.id });
  const people = span?.kind === "person" ? [span.text] : peopleIn(primary.text, undefined);
  const person = people.length === 1 ? people[0] : undefined;
  const thing = span && (span.kind === "organisation" || span.kind === "place") ? span.text : undefined;
  return { ...base, found: true, answer: lines.join("\n"), sources: cites.sources, ...(person ? { person } : {}), ...(thing ? { thing } : {}) };
}
