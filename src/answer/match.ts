/**
 * How far a text holds a question word: 1 for the word itself or another name of the same thing
 * (aliases, curated or mined), a little less for an everyday synonym, less for a narrower word
 * (新能源 → 液流电池), the share of its sub-words for a compound, and the share of its character pairs
 * for a name the segmenter splits. Built once per question; every sentence is matched through it.
 */
import type { ContentWord } from "../question/analyse.js";
import { searchTokens } from "../text/tokenizer.js";

/** Credit of each kind of match (a word typed counts 1). */
const CREDIT = { synonym: 0.85, narrower: 0.6, subword: 0.7, pairs: 0.8 };

interface Prepared {
  word: ContentWord;
  exact: string[];
  synonyms: string[];
  narrower: string[];
  subwords: string[];
  pairs: string[];
}

export interface WordHit {
  degree: number;
  /** Where the best form occurs in the text (-1 when only sub-words or pairs match). */
  at: number;
  length: number;
}

/** The degree from which a word counts as present (the word itself is 1; a partial match of its characters is less). */
export const PRESENT = 0.5;

export class WordMatcher {
  private readonly prepared: Prepared[];

  constructor(readonly words: readonly ContentWord[]) {
    this.prepared = words.map((w) => {
      const lower = w.word.toLowerCase();
      const subwords = [...new Set(searchTokens(w.word).filter((s) => s !== lower && s.length >= 2))];
      const pairs: string[] = [];
      if (!subwords.length && w.word.length >= 3) for (let i = 0; i + 2 <= w.word.length; i++) pairs.push(lower.slice(i, i + 2));
      return {
        word: w,
        exact: [lower, ...w.forms.filter((f) => !/^\p{Script=Han}$/u.test(f)).map((f) => f.toLowerCase())],
        synonyms: w.synonyms.map((f) => f.toLowerCase()),
        narrower: w.narrower.map((n) => n.toLowerCase()),
        subwords,
        pairs,
      };
    });
  }

  /** How well `lowerText` (lower-cased) holds word `i`, and where. */
  hit(lowerText: string, i: number): WordHit {
    const p = this.prepared[i]!;
    for (const form of p.exact) {
      const at = lowerText.indexOf(form);
      if (at >= 0) return { degree: 1, at, length: form.length };
    }
    for (const form of p.synonyms) {
      const at = lowerText.indexOf(form);
      if (at >= 0) return { degree: CREDIT.synonym, at, length: form.length };
    }
    let best: WordHit = { degree: 0, at: -1, length: 0 };
    for (const form of p.narrower) {
      const at = lowerText.indexOf(form);
      if (at >= 0) {
        best = { degree: CREDIT.narrower, at, length: form.length };
        break;
      }
    }
    if (p.subwords.length) {
      let got = 0;
      let at = -1;
      for (const s of p.subwords) {
        const i2 = lowerText.indexOf(s);
        if (i2 >= 0) {
          got++;
          if (at < 0) at = i2;
        }
      }
      const degree = (CREDIT.subword * got) / p.subwords.length;
      if (degree > best.degree) best = { degree, at, length: 0 };
    } else if (p.pairs.length) {
      let got = 0;
      for (const s of p.pairs) if (lowerText.includes(s)) got++;
      const degree = (CREDIT.pairs * got) / p.pairs.length;
      if (degree > best.degree) best = { degree, at: -1, length: 0 };
    }
    return best;
  }

  degree(lowerText: string, i: number): number {
    return this.hit(lowerText, i).degree;
  }

  /** Whether question word i is in the text, itself or as well as a form or synonym says it. */
  present(lowerText: string, i: number): boolean {
    return this.degree(lowerText, i) >= PRESENT;
  }
}
