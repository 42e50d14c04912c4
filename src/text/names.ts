/**
 * What kind of thing a name is: a person (surnames of data/surnames.txt, foreign names with ·), an
 * organisation, a place or a project (by how it ends: data/name-suffixes.tsv). Shared by the question
 * analysis (the entities a reader names), the answerer (the spans it offers) and the LLM checks.
 */
import { lexicon } from "../lexicon/lexicon.js";

export type NameKind = "person" | "organisation" | "place" | "project" | "event";

/** Foreign names transcribed with a middle dot: 乔·沃尔什, 琳达·亚卡里诺. */
export const FOREIGN_NAME = /\p{Script=Han}{1,6}(?:[·•・]\p{Script=Han}{1,8})+/gu;

/** A Chinese personal name: a surname and one or two characters (three after a compound surname). */
export function looksLikeChineseName(s: string): boolean {
  if (s.length < 2 || s.length > 4 || !/^\p{Script=Han}+$/u.test(s)) return false;
  const lex = lexicon();
  if (lex.compoundSurnames.some((c) => s.startsWith(c))) return s.length >= 3;
  return lex.surnames.has(s[0]!) && s.length <= 3;
}

/** The kind a name's ending gives it (「滨湖集团」 organisation, 「湖塘科技产业园」 place), if any. */
export function kindBySuffix(name: string): Exclude<NameKind, "person"> | undefined {
  for (const { kind, suffix } of lexicon().nameSuffixes) if (name.length > suffix.length && name.endsWith(suffix)) return kind;
  return undefined;
}

/** The kind nodejieba's part-of-speech tag gives a token, if it names something. */
export function kindByTag(tag: string): NameKind | "other" | undefined {
  if (tag === "nr" || tag === "nrt" || tag === "nrfg") return "person";
  if (tag === "nt") return "organisation";
  if (tag === "ns") return "place";
  if (tag === "nz" || tag === "eng" || tag === "j") return "other";
  return undefined;
}
