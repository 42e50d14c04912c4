/**
 * The offline answer, composed from the retrieved articles' own sentences:
 *
 * 1. rank the evidence with the fitted model (rank.ts): sentences, answer spans, and whether the news
 *    answers the question at all; below the calibrated threshold the reply is an honest refusal;
 * 2. list questions enumerate items from several articles about the question's subject (list.ts);
 * 3. otherwise the reply leads with the answer in the question's own words (lead.ts) — only when a
 *    lead from the best span is likely enough to be right (a probability calibrated for precision) —
 *    and quotes the one clause that holds it (clause.ts); without a lead, the best clause is quoted as
 *    a quotation 「据《…》报道：…」. Further evidence waits for 「更多」 (a continuation), which quotes
 *    the next best sentences that support the answer. Every line carries its citation [n]; every
 *    extracted word is text of a cited excerpt.
 */
import { SENTENCE_FEATURES } from "./features.js";
import type { QuestionAnalysis } from "../question/analyse.js";
import { characterPairs, pairOverlap } from "../text/overlap.js";
import type { SearchHit } from "../types.js";
import { Citations } from "./citations.js";
import { type EvidenceContext, type Sentence } from "./evidence.js";
import { peopleIn } from "./items.js";
import type { Span } from "./spans.js";
import { writeLead } from "./lead.js";
import { composeList } from "./list.js";
import { answerModel, type AnswerModel } from "./model.js";
import { rankEvidence, type Ranked } from "./rank.js";
import { NO_MORE, refusal } from "./refusal.js";
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
  /** Continue an answer already given (「更多」): quote further evidence, leaving out these sentences (sentenceKey). */
  continueAfter?: ReadonlySet<string>;
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
  /** The sentences the reply quotes (sentenceKey), for a continuation to leave out. */
  quoted?: string[];
  /** The kind of the answer the lead states (a person, a date …). */
  spanKind?: string;
  /** The answer enumerates items (a list), which 「它们」 and 「第二个」 point back at. */
  listed?: boolean;
}

/** Supporting sentences are at least this share of the best one's score. */
const SUPPORT_SHARE = 0.5;
/** Without a lead, a second sentence is quoted when it scores at least this share of the best (the answer may stand there). */
const SECOND_SHARE = 0.8;
/** Sentences a continuation (「更多」) quotes at once. */
const MORE_QUOTES = 3;
const DOCUMENT_ENTITIES = SENTENCE_FEATURES.indexOf("documentEntities");
/** Best sentences kept with the answer for an LLM to read. */
const EVIDENCE_SHOWN = 12;

/** A sentence's key across turns: its article and place in it. */
const sentenceKey = (s: Pick<Sentence, "docId" | "index">): string => `${s.docId}#${s.index}`;

/** Two sentences that say the same (one article reprinted by another): quoting both tells nothing more. */
const nearlySame = (a: string, b: string): boolean => pairOverlap(characterPairs(a), characterPairs(b)) >= 0.8;

/**
 * The sentences that support the answer beyond those quoted, best first: as good as SUPPORT_SHARE of the
 * best, from articles about the question's subject as much as the first one is (「区政协的副主任」 is
 * not answered with 区人大常委会's), none saying what a quoted one says.
 */
function supporting(ranked: Ranked, primary: Sentence, quoted: readonly Sentence[], shown: ReadonlySet<string>): Sentence[] {
  const best = ranked.sentences[0]!;
  const out: Sentence[] = [];
  for (const s of ranked.sentences) {
    if (s.score < SUPPORT_SHARE * best.score) break;
    if (quoted.includes(s) || shown.has(sentenceKey(s)) || s.features[DOCUMENT_ENTITIES]! < primary.features[DOCUMENT_ENTITIES]!) continue;
    if ([...quoted, ...out].some((o) => nearlySame(o.text, s.text))) continue;
    out.push(s);
  }
  return out;
}

/** Where the best span stands in a sentence: its own place, or where a sentence that prints it too (a reprint) has it. */
function spanIn(s: Sentence, span: Span): { start: number; end: number } | undefined {
  if (span.sentence === s) return { start: span.start, end: span.start + span.text.length };
  if (!nearlySame(span.sentence.text, s.text)) return undefined;
  const at = s.text.indexOf(span.text);
  return at < 0 ? undefined : { start: at, end: at + span.text.length };
}

/** A second sentence to quote when the reply has no lead: where the best span stands if not in the best sentence, else the next sentence as good as SECOND_SHARE of the best that says something else. */
function secondPlace(ranked: Ranked, best: Sentence): { sentence: Sentence; around?: { start: number; end: number } } | undefined {
  const top = ranked.spans[0];
  // (the same sentence reprinted by another article is no second place: the reader would read it twice)
  if (top && top.sentence !== best && !nearlySame(top.sentence.text, best.text))
    return { sentence: top.sentence, around: { start: top.start, end: top.start + top.text.length } };
  const next = ranked.sentences.find((s) => s !== best && !nearlySame(s.text, best.text));
  if (!next || next.score < SECOND_SHARE * best.score) return undefined;
  const span = ranked.spans.find((sp) => sp.sentence === next);
  return span ? { sentence: next, around: { start: span.start, end: span.start + span.text.length } } : { sentence: next };
}

