/**
 * The numbered sources of an answer: one per article, in the order first cited, each with the
 * passages the answer quotes from it and the question's words marked in them.
 */
import type { DayRange } from "../text/dates.js";
import { annotateDates } from "./event-date.js";
import { highlightRanges } from "./highlight.js";
import { quotePrefix } from "./source-name.js";
import type { Sentence } from "./evidence.js";
import type { Source } from "./types.js";
import { clauseAround, type Clause, type ClauseBounds } from "./clause.js";
import { replyShape } from "./reply-shape.js";
import { withoutCredits } from "../text/credits.js";

/** Quotes longer than this are cut to the clauses around what matters. */
const MAX_QUOTE = 160;

export interface QuoteDating {
  /** The date of an article (metadata, or the date its text opens with). */
  documentDate(docId: string): DayRange | undefined;
  /** Give year-less dates their year too (when-questions), not only relative ones (昨天, 上周). */
  yearless: boolean;
}

export class Citations {
  readonly sources: Source[] = [];
  private readonly byDoc = new Map<string, Source>();

  /** `dating`: quotes say what 「昨天」 and 「12月6日」 were (src/answer/event-date.ts annotateDates). */
  constructor(
    private readonly terms: readonly string[],
    private readonly dating?: QuoteDating,
  ) {}

  /** Cites a passage of a sentence's article; returns its number. */
  cite(s: Sentence, passage: string = s.text): number {
    let src = this.byDoc.get(s.docId);
    if (!src) {
      src = {
        n: this.sources.length + 1,
        id: s.docId,
        chunkId: s.hit.chunkId,
        title: s.hit.title,
        byline: s.hit.doc.byline,
        source: s.hit.doc.source,
        excerpt: passage,
        highlights: [],
      };
      if (s.hit.doc.date) src.date = s.hit.doc.date;
      if (s.hit.doc.dateEstimated) src.dateEstimated = true;
      this.byDoc.set(s.docId, src);
      this.sources.push(src);
    } else if (!src.excerpt.includes(passage)) {
      src.excerpt = `${src.excerpt}……${passage}`;
    }
    src.highlights = highlightRanges(src.excerpt, this.terms);
    return src.n;
  }

  /**
   * 「据《headline》报道：clause。[n]」: the clause of the sentence that holds what matters (at `around`,
   * else where the question's words first stand), its whole sentence the cited excerpt.
   */
  quote(s: Sentence, around?: { start: number; end: number }): string {
    const clause = this.clauseOf(s, around, replyShape().quote);
    const n = this.cite(s, clip(s.text, clause.start));
    return `${quotePrefix(s.hit.doc)}${endSentence(this.withDates(s, withoutCredits(clause.text)))}[${n}]`;
  }

  /** “clause”[n]: the clause that holds the answer a lead has just said, as the article says it. */
  said(s: Sentence, around: { start: number; end: number }): { line: string; clause: string } {
    const clause = this.clauseOf(s, around);
    const n = this.cite(s, clip(s.text, clause.start));
    const text = this.withDates(s, withoutCredits(clause.text));
    return { line: `“${text}”[${n}]`, clause: text };
  }

  private clauseOf(s: Sentence, around: { start: number; end: number } | undefined, bounds?: ClauseBounds): Clause {
    if (around) return clauseAround(s.text, around.start, around.end, bounds);
    const at = firstMark(s.text, this.terms);
    return clauseAround(s.text, at, at + 1, bounds);
  }

  /** The passage with its relative dates made plain, when the article's date is known. */
  private withDates(s: Sentence, passage: string): string {
    if (!this.dating) return passage;
    const range = this.dating.documentDate(s.docId);
    return annotateDates(passage, range ? { range, estimated: s.hit.doc.dateEstimated ?? false } : undefined, this.dating.yearless);
  }
}

function firstMark(text: string, terms: readonly string[]): number {
  const lower = text.toLowerCase();
  const at = terms.map((t) => lower.indexOf(t.toLowerCase())).filter((i) => i >= 0);
  return at.length ? Math.min(...at) : 0;
}

/** A long sentence cut to whole clauses around position `at` (at most MAX_QUOTE characters), marked with …. */
function clip(text: string, at: number): string {
  if (text.length <= MAX_QUOTE) return text;
  const stops = [0];
  for (const m of text.matchAll(/[，,；;：:]/gu)) stops.push(m.index! + 1);
  stops.push(text.length);
  let start = 0;
  for (const s of stops) if (s <= at) start = s;
  let end = start;
  for (const s of stops) if (s > end && s - start <= MAX_QUOTE) end = s;
  if (end <= start) end = Math.min(text.length, start + MAX_QUOTE);
  // Widen backwards while there is room (the clause before often names the subject).
  for (let i = stops.length - 1; i >= 0; i--) if (stops[i]! < start && end - stops[i]! <= MAX_QUOTE) start = stops[i]!;
  const piece = text.slice(start, end).replace(/[，,；;：:]$/u, "");
  return `${start > 0 ? "…" : ""}${piece}${end < text.length ? "…" : ""}`;
}

const squashEnd = (s: string): string => s.replace(/[。！？!?；;，,\s]+$/u, "");

/** Ends a sentence with 。 unless it already ends in one inside a closing quote (or with …). */
function endSentence(s: string): string {
  const t = s.trim();
  if (/[。！？!?][”"」』]$/u.test(t) || t.endsWith("…")) return t;
  return `${squashEnd(t)}。`;
}
