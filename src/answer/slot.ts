/**
 * Where in a sentence the answer should stand, found by aligning the question around its wh-phrase
 * with the sentence: the words right before the wh-phrase (L), the noun it governs (N) and the words
 * right after (R). 「北京花千树…因什么被罚款」 against 「…因虚假宣传被…罚款」 puts the answer between 因 and
 * 被; 「哪个热带风暴在路易斯安那州登陆」 against 「热带风暴克里斯托瓦尔在…登陆」 between 热带风暴 and 在.
 */
import type { QuestionAnalysis } from "../question/analyse.js";

export interface Region {
  start: number;
  end: number;
}

/** The most characters an aligned slot may span. */
const MAX_SLOT = 24;
/** Particles that do not anchor anything. */
const SOFT = /^(了|的|是|吗|呢|啊|呀|过|着|都|也|还|又|要|将|会|，|,|\s)+$/u;

/** The anchor words of a question: the one or two tokens before the wh-phrase and after it (and its noun). */
function anchors(q: QuestionAnalysis): { left: string[]; noun: string; right: string[] } {
  const end = q.askedEnd;
  const before = q.tokens.filter((t) => t.start + t.word.length <= q.whAt && !SOFT.test(t.word));
  const after = q.tokens.filter((t) => t.start >= end && !SOFT.test(t.word) && !/^[\p{P}\s]+$/u.test(t.word));
  const left: string[] = [];
  const l1 = before.at(-1);
  const l2 = before.at(-2);
  // Longest first: two tokens (「计划对」), then one (「对」), as they stood in the question.
  const besideWh = l1 !== undefined && l1.start + l1.word.length >= q.whAt - 2;
  if (besideWh && l2 && l2.start + l2.word.length === l1.start) left.push(l2.word + l1.word);
  if (besideWh) left.push(l1.word);
  const right: string[] = [];
  const r1 = after[0];
  const r2 = after[1];
  if (r1 && r1.start <= end + 2) {
    if (r2 && r1.start + r1.word.length === r2.start) right.push(r1.word + r2.word);
    right.push(r1.word);
  }
  return { left: left.map((w) => w.toLowerCase()), noun: q.whNoun.toLowerCase(), right: right.map((w) => w.toLowerCase()) };
}

const clauseEnd = (text: string, from: number): number => {
  const m = /[，,。；;！？!?：:]/u.exec(text.slice(from));
  return m ? from + m.index : text.length;
};
const clauseStart = (text: string, to: number): number => {
  let i = to;
  while (i > 0 && !/[，,。；;！？!?：:]/u.test(text[i - 1]!)) i--;
  return i;
};

function firstOf(lower: string, forms: string[], from = 0): { at: number; end: number } | undefined {
  for (const f of forms) {
    if (!f) continue;
    const at = lower.indexOf(f, from);
    if (at >= 0) return { at, end: at + f.length };
  }
  return undefined;
}

/**
 * The question's predicate: the content words right beside its wh-phrase (「…什么时候【抵达】华盛顿」,
 * 「…【有效期】到什么时候」), which a sentence that answers it usually says too.
 */
export function predicateWords(q: QuestionAnalysis): string[] {
  if (!q.wh || q.whAt < 0) return [];
  const content = new Set(q.words.map((w) => w.word));
  const end = q.whAt + q.wh.length;
  const before = q.tokens.filter((t) => t.start + t.word.length <= q.whAt && content.has(t.word)).at(-1);
  const after = q.tokens.find((t) => t.start >= end && content.has(t.word) && t.word !== q.whNoun);
  return [...new Set([before?.word, after?.word].filter((w): w is string => Boolean(w)))];
}

/** The slot alignment of one question, its anchors computed once for every sentence. */
export class SlotFinder {
  private readonly anchors: { left: string[]; noun: string; right: string[] } | undefined;

  constructor(q: QuestionAnalysis) {
    this.anchors = q.wh && q.whAt >= 0 ? anchors(q) : undefined;
  }

  region(lower: string): Region | undefined {
    return this.anchors ? alignedRegion(lower, this.anchors) : undefined;
  }
}

/**
 * The region of a (lower-cased) sentence where the answer to the question should stand, if the
 * question aligns with it:
 * - L … N (「对什么商品」 against 「对中国输美商品」): the answer ends with the governed noun;
 * - N … R (「哪个热带风暴在」 against 「热带风暴克里斯托瓦尔在」): the answer follows the noun;
 * - L … R, or L to the end of its clause; or the start of R's clause to R.
 */
function alignedRegion(lower: string, { left, noun, right }: { left: string[]; noun: string; right: string[] }): Region | undefined {
  const l = firstOf(lower, left);
  const n = noun ? firstOf(lower, [noun], l?.end ?? 0) : undefined;
  if (l && n && n.at > l.end && n.end - l.end <= MAX_SLOT && clauseEnd(lower, l.end) >= n.end) return { start: l.end, end: n.end };
  const from = n && (!l || n.at === l.end) ? n.end : l?.end;
  if (from !== undefined) {
    const r = firstOf(lower, right, from);
    const limit = Math.min(clauseEnd(lower, from), from + MAX_SLOT);
    if (r && r.at > from && r.at <= limit) return { start: from, end: r.at };
    if (limit > from) return { start: from, end: limit };
  }
  const r = firstOf(lower, right);
  if (r && r.at > 0) {
    const start = Math.max(clauseStart(lower, r.at), r.at - MAX_SLOT);
    if (r.at > start) return { start, end: r.at };
  }
  return undefined;
}
