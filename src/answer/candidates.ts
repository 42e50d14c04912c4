/**
 * Answer candidates of a sentence: every stretch of whole words the segmenter gives (up to
 * MAX_TOKENS words and MAX_CHARS characters, inside at most two clauses) that can start and end a
 * phrase, plus the spans the recognisers of kinds.ts find (figures with units, dates, names of
 * organisations, places and people, titles) where they do not fall on word boundaries. Each carries
 * the kind a recogniser gives it, if any. Which one answers the question is for the fitted model to
 * say (span-features.ts, rank.ts); nothing here judges.
 */
import type { Token } from "../question/tokens.js";
import { kindBySuffix } from "../text/names.js";
import { datesIn, figuresIn, organisationsIn, personsByPattern, placesIn, titlesIn, type Found } from "./kinds.js";

export type SpanKind = "person" | "organisation" | "place" | "figure" | "date" | "title" | "phrase";

export interface Candidate {
  text: string;
  start: number;
  end: number;
  /** The words it is made of: tokens[first] … tokens[last] (first > last for a recogniser's span off the word boundaries). */
  first: number;
  last: number;
  /** What a recogniser says it is ("phrase" when none does). */
  kind: SpanKind;
}

/** The longest candidate, in words and in characters (CMRC 2018's answers: 92 % within 40 characters). */
const MAX_TOKENS = 12;
const MAX_CHARS = 40;

/** Part-of-speech groups of nodejieba's tags: what a span may start or end with, and a feature of the model. */
export const TAG_GROUPS = ["name", "noun", "verb", "number", "modifier", "time", "function", "symbol"] as const;
export type TagGroup = (typeof TAG_GROUPS)[number];

export function tagGroup(t: Pick<Token, "word" | "tag">): TagGroup {
  const tag = t.tag;
  if (/^(nr|nrfg|nrt|ns|nt|nz)$/u.test(tag)) return "name";
  if (/^\d+(?:\.\d+)?%?$/u.test(t.word) || /^(m|q|mq)$/u.test(tag)) return "number";
  if (/^(n|ng|nl|j|eng|l|s|i)$/u.test(tag)) return "noun";
  if (/^v/u.test(tag)) return "verb";
  if (/^(a|ad|an|ag|b|z)$/u.test(tag)) return "modifier";
  if (/^(t|tg|f)$/u.test(tag)) return "time";
  if (tag === "x" || /^[\p{P}\p{S}\s]+$/u.test(t.word)) return /[\p{L}\p{N}]/u.test(t.word) ? "noun" : "symbol";
  return "function";
}

