/**
 * Checks an LLM answer before it is shown: it must cite, every [n] must name a given excerpt,
 * every sentence must carry a citation, and everything in a sentence that a reader would take as a
 * fact must occur in the excerpts that sentence cites:
 *   - every figure (「14.3亿元」「20%」) and date (「12月6日」, also in Chinese numerals);
 *   - every link (https://…, www.…, a bare domain) and @handle;
 *   - every word the segmenter tags as a person, place or organisation name or other proper noun,
 *     every word it does not know (Latin words, unknown characters), and the names the answer
 *     patterns find (「…公司」, 「总经理秦金玉」).
 * Dates and counts the product computed itself (「昨天（2024年12月6日，推断）」, 「3篇报道」 in the
 * extractive answer) are checked against that computation instead. Anything else is rejected, and
 * the extractive answer is shown instead.
 */
import { organisationsIn, personsByPattern } from "../answer/kinds.js";
import { patternAlternation } from "../lexicon/lexicon.js";
import { normaliseText } from "../question/normalise.js";
import { tagged, type Token } from "../question/tokens.js";
import { REFUSAL_MARK, type Excerpt } from "./prompt.js";

export type CheckResult = { ok: true; cited: number[] } | { ok: false; refusal: boolean; reason: string };

const CITE = /\[(\d{1,2})\]/gu;
const squash = (s: string): string => arabicDates(normaliseText(s)).replace(/\s+/gu, "");

/** A string as a literal inside a regular expression (RegExp.escape is Node 24+). */
const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\/-]/gu, "\\$&");

const DIGIT: Record<string, string> = { 〇: "0", 零: "0", 一: "1", 二: "2", 三: "3", 四: "4", 五: "5", 六: "6", 七: "7", 八: "8", 九: "9" };

/** 「十二」→ 12, 「二十一」→ 21, 「六」→ 6 (numbers below 40, as months and days are written). */
function smallNumber(s: string): string {
  const m = /^([一二三])?十([一二三四五六七八九])?$/u.exec(s);
  if (!m) return DIGIT[s] ?? s;
  return String(Number(m[1] ? DIGIT[m[1]] : 1) * 10 + Number(m[2] ? DIGIT[m[2]] : 0));
}

/** Dates written in Chinese numerals as digits (「二〇二四年十二月六日」→「2024年12月6日」), so both forms compare. */
function arabicDates(text: string): string {
  return text
    .replace(/([〇零一二三四五六七八九]{4})年/gu, (_m, y: string) => `${[...y].map((c) => DIGIT[c]).join("")}年`)
    .replace(
      /((?:[一二]?十)?[一二三四五六七八九十])月(?:((?:[一二三]?十)?[一二三四五六七八九十])([日号]))?/gu,
      (_m, mo: string, d?: string, unit?: string) => `${smallNumber(mo)}月${d ? `${smallNumber(d)}${unit}` : ""}`,
    );
}

/** Splits into sentences, keeping citations that follow the end mark with their sentence. */
function citedSentences(text: string): string[] {
  const out: string[] = [];
  const re = /[^。！？!?\n]+(?:[。！？!?]+)?(?:\s*\[\d{1,2}\])*/gu;
  for (const m of text.matchAll(re)) {
    const s = m[0].trim();
    if (s.replace(/[\s\p{P}]/gu, "").length >= 2) out.push(s);
  }
  return out;
}

/** The same number, not part of a longer one (「20」 is not in 「2025」, 「20%」 is in 「20%~30%」). */
function hasNumber(text: string, figure: string): boolean {
  return new RegExp(`(?<![\\d.])${escapeRegExp(figure)}(?![\\d])`, "u").test(text);
}

const DATE = /\d{4}年\d{1,2}月\d{1,2}[日号]|\d{4}年\d{1,2}月|\d{1,2}月\d{1,2}[日号]|\d{4}-\d{2}-\d{2}/gu;
let counted: RegExp | undefined;
/** A number with what it counts (「3篇」; data/pattern-words.tsv, counted). */
const countPattern = (): RegExp => (counted ??= new RegExp(`\\d+(?:${patternAlternation("counted")})`, "gu"));
const FIGURE = /\d+(?:\.\d+)?(?:%|万|亿|千|百)?/gu;
const LINK =
  /(?:https?:\/\/|www\.)[^\s，。！？；、“”‘’「」『』（）()<>【】]+|(?<![\w@.])[a-z0-9][a-z0-9-]*(?:\.[a-z0-9-]+)*\.(?:com|cn|net|org|gov|edu|info|io|me|cc|co|tv|top|xyz|site|app|link|ly)\b(?:\/[^\s，。！？；、“”「」（）()<>]*)?/giu;
const HANDLE = /@[A-Za-z0-9_]{3,}/gu;

