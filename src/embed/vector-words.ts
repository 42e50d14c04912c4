/**
 * The words of a text as the word vectors see them, in training and at run time alike: the project's
 * search tokens (nodejieba, the user dictionary, lower-cased, stop-words and punctuation dropped)
 * reduced to plain words (sub-words of search mode removed), keeping words with a letter in them.
 */
import { wordsOfSearchTokens } from "./hashing.js";
import { searchTokens } from "../text/tokenizer.js";

const HAS_LETTER = /[\p{Script=Han}a-z]/u;

export function vectorWords(text: string): string[] {
  return wordsOfSearchTokens(searchTokens(text)).filter((w) => HAS_LETTER.test(w));
}
