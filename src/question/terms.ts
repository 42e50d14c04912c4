/**
 * The search terms of a question: its tokens (jieba search mode, stop-words and question words out),
 * with the other names of any alias group it mentions at a lower weight, and the narrower words of a
 * broad word it uses (新能源 → 液流电池, TOPCon) lower still. Retrieval ranks with these.
 */
import { relatedTerms, type AliasTable } from "../lexicon/aliases.js";
import { searchTokens, words } from "../text/tokenizer.js";

export interface WeightedTerm {
  term: string;
  weight: number;
  /**
   * The idea the term stands for: a name and its aliases, or a broad word and its narrower words,
   * share one; a chunk covers the idea when it holds any of them (re-ranking counts ideas, not words).
   */
  concept?: string;
  /** How fully the term stands for its concept (1 for the words typed and aliases, less for narrower words). */
  credit?: number;
}

/** Tokens of a text with weights: each distinct token once, aliases of names in it at a lower weight. */
export function weightedTerms(text: string, aliases?: AliasTable): WeightedTerm[] {
  const terms = new Map<string, WeightedTerm>();
  for (const t of searchTokens(text)) terms.set(t, { term: t, weight: 1 });
  if (!aliases) return [...terms.values()];
  const tag = (form: string, concept: string): void => {
    for (const t of searchTokens(form)) {
      const have = terms.get(t);
      if (have && !have.concept) have.concept = concept;
    }
  };
  for (const { found, others } of aliases.matches(text)) {
    tag(found, found);
    for (const alt of others) {
      // The whole other name stands for the concept; its pieces (产业 of 高新技术产业开发区) hardly do.
      // Plain segmentation (no search-mode sub-words): another name adds its words, not every fragment of them.
      for (const t of words(alt, true)) if (!terms.has(t)) terms.set(t, { term: t, weight: 0.5, concept: found, credit: t === alt.toLowerCase() ? 1 : 0.25 });
    }
  }
  for (const { head, narrower } of relatedTerms().matches(text)) {
    tag(head, head);
    for (const n of narrower) {
      for (const t of searchTokens(n)) if (!terms.has(t)) terms.set(t, { term: t, weight: 0.3, concept: head, credit: t === n.toLowerCase() ? 0.6 : 0.2 });
    }
  }
  return [...terms.values()];
}
