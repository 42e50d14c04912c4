/**
 * Checks an LLM answer before it is shown: it must cite, every [n] must name a given excerpt,
 * every sentence must carry a citation, and every figure and organisation/person name in a
 * sentence must occur in the excerpts that sentence cites. Anything else is rejected (and the
 * extractive answer is shown instead).
 */
import { organisationsIn, personsByPattern } from "../answer/kinds.js";
import { normaliseText } from "../question/normalise.js";
import { tagged } from "../question/tokens.js";
import { REFUSAL_MARK, type Excerpt } from "./prompt.js";

export type CheckResult = { ok: true; cited: number[] } | { ok: false; refusal: boolean; reason: string };

const CITE = /\[(\d{1,2})\]/gu;
const squash = (s: string): string => normaliseText(s).replace(/\s+/gu, "");

/** Splits into sentences, keeping citations that follow the end mark with their sentence. */
export function citedSentences(text: string): string[] {
  const out: string[] = [];
  const re = /[^。！？!?\n]+(?:[。！？!?]+)?(?:\s*\[\d{1,2}\])*/gu;
  for (const m of text.matchAll(re)) {
    const s = m[0].trim();
    if (s.replace(/[\s\p{P}]/gu, "").length >= 2) out.push(s);
  }
  return out;
}

export function checkAnswer(answer: string, excerpts: Excerpt[]): CheckResult {
  const text = answer.trim();
  if (text.includes(REFUSAL_MARK)) return { ok: false, refusal: true, reason: "the model says the excerpts do not answer" };
  if (!text) return { ok: false, refusal: false, reason: "empty answer" };
  if (text.length > 1500) return { ok: false, refusal: false, reason: "answer too long" };
  const byN = new Map(excerpts.map((e) => [e.n, squash(e.text)]));
  const cited = new Set<number>();
  for (const sentence of citedSentences(text)) {
    const ns = [...sentence.matchAll(CITE)].map((m) => Number(m[1]));
    if (!ns.length) {
      // Headings such as 「答：」 or list bullets without content are fine; claims are not.
      if (/[\p{Script=Han}A-Za-z0-9]{4,}/u.test(sentence.replace(/[（(][^)）]*[)）]/gu, ""))) {
        return { ok: false, refusal: false, reason: `a sentence has no citation: ${sentence.slice(0, 40)}` };
      }
      continue;
    }
    const bad = ns.find((n) => !byN.has(n));
    if (bad !== undefined) return { ok: false, refusal: false, reason: `cites [${bad}], which is not a given excerpt` };
    ns.forEach((n) => cited.add(n));
    const support = ns.map((n) => byN.get(n)!).join("\n");
    const claim = squash(sentence.replace(CITE, ""));
    for (const m of claim.matchAll(/\d+(?:\.\d+)?(?:%|万|亿|千|百)?/gu)) {
      // The same number, not part of a longer one (「20」 is not in 「2025」).
      const fig = m[0];
      const re = new RegExp(`(?<![\\d.])${fig.replace(/[.%]/gu, "\\$&")}(?![\\d])`, "u");
      if (!re.test(support)) return { ok: false, refusal: false, reason: `figure ${fig} is not in the cited excerpts` };
    }
    const people = tagged(claim)
      .filter((t) => /^(nr|nrt)$/u.test(t.tag) && t.word.length >= 2)
      .map((t) => t.word);
    const names = [...organisationsIn(claim), ...personsByPattern(claim)].map((f) => f.text);
    for (const name of [...names, ...people]) {
      if (!support.includes(name)) return { ok: false, refusal: false, reason: `name ${name} is not in the cited excerpts` };
    }
  }
  if (!cited.size) return { ok: false, refusal: false, reason: "no citation" };
  return { ok: true, cited: [...cited] };
}
