/** A question's tagged segmentation, with each token's offset in the text (computed once per question). */
import nodejieba from "nodejieba";
import { segment } from "../text/tokenizer.js";

export interface Token {
  word: string;
  tag: string;
  start: number;
}

/** nodejieba's part-of-speech tagging with offsets: the tokens cover the text in order. */
export function tagged(text: string): Token[] {
  segment(""); // loads the dictionary (with the project's words) before tagging
  const out: Token[] = [];
  let at = 0;
  for (const { word, tag } of nodejieba.tag(text)) {
    const start = text.indexOf(word, at);
    const pos = start >= 0 ? start : at;
    out.push({ word, tag, start: pos });
    at = pos + word.length;
  }
  return out;
}