/** Marks a span may open with, and close with. */
const OPENING = /^[《“"「『‘(（]$/u;
const CLOSING = /^[》”"」』’)）%％]$/u;
/** Marks inside a span that end a clause; a span may hold one (「…不高，存在炒作风险」), never a sentence end. */
const CLAUSE_MARK = /[，,；;：:]/u;
const SENTENCE_MARK = /[。！？!?]/u;
/** Words a span does not start with (a preposition, a conjunction, a particle) or end with. */
const NOT_FIRST = /^(p|c|u|uj|ul|uz|ug|uv|ud|y|e|o)$/u;
const NOT_LAST = /^(p|c|u|uj|ul|uz|ug|uv|ud|y|e|o|r)$/u;

const BRACKETS: Array<[string, string]> = [
  ["《", "》"],
  ["“", "”"],
  ["「", "」"],
  ["（", "）"],
  ["(", ")"],
  ["『", "』"],
  ["‘", "’"],
];

/** For each word boundary, how deep inside each kind of bracket it stands (a span is balanced when its two ends stand at the same depths and it never goes below). */
function bracketDepths(tokens: readonly Token[]): Int32Array[] {
  const out = BRACKETS.map(() => new Int32Array(tokens.length + 1));
  BRACKETS.forEach(([open, close], b) => {
    let d = 0;
    tokens.forEach((t, i) => {
      out[b]![i] = d;
      for (const ch of t.word) d += ch === open ? 1 : ch === close ? -1 : 0;
    });
    out[b]![tokens.length] = d;
  });
  return out;
}

function sameDepths(depth: Int32Array[], from: number, to: number): boolean {
  for (const d of depth) {
    if (d[from] !== d[to]) return false;
    for (let i = from + 1; i < to; i++) if (d[i]! < d[from]!) return false;
  }
  return true;
}

/** The spans the recognisers find in a sentence, with their kinds (the first finding of a place wins). */
export function recognised(text: string): Array<Found & { kind: SpanKind }> {
  const out: Array<Found & { kind: SpanKind }> = [];
  const add = (found: Found[], kind: SpanKind): void => {
    for (const f of found) if (!out.some((o) => o.start === f.start && o.text === f.text)) out.push({ ...f, kind });
  };
  add(datesIn(text), "date");
  add(figuresIn(text), "figure");
  add(titlesIn(text), "title");
  add(personsByPattern(text), "person");
  add(organisationsIn(text), "organisation");
  add(placesIn(text), "place");
  return out;
}

/** The kind of a stretch of words by the tag of its one word or the ending of its name. */
function kindOfWords(tokens: readonly Token[], first: number, last: number, text: string): SpanKind | undefined {
  if (first === last) {
    const tag = tokens[first]!.tag;
    if (tag === "nr" || tag === "nrfg" || tag === "nrt") return "person";
    if (tag === "nt") return "organisation";
    if (tag === "ns") return "place";
  }
  // only a name ends in a noun (「…产业园」「…有限公司」)
  if (!/^n/u.test(tokens[last]!.tag)) return undefined;
  const bySuffix = kindBySuffix(text);
  return bySuffix === "project" || bySuffix === "event" ? undefined : bySuffix;
}

/**
 * Every candidate answer span of a sentence, given its tagged words, their part-of-speech groups and
 * what the recognisers found in it.
 */
export function candidatesOf(
  text: string,
  tokens: readonly Token[],
  groups: readonly TagGroup[],
  found: ReadonlyArray<Found & { kind: SpanKind }>,
): Candidate[] {
  const out: Candidate[] = [];
  const seen = new Set<string>();
  const typed = new Map<string, SpanKind>();
  for (const r of found) typed.set(`${r.start}:${r.start + r.text.length}`, r.kind);
  // how many of each bracket are open before each word: a span is balanced when none is left open or closed
  const depth = bracketDepths(tokens);
  for (let first = 0; first < tokens.length; first++) {
    const head = tokens[first]!;
    if ((groups[first] === "symbol" && !OPENING.test(head.word)) || NOT_FIRST.test(head.tag) || !head.word.trim()) continue;
    let clauses = 0;
    for (let last = first; last < Math.min(tokens.length, first + MAX_TOKENS); last++) {
      const tail = tokens[last]!;
      if (SENTENCE_MARK.test(tail.word)) break;
      if (CLAUSE_MARK.test(tail.word) && ++clauses > 1) break;
      const end = tail.start + tail.word.length;
      if (end - head.start > MAX_CHARS) break;
      if ((groups[last] === "symbol" && !CLOSING.test(tail.word)) || NOT_LAST.test(tail.tag) || !tail.word.trim()) continue;
      if (!sameDepths(depth, first, last + 1)) continue;
      const span = text.slice(head.start, end);
      const key = `${head.start}:${end}`;
      seen.add(key);
      out.push({ text: span, start: head.start, end, first, last, kind: typed.get(key) ?? kindOfWords(tokens, first, last, span) ?? "phrase" });
    }
  }
  // What a recogniser finds off the word boundaries (「约14.3亿元」 cut inside a word) is a candidate too.
  for (const [key, kind] of typed) {
    if (seen.has(key)) continue;
    const [start, end] = key.split(":").map(Number) as [number, number];
    out.push({ text: text.slice(start, end), start, end, first: 1, last: 0, kind });
  }
  return out;
}
