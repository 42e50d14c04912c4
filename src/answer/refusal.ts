/**
 * An honest refusal: says what is missing only when the question names something that occurs nowhere
 * in the corpus, and offers the nearest articles (by headline) that the reader can ask about instead.
 */
import { SENTENCE_FEATURES } from "./features.js";
import { functionPattern } from "../lexicon/lexicon.js";
import type { QuestionAnalysis } from "../question/analyse.js";
import { searchTokens } from "../text/tokenizer.js";
import type { Citations } from "./citations.js";
import { type EvidenceContext, type Sentence } from "./evidence.js";
import { highlightRanges } from "./highlight.js";
import { quotedHeadline } from "./source-name.js";

const COVERAGE = SENTENCE_FEATURES.indexOf("coverage");
const REFUSAL = "抱歉，现有报道中没有找到这个问题的答案。";
/** What 「更多」 says when everything that supports the answer has been shown. */
export const NO_MORE = "关于这个问题，没有找到更多相关报道了。";

let furniture: RegExp | undefined;

/** A headline worth offering (page furniture such as 「原标题」「近日」「7-24 10」 is not). */
function offerable(title: string): boolean {
  furniture ??= new RegExp(`^(?:${functionPattern("page-furniture")}|\\d)`, "u");
  return title.length >= 6 && !furniture.test(title) && !/[电讯][（(]|日电|…$/u.test(title);
}

/** The question's named things that occur nowhere in the corpus (no word of them, searched as the index searches, is in any passage). */
function absentNames(q: QuestionAnalysis, ctx: EvidenceContext): string[] {
  const names = q.entities
    .filter((e) => e.kind !== "date" && e.kind !== "figure")
    .map((e) => e.text)
    .filter((name) => {
      const pieces = searchTokens(name).filter((w) => w.length >= 2 || /[a-z0-9]/iu.test(w));
      return pieces.length > 0 && pieces.every((w) => ctx.df(w) === 0);
    });
  return [...new Set(names)];
}

/**
 * The question's subject that the nearest articles do name, when it has one: a near miss is told as
 * what was found and what was not (「报道提到了叁零陆动力部件，但没有说它的董事长是谁。」).
 */
function nearMiss(q: QuestionAnalysis, sentences: readonly Sentence[]): string | undefined {
  const named = q.entities.filter((e) => e.kind !== "date" && e.kind !== "figure" && e.text.length >= 2);
  const read = sentences
    .slice(0, 30)
    .map((s) => s.lower)
    .join("\n");
  const subject = named.find((e) => read.includes(e.text.toLowerCase()));
  if (!subject) return undefined;
  const asked = q.text.replace(/^(请问|那么?|那)/u, "").replace(/[？?！!。\s]+$/u, "");
  const name = asNamedIn(q, subject.text, read);
  // 「它」 stands for a thing the question opens with (「它的董事长是谁」); elsewhere the question is kept
  // as asked (「没有说在芝加哥的枪击事件中，男孩被谁拘捕」, not 「在它的枪击事件中」)
  const rest = subject.kind !== "person" && asked.startsWith(name) ? `它${asked.slice(name.length)}` : asked;
  return `报道提到了${name}，但没有说${rest}。`;
}

/** Tags of the words a name is made of (nouns, names, abbreviations, foreign words, numbers). */
const NAME_PART = /^(n|nr|ns|nt|nz|ng|nrt|nrfg|j|eng|x|m)$/u;

/**
 * The subject as the question writes it, as far as the articles write it too: the question's
 * 「叁零陆动力部件」 rather than the 「叁零陆」 that was recognised in it (else 「没有说它动力部件…」) —
 * grown by the question's own words that are parts of a name, never into 「当前」「国内」「在」「的」.
 */
function asNamedIn(q: QuestionAnalysis, subject: string, read: string): string {
  const at = q.text.indexOf(subject);
  if (at < 0) return subject;
  const tokens = q.tokens;
  let first = tokens.findIndex((t) => t.start + t.word.length > at);
  let last = tokens.findIndex((t) => t.start + t.word.length >= at + subject.length);
  if (first < 0 || last < 0) return subject;
  const text = (from: number, to: number): string => q.text.slice(tokens[from]!.start, tokens[to]!.start + tokens[to]!.word.length);
  const named = (i: number): boolean => NAME_PART.test(tokens[i]!.tag) && !/^[\p{P}\s]+$/u.test(tokens[i]!.word);
  if (!read.includes(text(first, last).toLowerCase())) return subject;
  while (last + 1 < tokens.length && named(last + 1) && read.includes(text(first, last + 1).toLowerCase())) last++;
  while (first > 0 && named(first - 1) && read.includes(text(first - 1, last).toLowerCase())) first--;
  return text(first, last);
}

export function refusal(q: QuestionAnalysis, sentences: readonly Sentence[], ctx: EvidenceContext, cites: Citations, noMore?: string): string {
  const missing = absentNames(q, ctx);
  let answer = noMore ?? REFUSAL;
  if (!noMore && missing.length) answer = `抱歉，现有报道中没有关于「${missing.join("、")}」的内容，无法回答这个问题。`;
  else if (!noMore) answer = nearMiss(q, sentences) ?? answer;
  const offers: string[] = [];
  const seen = new Set<string>();
  for (const s of sentences) {
    if (offers.length >= 2) break;
    if (seen.has(s.docId) || !offerable(s.hit.title) || s.features[COVERAGE]! < 0.3) continue;
    seen.add(s.docId);
    const n = cites.cite(s);
    const src = cites.sources[n - 1]!;
    // The headline is quoted in the excerpt so that every figure the refusal shows is in a source. The
    // offers are named by headline only: a refusal claims nothing, so it cites nothing.
    src.excerpt = `${quotedHeadline(s.hit.doc)}${src.excerpt}`;
    src.highlights = highlightRanges(
      src.excerpt,
      q.words.map((w) => w.word),
    );
    offers.push(quotedHeadline(s.hit.doc));
  }
  if (offers.length) answer += `\n相近的报道有：${offers.join("、")}，可以换个问法问问其中的内容。`;
  return answer;
}
