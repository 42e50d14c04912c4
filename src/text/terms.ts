/**
 * Names mined from the corpus at ingest, so that the segmenter keeps them whole: organisations and
 * places by their suffix (有限公司, 集团, 实验室, 产业园 …), quoted and book-title names (“学习日”,
 * 《…》), short names declared with 「以下简称」 and short names in brackets after their full name.
 * Conservative on purpose: a wrong "word" hurts recall more than a missing one. A name that differs by
 * one character from a more frequent mined name is taken for an OCR slip and left out, so the slip
 * does not become a word of its own; a word the segmenter already knows as a common word (「投资」 in
 * quotes) is no name.
 */
import { patternAlternation } from "../lexicon/lexicon.js";
import type { Article } from "../types.js";
import { isCommonWord } from "./tokenizer.js";

/** The words of data/pattern-words.tsv these patterns are made of, built on first use. */
let patterns: { organisation: RegExp; leadingNoise: RegExp; generic: RegExp } | undefined;
const namePatterns = (): NonNullable<typeof patterns> =>
  (patterns ??= {
    /** A name that ends as an organisation or a place does (「…有限公司」「…产业园」). */
    organisation: new RegExp(`[\\p{Script=Han}A-Za-z0-9]{2,12}?(?:${patternAlternation("organisation-end")})`, "gu"),
    /** Words before a name that are not part of it. */
    leadingNoise: new RegExp(`^(?:${patternAlternation("name-lead")})+`, "u"),
    /** Words that end in an organisation suffix but are generic, not names. */
    generic: new RegExp(`^(?:${patternAlternation("generic-facility")})+(?:${patternAlternation("generic-facility-end")})$`, "u"),
  });
const QUOTED = /[“「"]([\p{Script=Han}A-Za-z0-9]{2,8})[”」"]/gu;
const BOOK = /《([\p{Script=Han}A-Za-z0-9·]{2,12})》/gu;
const ABBREV = /[（(](?:以下|下)?简称[“「"]?([\p{Script=Han}A-Za-z0-9]{2,8})[”」"]?[）)]/gu;
const BRACKETED = /([\p{Script=Han}]{4,16})[（(]([\p{Script=Han}]{2,6})[）)]/gu;

/** True when `short` takes its characters in order from `full`, starting with the same character. */
function abbreviates(short: string, full: string): boolean {
  if (short[0] !== full[0] || short.length >= full.length) return false;
  let i = 0;
  for (const ch of full) if (ch === short[i]) i++;
  return i === short.length;
}

function oneSlipApart(a: string, b: string): boolean {
  if (a.length !== b.length || a.length < 4) return false;
  let diff = 0;
  for (let i = 0; i < a.length && diff < 2; i++) if (a[i] !== b[i]) diff++;
  return diff === 1;
}

export function mineTerms(articles: Iterable<Pick<Article, "title" | "body">>): string[] {
  const counts = new Map<string, number>();
  const { organisation, leadingNoise, generic } = namePatterns();
  const add = (name: string): void => {
    if (name.length < 2 || name.length > 16 || generic.test(name)) return;
    counts.set(name, (counts.get(name) ?? 0) + 1);
  };
  for (const a of articles) {
    const text = `${a.title}\n${a.body}`;
    for (const m of text.matchAll(organisation)) {
      const name = m[0].replace(leadingNoise, "");
      if (name.length >= 4) add(name);
    }
    for (const m of text.matchAll(QUOTED)) add(m[1]!);
    for (const m of text.matchAll(BOOK)) add(m[1]!);
    for (const m of text.matchAll(ABBREV)) add(m[1]!);
    for (const m of text.matchAll(BRACKETED)) {
      const full = m[1]!.replace(leadingNoise, "");
      if (abbreviates(m[2]!, full)) {
        add(full);
        add(m[2]!);
      }
    }
  }
  // Drop one-character OCR slips of a more frequent name (人驻 for 入驻 inside a longer name).
  const byLength = new Map<number, string[]>();
  for (const name of counts.keys()) byLength.set(name.length, [...(byLength.get(name.length) ?? []), name]);
  const out: string[] = [];
  for (const [name, n] of counts) {
    const same = byLength.get(name.length) ?? [];
    const slipOf = same.some((other) => other !== name && (counts.get(other) ?? 0) > n && oneSlipApart(name, other));
    if (!slipOf && !isCommonWord(name)) out.push(name);
  }
  return out.sort();
}
