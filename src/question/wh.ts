/**
 * What a question asks for: its type (data/question-words.tsv), the wh-phrase as it stands in the
 * question, the noun the wh-word governs (「什么选举」→ 选举, 「哪家集团」→ 集团), the unit or classifier
 * a number question names (「多少美元」, 「几处」), whether it wants a rate, and the role it asks about.
 */
import { alternation, lexicon, lexiconPattern, type QuestionType } from "../lexicon/lexicon.js";
import { segment } from "../text/tokenizer.js";

export interface WhPhrase {
  type: QuestionType;
  /** The wh-phrase as it occurs in the text ("" when none). */
  wh: string;
  /** Where it starts in the text (-1 when none). */
  at: number;
}

let phrasePattern: RegExp | undefined;
let phraseType: Map<string, { type: QuestionType; priority: number }> | undefined;

function phrases(): { re: RegExp; byPhrase: Map<string, { type: QuestionType; priority: number }> } {
  if (!phrasePattern || !phraseType) {
    phraseType = new Map();
    for (const p of lexicon().questionPhrases) {
      const have = phraseType.get(p.phrase);
      if (!have || p.priority < have.priority) phraseType.set(p.phrase, { type: p.type, priority: p.priority });
    }
    phrasePattern = alternation(phraseType.keys(), "uy");
  }
  return { re: phrasePattern, byPhrase: phraseType };
}

/**
 * The question's type and wh-phrase. Every occurrence of a question phrase is found (the longest at
 * each position); an occurrence inside a longer one does not count; of the rest, the type listed
 * first in data/question-words.tsv wins, then the earliest occurrence.
 */
/** Where the segmenter's words of a text start. */
function wordStarts(text: string): Set<number> {
  const out = new Set<number>();
  let at = 0;
  for (const w of segment(text)) {
    out.add(at);
    at += w.length;
  }
  return out;
}

export function findWh(text: string): WhPhrase {
  const { re, byPhrase } = phrases();
  const found: Array<{ phrase: string; at: number; priority: number; type: QuestionType }> = [];
  let starts: Set<number> | undefined;
  for (let i = 0; i < text.length; i++) {
    re.lastIndex = i;
    const m = re.exec(text);
    if (!m) continue;
    // 「具有什么形状」「拥有哪些」: a 有 inside another verb opens no 「有什么」 (the wh-word after it still counts)
    if (m[0].startsWith("有") && !(starts ??= wordStarts(text)).has(i)) continue;
    const info = byPhrase.get(m[0])!;
    found.push({ phrase: m[0], at: i, ...info });
  }
  const maximal = found.filter(
    (f) => !found.some((g) => g !== f && g.at <= f.at && g.at + g.phrase.length >= f.at + f.phrase.length && g.phrase.length > f.phrase.length),
  );
  maximal.sort((a, b) => a.priority - b.priority || a.at - b.at);
  const best = maximal[0];
  return best ? { type: best.type, wh: best.phrase, at: best.at } : { type: "what", wh: "", at: -1 };
}

/** The unit or classifier named right after the wh-word of a number question (「多少美元」→ 美元, 「几处」→ 处). */
export function unitAfter(text: string, wh: WhPhrase): { unit: string; classifier: string } {
  if (wh.type !== "number" || wh.at < 0) return { unit: "", classifier: "" };
  const lex = lexicon();
  // 「几处」: the classifier is part of the wh-phrase itself.
  const inWh = lex.countUnits.find((u) => wh.wh.length > 1 && wh.wh.startsWith("几") && wh.wh.slice(1) === u);
  if (inWh) return { unit: "", classifier: inWh };
  const after = text.slice(wh.at + wh.wh.length);
  const measure = lexiconPattern("measureUnits");
  const count = lexiconPattern("countUnits");
  const m = new RegExp(`^(?:${measure.source})`, "u").exec(after);
  if (m) return { unit: m[0], classifier: m[0] };
  const c = new RegExp(`^(?:${count.source})`, "u").exec(after);
  return { unit: "", classifier: c?.[0] ?? "" };
}

/** Whether a number question asks for a rate or share (增长率, 比例, 占比 …). */
export function wantsRate(text: string, wh: WhPhrase, unit: string): boolean {
  return wh.type === "number" && !unit && lexiconPattern("rateWords").test(text);
}

/** The role title a question names (「副主任有哪些人」→ 副主任), if any. */
export function roleIn(text: string): string | undefined {
  return lexiconPattern("roles").exec(text)?.[0];
}

/** A wh-phrase that is a determiner (哪个, 有哪些, 什么, 何种, 几个) — not 为什么, 如何, 什么时候, 多少. */
const DETERMINER = /^(?:有|在|是)?(?:哪|什么|何|几)(?:一|两|三|几)?[个位家种些支所类款项名座条场部届批]?$/u;

/**
 * The noun phrase right after the wh-word that the answer replaces along with it: 「什么选举」 is
 * answered by 「地方选举」, 「哪家集团」 by 「滨湖集团」, 「哪位世卫组织官员」 by 「谭德塞」. Up to four
 * tokens of nouns (and the verbs and adjectives inside a noun phrase), ending with a noun.
 */
export function governedNoun(tokens: ReadonlyArray<{ word: string; tag: string; start: number }>, wh: WhPhrase): string {
  // Only a determiner governs a noun (哪个, 哪位, 什么, 何种, 几个); 谁, 哪里, 什么时候, 多少 stand alone.
  if (wh.at < 0 || !DETERMINER.test(wh.wh)) return "";
  const end = wh.at + wh.wh.length;
  let i = tokens.findIndex((t) => t.start + t.word.length > end);
  if (i < 0) return "";
  const parts: Array<{ word: string; tag: string }> = [];
  // 「哪些项目」 can be one token: the part after the wh-phrase is the noun.
  const straddling = tokens[i]!;
  if (straddling.start < end) {
    parts.push({ word: straddling.word.slice(end - straddling.start), tag: "n" });
    i++;
  }
  for (; i < tokens.length && parts.length < 4; i++) {
    const t = tokens[i]!;
    const opens = parts.length === 0;
    const next = tokens[i + 1];
    // 「什么选举？」: a verb at the end of the question is used as a noun.
    const endsQuestion = !next || /^[\p{P}\s]+$/u.test(next.word) || /^(uj|ul|y)$/u.test(next.tag);
    const nounNext = /^n/u.test(next?.tag ?? "");
    if (/^(n|j|eng)/u.test(t.tag) || (opens && /^(a|b)$/u.test(t.tag)) || (/^v/u.test(t.tag) && (nounNext || (opens && endsQuestion)))) parts.push(t);
    else break;
  }
  // It ends with a noun, or is one verb used as a noun at the end of the question.
  while (parts.length > 1 && !/^(n|j|eng)/u.test(parts.at(-1)!.tag)) parts.pop();
  if (parts.length === 1 && /^(a|b)$/u.test(parts[0]!.tag)) parts.pop();
  const noun = parts.map((p) => p.word).join("");
  return noun.length <= 8 ? noun : "";
}