/** The ways a source's date may be written in an answer: 2024-12-07, 2024年12月7日, 12月7日, 2024年12月. */
function dateForms(iso: string | undefined): string[] {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/u.exec(iso ?? "");
  if (!m) return [];
  const [y, mo, d] = [m[1]!, String(Number(m[2])), String(Number(m[3]))];
  return [iso!, `${y}年${mo}月${d}日`, `${mo}月${d}日`, `${y}年${mo}月`, `${y}年`];
}

/** Person names as the segmenter tags them, a one-character surname joined to the given name after it (王/nr + 大锤 → 王大锤). */
function personNames(tokens: Token[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (!/^nr/u.test(t.tag)) continue;
    if (t.word.length >= 2) {
      out.push(t.word);
      continue;
    }
    const next = tokens[i + 1];
    if (next && /^\p{Script=Han}{1,2}$/u.test(next.word)) {
      out.push(t.word + next.word);
      i++;
    }
  }
  return out;
}

/** Words that stand for something in the world: names of people, places, organisations, other proper nouns, and words the segmenter does not know. */
function namesIn(claim: string): string[] {
  const tokens = tagged(claim);
  const proper = tokens.filter((t) => /^(ns|nt|nz)/u.test(t.tag) && t.word.length >= 2).map((t) => t.word);
  const unknown = tokens.filter((t) => (t.tag === "x" || t.tag === "eng") && /\p{L}/u.test(t.word)).map((t) => t.word);
  const patterns = [...organisationsIn(claim), ...personsByPattern(claim)].map((f) => f.text);
  return [...new Set([...personNames(tokens), ...proper, ...unknown, ...patterns])];
}

const stripTrailing = (link: string): string => link.replace(/[.,;:!?'"）)\]】]+$/u, "");

/** What in one cited sentence is not in its support: a reason, or undefined when everything is there. */
function unsupported(sentence: string, support: string, computed: ReadonlySet<string>): string | undefined {
  const raw = sentence.replace(CITE, "");
  const lower = support.toLowerCase();
  for (const m of raw.matchAll(LINK)) {
    const link = stripTrailing(m[0]);
    if (!lower.includes(link.toLowerCase())) return `link ${link} is not in the cited excerpts`;
  }
  for (const m of raw.matchAll(HANDLE)) if (!lower.includes(m[0].toLowerCase())) return `handle ${m[0]} is not in the cited excerpts`;
  let claim = squash(raw.replace(LINK, " ").replace(HANDLE, " "));
  for (const m of claim.matchAll(DATE)) {
    const date = m[0];
    const dayPart = /(\d{1,2}月\d{1,2}[日号])$/u.exec(date)?.[1];
    const yearPart = /^(\d{4})年/u.exec(date)?.[1];
    const inSupport = support.includes(date) || (dayPart !== undefined && yearPart !== undefined && support.includes(dayPart) && hasNumber(support, yearPart));
    if (!inSupport && !computed.has(date)) return `date ${date} is not in the cited excerpts`;
  }
  claim = claim.replace(DATE, " ");
  for (const m of claim.matchAll(FIGURE)) {
    const figure = m[0];
    if (hasNumber(support, figure)) continue;
    const count = new RegExp(`^${escapeRegExp(figure)}(?:篇|条|个|项|次|家|位|名|天|周|个月|年)`, "u").exec(claim.slice(m.index))?.[0];
    if (count && computed.has(count)) continue;
    return `figure ${figure} is not in the cited excerpts`;
  }
  for (const name of namesIn(claim)) {
    if (!lower.includes(name.toLowerCase())) return `name ${name} is not in the cited excerpts`;
  }
  return undefined;
}

/** The dates and counts the product computed itself (in the extractive answer), which an LLM answer may repeat. */
function computedFacts(computed: string): Set<string> {
  const text = squash(computed);
  return new Set([...text.matchAll(DATE), ...text.matchAll(countPattern())].map((m) => m[0]));
}

/**
 * Checks `answer` against the excerpts the model was given; `computed` is the product's own answer
 * (its dates and counts are computed, not quoted, so they count as support too).
 */
export function checkAnswer(answer: string, excerpts: Excerpt[], computed = ""): CheckResult {
  const text = answer.trim();
  if (text.includes(REFUSAL_MARK)) return { ok: false, refusal: true, reason: "the model says the excerpts do not answer" };
  if (!text) return { ok: false, refusal: false, reason: "empty answer" };
  if (text.length > 1500) return { ok: false, refusal: false, reason: "answer too long" };
  const byN = new Map(excerpts.map((e) => [e.n, [squash(e.title), squash(e.text), ...dateForms(e.date)].join("\n")]));
  const facts = computedFacts(computed);
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
    const reason = unsupported(sentence, ns.map((n) => byN.get(n)!).join("\n"), facts);
    if (reason) return { ok: false, refusal: false, reason };
  }
  if (!cited.size) return { ok: false, refusal: false, reason: "no citation" };
  return { ok: true, cited: [...cited] };
}
