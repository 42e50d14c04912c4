/**
 * Whether a date or time word on a page speaks of the future (a forecast, a plan, a deadline) rather
 * than of the page's own time: only what happened, or what is the case now, dates a page. The cue
 * words are in data/date-cues.tsv.
 */
import { alternation, dateCues, type DateCueKind } from "../lexicon/lexicon.js";

const cuePatterns = new Map<DateCueKind, RegExp>();

/** A (cached, non-global) pattern matching any cue word of one kind of data/date-cues.tsv. */
export function cuePattern(kind: DateCueKind): RegExp {
  let re = cuePatterns.get(kind);
  if (!re) {
    re = alternation(dateCues(kind), "u");
    cuePatterns.set(kind, re);
  }
  return re;
}

/** Characters that end a clause: cues of the future count only within the clause of the date. */
const CLAUSE_BREAK = /[。！？；，,;!?\n]/u;
/** How far after a year a plan word still belongs to it (「2025年|度工作思路」 is five characters). */
const PLAN_REACH = 6;

/** The clause text before a mention (back to the previous clause break). */
function clauseBefore(text: string, start: number): string {
  let i = start;
  while (i > 0 && !CLAUSE_BREAK.test(text[i - 1]!)) i--;
  return text.slice(i, start);
}

/** The few characters after a mention, cut at the next clause break. */
function phraseAfter(text: string, end: number): string {
  const after = text.slice(end, end + PLAN_REACH);
  const cut = after.search(CLAUSE_BREAK);
  return cut < 0 ? after : after.slice(0, cut);
}

/**
 * True when the mention at [start, end) is about the future: a forecast or plan word earlier in its
 * clause (「预计2025年…」「将于12月10日…」), or a plan word right after it (「2025年度工作思路」).
 */
export function isFutureMention(text: string, start: number, end: number): boolean {
  return cuePattern("future").test(clauseBefore(text, start)) || cuePattern("plan").test(phraseAfter(text, end));
}

/** True when the time word at [start, end) is a time limit (「到年底」「年底前」), not the page's own time. */
export function isDeadline(text: string, start: number, end: number): boolean {
  const before = new RegExp(`(?:${cuePattern("deadline").source})$`, "u");
  const after = new RegExp(`^(?:${cuePattern("deadline-end").source})`, "u");
  return before.test(text.slice(Math.max(0, start - 4), start)) || after.test(text.slice(end, end + 4));
}
