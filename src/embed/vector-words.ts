/**
 * The words of a text as the word vectors see them, in training and at run time alike: the project's
 * search tokens (nodejieba, the user dictionary, lower-cased, stop-words and punctuation dropped)
 * reduced to plain words (sub-words of search mode removed). Numbers stay: 「2021」「8月」 tell dates and
 * figures apart.
 */
import { wordsOfSearchTokens } from "./hashing.js";
import { searchTokens } from "../text/tokenizer.js";

export function vectorWords(text: string): string[] {
  return wordsOfSearchTokens(searchTokens(text));
}