/** The best span, when a lead written from it is likely enough to be right, with the lead. */
function confidentLead(q: QuestionAnalysis, ranked: Ranked, model: AnswerModel): { span: Span; lead: string } | undefined {
  const span = ranked.spans[0];
  if (!span || ranked.pLead < model.thresholds.lead) return undefined;
  const lead = writeLead(q, span);
  return lead ? { span, lead } : undefined;
}

export function composeAnswer(
  q: QuestionAnalysis,
  question: string,
  standalone: string,
  hits: readonly SearchHit[],
  ctx: EvidenceContext,
  opts: ComposeOptions = {},
): Composed {
  const model = opts.model ?? answerModel();
  const ranked = rankEvidence(q, hits, ctx, model);
  const terms = [...new Set([...q.words.map((w) => w.word), ...q.focus])];
  const cites = opts.citations ?? new Citations(terms, { documentDate: ctx.documentDate, yearless: q.type === "when" });
  const evidence = ranked.sentences.slice(0, EVIDENCE_SHOWN).map((s) => ({ docId: s.docId, text: s.text }));
  const base = { question, standalone, confidence: Number(ranked.pAnswer.toFixed(3)), type: q.type, items: [] as Composed["items"], evidence };
  const best = ranked.sentences[0];
  if (!best || ranked.pAnswer < model.thresholds.answer * (opts.thresholdScale ?? 1) || roleNowhere(q, ranked)) {
    return { ...base, found: false, answer: refusal(q, ranked.sentences, ctx, cites, opts.noMoreText), sources: cites.sources };
  }
  if (opts.continueAfter) return continuation(ranked, best, opts.continueAfter, cites, base, opts.noMoreText);
  // a list, or how many of something a list gives (「有几位副主任」)
  if (q.type === "list" || (q.type === "number" && q.list && q.role)) {
    const list = composeList(q, ranked, cites);
    if (list.items.length)
      return { ...base, found: true, answer: list.answer, sources: cites.sources, items: list.items, listed: list.items.length > 1, more: list.more };
  }
  const confident = confidentLead(q, ranked, model);
  const top = ranked.spans[0];
  const lines: string[] = [];
  let primary = best;
  let quotedToo: Sentence | undefined;
  if (confident) {
    primary = confident.span.sentence;
    const at = { start: confident.span.start, end: confident.span.start + confident.span.text.length };
    lines.push(`${confident.lead}[${cites.cite(primary)}]`, cites.said(primary, at).line);
  } else {
    // Without a lead, the clause of the best span when it stands in the best sentence: the likeliest place
    // of the answer; and when the answer may well stand in another sentence (the best span's, or the
    // next best), that one's clause too.
    const around = top ? spanIn(best, top) : undefined;
    lines.push(cites.quote(best, around));
    const second = secondPlace(ranked, best);
    if (second) {
      lines.push(cites.quote(second.sentence, second.around));
      quotedToo = second.sentence;
    }
  }
  for (const src of cites.sources) base.items.push({ text: src.title, docId: src.id });
  const people = confident?.span.kind === "person" ? [confident.span.text] : peopleIn(primary.text, undefined);
  const person = people.length === 1 ? people[0] : undefined;
  const thing = confident && (confident.span.kind === "organisation" || confident.span.kind === "place") ? confident.span.text : undefined;
  const shownSentences = quotedToo ? [primary, quotedToo] : [primary];
  const more = supporting(ranked, primary, shownSentences, new Set()).length > 0;
  return {
    ...base,
    found: true,
    answer: lines.join("\n"),
    sources: cites.sources,
    quoted: shownSentences.map(sentenceKey),
    more,
    ...(confident ? { span: confident.span.shown, spanKind: confident.span.kind } : {}),
    ...(person ? { person } : {}),
    ...(thing ? { thing } : {}),
  };
}

/** Sentences read for the role a who-question asks about. */
const ROLE_DEPTH = 12;

/**
 * 「滨湖集团的董事长是谁？」 where none of the best sentences names a 董事长: a passage that names the
 * subject but holds no one in the role asked is a near miss, not an answer (issue 20's definition).
 */
function roleNowhere(q: QuestionAnalysis, ranked: Ranked): boolean {
  if (q.type !== "who" || !q.role) return false;
  const role = q.role;
  return !ranked.sentences.slice(0, ROLE_DEPTH).some((s) => s.text.includes(role));
}

/** 「更多」: the next sentences that support the answer, each quoted with its source; a plain refusal when none is left. */
function continuation(
  ranked: Ranked,
  best: Sentence,
  shown: ReadonlySet<string>,
  cites: Citations,
  base: Omit<Composed, "found" | "answer" | "sources">,
  noMore = NO_MORE,
): Composed {
  const further = supporting(ranked, best, [], shown);
  if (!further.length) return { ...base, found: false, answer: noMore, sources: [] };
  const quoted = further.slice(0, MORE_QUOTES);
  return {
    ...base,
    found: true,
    answer: quoted.map((s) => cites.quote(s)).join("\n"),
    sources: cites.sources,
    quoted: quoted.map(sentenceKey),
    more: further.length > MORE_QUOTES,
  };
}
