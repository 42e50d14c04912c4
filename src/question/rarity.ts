/**
 * How rare a word is, which decides how much it weighs in a question: the index's own IDF, blended
 * with the IDF of a large body of news (data/background-idf.tsv). A small index (the two seed pages
 * are 48 passages) cannot tell an everyday word (地方, 单位, 要求) from a rare one; the smaller the
 * index, the more the background decides — an index of PRIOR_PASSAGES passages weighs half.
 */
import { backgroundRarity } from "../lexicon/lexicon.js";

/** Passages at which the index's own IDF and the background's weigh the same (a choice, not fit). */
const PRIOR_PASSAGES = 2000;

export interface LocalRarity {
  idf(word: string): number;
  df(word: string): number;
  /** Passages in the index. */
  passages(): number;
  /** The IDF of a word the index does not have. */
  absentIdf(): number;
}

/** How rare a word is in the background news (a word too rare to be listed gets the listed words' highest IDF). */
export function backgroundIdf(word: string): number | undefined {
  const bg = backgroundRarity();
  return bg.passages ? (bg.idf.get(word.toLowerCase()) ?? bg.unlisted) : undefined;
}

export function blendedIdf(local: LocalRarity, word: string): number {
  if (local.df(word) === 0) return local.absentIdf();
  const bg = backgroundRarity();
  if (!bg.passages) return local.idf(word);
  const n = local.passages();
  const share = n / (n + PRIOR_PASSAGES);
  const background = bg.idf.get(word.toLowerCase()) ?? bg.unlisted;
  return share * local.idf(word) + (1 - share) * background;
}
