/**
 * The words of a question that point back at something said before (data/pronouns.tsv: 他, 它们, 那里,
 * 当天, 会上…), found once with the question's tokens: the conversation resolves them, and the answer
 * reads a question that still holds one as one that leans on what it does not say.
 */
import { lexicon, type PronounKind } from "../lexicon/lexicon.js";
import type { QuestionAnalysis } from "./analyse.js";

export interface PointingWord {
  word: string;
  kind: PronounKind;
  at: number;
}

/**
 * The word of the question that points back (the longest of data/pronouns.tsv), standing on word
 * boundaries (「该区」 is not in 「该区间」; one-character words only as whole words).
 */
export function pointingWordIn(a: QuestionAnalysis): PointingWord | undefined {
  return pointingWordsIn(a)[0];
}

/**
 * Every word of the question that points back, in order, none inside another: on word boundaries,
 * and 「会上」 only where it opens a clause (in 「研讨会上」 the meeting is named).
 */
export function pointingWordsIn(a: QuestionAnalysis): PointingWord[] {
  const starts = new Set(a.tokens.map((t) => t.start));
  const ends = new Set(a.tokens.map((t) => t.start + t.word.length));
  const found: PointingWord[] = [];
  for (const p of lexicon().pronouns) {
    for (let at = a.text.indexOf(p.word); at >= 0; at = a.text.indexOf(p.word, at + 1)) {
      // (a one-character word that opens a clause counts where the segmenter joined it to the next: 「他作|了」)
      const opensClause = at === 0 || /[\p{P}\s]/u.test(a.text[at - 1]!);
      if (!starts.has(at) || (!ends.has(at + p.word.length) && !(p.word.length === 1 && opensClause))) continue;
      if (p.kind === "event" && p.word.endsWith("上") && at > 0 && /\p{Script=Han}/u.test(a.text[at - 1]!)) continue;
      found.push({ ...p, at });
    }
  }
  found.sort((x, y) => y.word.length - x.word.length);
  const kept: PointingWord[] = [];
  for (const w of found) if (!kept.some((k) => w.at < k.at + k.word.length && k.at < w.at + w.word.length)) kept.push(w);
  return kept.sort((x, y) => x.at - y.at);
}
