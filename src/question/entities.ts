/**
 * The named things of a question, each with its kind: people, organisations, places, projects,
 * figures, dates, titles (《…》 and quoted names) and other names. Found with nodejieba's part-of-speech
 * tags, the names mined from the corpus, name endings (data/name-suffixes.tsv) and surnames; places
 * too general to decide what the question is about (data/generic-places.txt) are left out.
 */
import { lexicon } from "../lexicon/lexicon.js";
import { FOREIGN_NAME, kindBySuffix, kindByTag, looksLikeChineseName } from "../text/names.js";
import type { FoundDate } from "../text/dates.js";
import type { Token } from "./tokens.js";

type EntityKind = "person" | "organisation" | "place" | "project" | "event" | "figure" | "date" | "title" | "other";

export interface QuestionEntity {
  text: string;
  kind: EntityKind;
  start: number;
  /** Other names of the same thing (aliases, curated and mined). */
  forms?: string[];
}

const TITLE = /《([^》]{1,40})》|[“"「]([^”"」]{1,20})[”"」]/gu;
const FIGURE = /\d+(?:\.\d+)?(?:[%‰]|万亿|亿|万|千)?/gu;
const NOUNISH = /^(n|nz|nt|ns|nr|nrt|eng|j|x|vn|an|m)$/u;

/** The entities of `text` (tokens: its tagged segmentation), in order of position. */
export function findEntities(text: string, tokens: readonly Token[], dates: readonly FoundDate[], isTerm: (w: string) => boolean): QuestionEntity[] {
  const out: QuestionEntity[] = [];
  const taken = (start: number, end: number): boolean => out.some((e) => start < e.start + e.text.length && end > e.start);
  const add = (textOf: string, kind: EntityKind, start: number): void => {
    if (textOf.length < 2 || taken(start, start + textOf.length)) return;
    out.push({ text: textOf, kind, start });
  };
  for (const d of dates) add(d.text, "date", d.start);
  for (const m of text.matchAll(TITLE)) add(m[1] ?? m[2]!, "title", m.index! + 1);
  const generic = lexicon().genericPlaces;
  // Runs of name-like tokens (「广东省」+「侨联」, 「国防」+「参谋长」+「委员会」) are read as one name when
  // the run ends in a name ending or is a known term; otherwise each token stands alone.
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    // A run never starts with a place too general to name anything (「武进区滨湖集团」 names 滨湖集团).
    if (taken(t.start, t.start + t.word.length) || generic.has(t.word)) continue;
    let best: { text: string; kind: EntityKind; end: number } | undefined;
    let run = "";
    for (let j = i; j < Math.min(tokens.length, i + 6); j++) {
      const u = tokens[j]!;
      // a place in brackets inside a company's name: 「菲尼克斯(中国)投资有限公司」, 「叁零陆(江苏)动力部件有限公司」
      const bracketed = j > i ? bracketedWord(tokens, j) : undefined;
      if (bracketed) {
        run += bracketed;
        j += 2;
        continue;
      }
      if (!NOUNISH.test(u.tag) || /^[\p{P}\s]+$/u.test(u.word)) break;
      run += u.word;
      const bySuffix = j > i ? kindBySuffix(run) : undefined;
      if (j > i && (bySuffix || isTerm(run))) best = { text: run, kind: bySuffix ?? "other", end: j };
    }
    if (best && !generic.has(best.text)) {
      add(best.text, best.kind, t.start);
      i = best.end;
      continue;
    }
    const kind = tokenKind(t, isTerm);
    if (kind && !generic.has(t.word)) add(t.word, kind, t.start);
  }
  // a transliterated name is a person's unless a longer name holds it (「菲尼克斯(中国)投资有限公司」)
  for (const m of text.matchAll(FOREIGN_NAME)) add(m[0], "person", m.index!);
  for (const m of text.matchAll(FIGURE)) if (/\d/u.test(m[0])) add(m[0], "figure", m.index!);
  return out.sort((a, b) => a.start - b.start);
}

/** 「(中国)」 at token j: an opening bracket, one noun-like word, a closing bracket; as the name writes it. */
function bracketedWord(tokens: readonly Token[], j: number): string | undefined {
  const [open, word, close] = [tokens[j], tokens[j + 1], tokens[j + 2]];
  if (!open || !word || !close || !/^[(（]$/u.test(open.word) || !/^[)）]$/u.test(close.word) || !NOUNISH.test(word.tag)) return undefined;
  return `${open.word}${word.word}${close.word}`;
}

function tokenKind(t: Token, isTerm: (w: string) => boolean): EntityKind | undefined {
  const w = t.word.trim();
  if (w.length < 2 || !/[\p{Script=Han}A-Za-z]/u.test(w)) return undefined;
  const byTag = kindByTag(t.tag);
  if (byTag === "person") return isTerm(w) ? (kindBySuffix(w) ?? "other") : "person";
  if (byTag) return kindBySuffix(w) ?? byTag;
  // Words the segmenter does not know (tag x) are names: a person's when they look like one; other
  // unknown fragments only when long enough not to be a word cut badly (「建了」).
  if (t.tag === "x" && /^\p{Script=Han}+$/u.test(w)) {
    if (looksLikeChineseName(w)) return "person";
    return kindBySuffix(w) ?? (w.length >= 3 && !/[了过着的]$/u.test(w) ? "other" : undefined);
  }
  if (isTerm(w)) return kindBySuffix(w) ?? "other";
  if (/^n/u.test(t.tag) && w.length >= 3) {
    const k = kindBySuffix(w);
    if (k === "organisation" || k === "project") return k;
  }
  return undefined;
}
