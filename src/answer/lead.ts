/**
 * The lead sentence: the question said back as a statement, its wh-phrase replaced by the answer span
 * (「叁零陆的总经理是谁」→「叁零陆的总经理是秦金玉」). Written only for a confident span (the caller
 * decides), and only when the result reads as one well-formed sentence; otherwise there is no lead and
 * the reply opens with the cited sentence itself.
 */
import { functionPattern, lexicon } from "../lexicon/lexicon.js";
import type { QuestionAnalysis } from "../question/analyse.js";
import { findWh } from "../question/wh.js";
import { saysTwice } from "../text/repeats.js";
import type { Span } from "./spans.js";

/** A lead is one line a phone shows whole (shared/spec/quality.md counts a first line of at most 60 characters). */
const MAX_LEAD = 60;

/** What follows the wh-word and goes with it: the unit of a number question, or the noun the span ends with. */
function consumedAfterWh(q: QuestionAnalysis, span: Pick<Span, "shown" | "kind">): string {
  const after = q.text.slice(q.whAt + q.wh.length);
  if (span.kind === "figure" || (q.type === "number" && /\d/u.test(span.shown))) {
    const lex = lexicon();
    const words = [q.unit, q.classifier, ...lex.moneyWords, ...(q.whNoun && span.shown.endsWith(q.whNoun) ? [q.whNoun] : [])]
      .filter((w): w is string => Boolean(w))
      .sort((a, b) => b.length - a.length);
    const hasUnit = /[^\d.\s~～%‰至到—-]$/u.test(span.shown) || /[%‰]$/u.test(span.shown);
    const word = words.find((w) => after.startsWith(w));
    if (!word) return "";
    // 「多少亿元」 answered by 「14.3」 keeps its unit; answered by 「14.3亿元」 it does not repeat it.
    return hasUnit || span.shown.endsWith(word) ? word : "";
  }
  // 「哪个美国官员」 answered by 「沙利文」, 「什么选举」 by 「地方选举」: the answer stands for the noun too.
  if (q.whNoun && q.type !== "when" && after.startsWith(q.whNoun)) return q.whNoun;
  if (q.whNoun && q.type !== "when" && after.startsWith(`的${q.whNoun}`)) return `的${q.whNoun}`;
  return "";
}

/** The span without what the question already says right before the wh-phrase (「超过多少辆」+「超过20万辆」→「20万辆」). */
function withoutRepeat(before: string, text: string): string {
  for (let k = Math.min(4, text.length - 1); k >= 1; k--) {
    const head = text.slice(0, k);
    if (/^\p{Script=Han}+$/u.test(head) && before.endsWith(head)) return text.slice(k);
  }
  return text;
}

let joins: { copula: RegExp; copulaEnd: RegExp; locative: RegExp; approximate: RegExp } | undefined;
const joinWords = (): NonNullable<typeof joins> =>
  (joins ??= {
    copula: new RegExp(`^(?:${functionPattern("copula")})(?=.)`, "u"),
    copulaEnd: new RegExp(`(?:${functionPattern("copula")})$`, "u"),
    locative: new RegExp(`^(?:${functionPattern("locative")})`, "u"),
    approximate: new RegExp(`^(?:${functionPattern("approximate")})`, "u"),
  });

/**
 * The answer as a lead says it after the words before the wh-phrase: without a copula of its own
 * (「自动化率是」+「达到70%」→「自动化率是70%」), with a qualifier taking the copula's place
 * (「建筑面积有」+「约11.8万平方米」→「建筑面积约11.8万平方米」), and a place with its own locative
 * word instead of the question's 在 (「在哪里」+「位于湖塘科技产业园」→「位于湖塘科技产业园」).
 */
function joined(before: string, text: string, prep: string): { before: string; value: string } {
  const { copula, copulaEnd, locative, approximate } = joinWords();
  if (prep && locative.test(text)) return { before, value: text };
  const bare = text.replace(copula, "");
  if (approximate.test(bare)) return { before: before.replace(copulaEnd, ""), value: bare };
  return { before, value: `${prep && !bare.startsWith(prep) ? prep : ""}${bare}` };
}

/** A wh-phrase left in a lead makes it a question still (「几个月前」 is a time, not a question). */
function stillAsks(text: string): boolean {
  const left = findWh(text);
  if (!left.wh) return false;
  return !(left.type === "number" && /^个?(月|天|年|周|星期|小时)(前|后|以来|之前|之后)/u.test(text.slice(left.at + left.wh.length)));
}

/** The lead for a span, or undefined when the question cannot be said back with it. */
export function writeLead(q: QuestionAnalysis, span: Pick<Span, "shown" | "kind">): string | undefined {
  if (!q.wh || q.whAt < 0) return undefined;
  const consumed = consumedAfterWh(q, span);
  // 「在哪里揭牌」→「在常州科教城揭牌」: a locative wh-phrase keeps its preposition.
  const prep = /^(在|位于|于|到|去|来自|从)/u.exec(q.wh)?.[1] ?? "";
  const { before, value } = joined(q.text.slice(0, q.whAt), withoutRepeat(q.text.slice(0, q.whAt), span.shown), prep);
  const text = value.replace(/^(在|位于|于|到|去|来自|从)/u, "") || value;
  let lead = before + value + q.text.slice(q.whAt + q.wh.length + consumed.length);
  lead = lead
    .replace(/^(请问|那么?|那|是)/u, "")
    .replace(/(吗|呢|啊|呀)?[？?！!。.\s]*$/u, "")
    .trim();
  // Too long for one line: the clauses before the one that holds the answer go (「2019年9月27日，…」).
  while (lead.length > MAX_LEAD && /[，,]/u.test(lead.slice(0, Math.max(0, lead.indexOf(text))))) lead = lead.slice(lead.search(/[，,]/u) + 1).trim();
  // The question may have said the answer's kind twice (「…结果是阳性」): a lead is one claim, plainly.
  if (!lead || lead.length > MAX_LEAD || lead.split(text).length !== 2) return undefined;
  if (stillAsks(lead.replace(text, "，"))) return undefined;
  // a word of the answer that the question says again next to it (「入驻了企业12家企业」) is a slip, not a claim
  if (saysTwice(lead, q.text, 2)) return undefined;
  return `${lead}。`;
}
