/**
 * The example questions under /start: three articles that are about different things, so that the
 * three buttons read as three different questions (over the seed pages the three longest articles
 * were 「沈东专题调研…」 three times). Articles come from the library's candidates (headlined, longest
 * first, one per source first); an article whose headline is too like one already picked (the same
 * opening, or a run of three Chinese characters in common: 「沈东专题调研」, 「区政协」) waits until
 * nothing else is left. The question itself is `exampleQuestion` (keyboards.ts), asked again from the
 * article when the button is pressed.
 */
import type { ArticleView, Library } from "../engine/library.js";
import { exampleQuestion } from "./keyboards.js";

/** How many example questions /start offers. */
const EXAMPLE_COUNT = 3;
/** How many of the library's candidates are considered. */
const CANDIDATES = 24;
/** A run of this many Chinese characters in common makes two headlines alike. */
const COMMON_RUN = 3;

const han = (s: string): string => s.replace(/[^\p{Script=Han}]/gu, "");

/** Whether two headlines say much the same (the same opening, or a run of Chinese characters in common). */
function alikeHeadlines(a: string, b: string): boolean {
  const x = han(a);
  const y = han(b);
  if (x.length >= 2 && x.slice(0, 2) === y.slice(0, 2)) return true;
  for (let i = 0; i + COMMON_RUN <= x.length; i++) if (y.includes(x.slice(i, i + COMMON_RUN))) return true;
  return false;
}

/** The articles of the example questions: different articles, about different things where the library allows. */
export function pickExamples(library: Library, count = EXAMPLE_COUNT): ArticleView[] {
  const candidates = library.examples(CANDIDATES);
  const picked: ArticleView[] = [];
  const sources = new Set<string>();
  const take = (d: ArticleView): void => void (picked.push(d), sources.add(d.source));
  const unlike = (d: ArticleView): boolean => !picked.includes(d) && !picked.some((p) => alikeHeadlines(p.title, d.title));
  // first articles of sources not yet picked, then any, each unlike those picked
  for (const d of candidates) if (picked.length < count && !sources.has(d.source) && unlike(d)) take(d);
  for (const d of candidates) if (picked.length < count && unlike(d)) take(d);
  // a small library: alike articles rather than fewer examples, but never the same question twice
  for (const d of candidates) if (picked.length < count && !picked.includes(d) && !picked.some((p) => exampleQuestion(p) === exampleQuestion(d))) take(d);
  return picked;
}
