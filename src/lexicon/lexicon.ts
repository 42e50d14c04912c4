/**
 * The project's language knowledge, read from data/ in one place: question words and their types,
 * units, role titles, too-general places, everyday synonyms, surnames, follow-up attributes and
 * pronouns, the function words of the answer's patterns, stop-words, OCR fixes, curated aliases and
 * related terms, the background rarity of words, the holidays with a fixed date, what anniversaries
 * count from, the words of the time of year and the cues of when a page's events happen. Every stage asks
 * this module for them, and the words the other patterns turn on (data/pattern-words.tsv; a few
 * grammatical particles stay in the patterns that use them). Files are
 * read once, on first use.
 */
import { existsSync, readFileSync } from "node:fs";
import { dataPath } from "../paths.js";
import { dataLines, fields, keyed, tsvGroups } from "./files.js";
import type { FittedSpec, Provenance } from "../models/fitted.js";

const QUESTION_TYPES = ["detail", "when", "number", "where", "list", "who", "which", "what"] as const;
export type QuestionType = (typeof QUESTION_TYPES)[number];

interface QuestionPhrase {
  type: QuestionType;
  phrase: string;
  /** Lower wins when a question holds phrases of several types. */
  priority: number;
}

export interface Lexicon {
  questionPhrases: QuestionPhrase[];
  countUnits: string[];
  measureUnits: string[];
  rateWords: string[];
  moneyWords: string[];
  roles: string[];
  genericPlaces: ReadonlySet<string>;
  /** Each word of a synonym group → the other words of its group. */
  synonyms: ReadonlyMap<string, readonly string[]>;
  surnames: ReadonlySet<string>;
  compoundSurnames: string[];
  attributes: ReadonlySet<string>;
  pronouns: Array<{ kind: PronounKind; word: string }>;
  stopwords: ReadonlySet<string>;
  ocrFixes: Array<[string, string]>;
  aliasGroups: string[][];
  related: Array<{ head: string; narrower: string[] }>;
  /** Name endings and the kind of thing they name, longest first. */
  nameSuffixes: Array<{ kind: "organisation" | "place" | "project" | "event"; suffix: string }>;
  /** The words the answer layer's patterns turn on, by job (data/function-words.tsv). */
  functionWords: ReadonlyMap<FunctionWordKind, readonly string[]>;
  /** How a question compares events in time (data/time-relations.tsv), longest phrase first. */
  timeRelations: TimeRelationPhrase[];
  /** What readers say that is no question (data/small-talk.tsv), longest phrase first. */
  smallTalk: Array<{ kind: SmallTalkKind; phrase: string }>;
}

const PRONOUN_KINDS = ["person", "people", "thing", "things", "organisation", "project", "place", "event", "day", "earlier"] as const;
export type PronounKind = (typeof PRONOUN_KINDS)[number];

const SMALL_TALK_KINDS = ["greeting", "thanks", "goodbye", "identity"] as const;
export type SmallTalkKind = (typeof SMALL_TALK_KINDS)[number];

function smallTalk(): Lexicon["smallTalk"] {
  const out: Lexicon["smallTalk"] = [];
  for (const [kind, phrases] of keyed("small-talk.tsv")) {
    if (!SMALL_TALK_KINDS.includes(kind as SmallTalkKind)) throw new Error(`data/small-talk.tsv: unknown kind "${kind}"`);
    for (const phrase of phrases) out.push({ kind: kind as SmallTalkKind, phrase: phrase.toLowerCase().replace(/[\s\p{P}]/gu, "") });
  }
  return out.sort((a, b) => b.phrase.length - a.phrase.length);
}

const TIME_RELATIONS = ["same", "order", "sequence", "gap", "within", "each", "timeline"] as const;
export type TimeRelation = (typeof TIME_RELATIONS)[number];

interface TimeRelationPhrase {
  relation: TimeRelation;
  /** The grain of same/gap (day, week, month, year), the end of order (first, last), a timeline's order (newest, oldest); "-" when none. */
  parameter: string;
  phrase: string;
  /** Line order in the file: lower wins ties between phrases of equal length. */
  priority: number;
}

const FUNCTION_WORD_KINDS = [
  "speech",
  "after-name",
  "place-verbs",
  "list-openers",
  "list-closers",
  "rhetoric",
  "name-lead",
  "page-furniture",
  "more",
  "copula",
  "locative",
  "approximate",
] as const;
export type FunctionWordKind = (typeof FUNCTION_WORD_KINDS)[number];

function questionPhrases(countUnits: string[]): QuestionPhrase[] {
  const out: QuestionPhrase[] = [];
  dataLines("question-words.tsv").forEach((line, priority) => {
    const [type, ...phrases] = fields(line);
    if (!QUESTION_TYPES.includes(type as QuestionType)) throw new Error(`data/question-words.tsv: unknown question type "${type}"`);
    for (const p of phrases) {
      const expanded = p.includes("{count}") ? countUnits.map((u) => p.replace("{count}", u)) : [p];
      for (const phrase of expanded) out.push({ type: type as QuestionType, phrase, priority });
    }
  });
  return out;
}

function nameSuffixes(): Lexicon["nameSuffixes"] {
  const out: Lexicon["nameSuffixes"] = [];
  for (const [kind, words] of keyed("name-suffixes.tsv")) {
    if (kind !== "organisation" && kind !== "place" && kind !== "project" && kind !== "event")
      throw new Error(`data/name-suffixes.tsv: unknown kind "${kind}"`);
    for (const suffix of words) out.push({ kind, suffix });
  }
  return out.sort((a, b) => b.suffix.length - a.suffix.length);
}

function readFunctionWords(): Map<FunctionWordKind, string[]> {
  const out = new Map<FunctionWordKind, string[]>();
  for (const [kind, words] of keyed("function-words.tsv")) {
    if (!FUNCTION_WORD_KINDS.includes(kind as FunctionWordKind)) throw new Error(`data/function-words.tsv: unknown kind "${kind}"`);
    out.set(kind as FunctionWordKind, words);
  }
  return out;
}

function timeRelations(): TimeRelationPhrase[] {
  const out: TimeRelationPhrase[] = [];
  dataLines("time-relations.tsv").forEach((line, priority) => {
    const [relation, parameter = "-", ...phrases] = fields(line);
    if (!TIME_RELATIONS.includes(relation as TimeRelation)) throw new Error(`data/time-relations.tsv: unknown relation "${relation}"`);
    for (const phrase of phrases) out.push({ relation: relation as TimeRelation, parameter, phrase, priority });
  });
  return out.sort((a, b) => b.phrase.length - a.phrase.length || a.priority - b.priority);
}

function load(): Lexicon {
  const units = keyed("units.tsv");
  const countUnits = units.get("count") ?? [];
  const synonyms = new Map<string, string[]>();
  for (const group of tsvGroups("synonyms.tsv")) for (const w of group) synonyms.set(w, [...(synonyms.get(w) ?? []), ...group.filter((o) => o !== w)]);
  const [singles = "", ...compound] = dataLines("surnames.txt").map((l) => l.trim());
  const pronouns: Lexicon["pronouns"] = [];
  for (const [kind, words] of keyed("pronouns.tsv")) {
    if (!PRONOUN_KINDS.includes(kind as PronounKind)) throw new Error(`data/pronouns.tsv: unknown kind "${kind}"`);
    for (const word of words) pronouns.push({ kind: kind as PronounKind, word });
  }
  return {
    questionPhrases: questionPhrases(countUnits),
    countUnits,
    measureUnits: units.get("measure") ?? [],
    rateWords: units.get("rate") ?? [],
    moneyWords: units.get("money") ?? [],
    roles: dataLines("roles.txt").map((l) => l.trim()),
    genericPlaces: new Set(dataLines("generic-places.txt").map((l) => l.trim())),
    synonyms,
    surnames: new Set([...singles]),
    compoundSurnames: compound,
    attributes: new Set(dataLines("attributes.txt").map((l) => l.trim())),
    pronouns,
    stopwords: new Set(dataLines("stopwords.txt").map((l) => l.trim())),
    ocrFixes: dataLines("ocr-fixes.tsv")
      .map((l) => l.split("\t") as [string, string])
      .filter(([wrong, right]) => wrong && right && wrong !== right),
    aliasGroups: tsvGroups("aliases.tsv"),
    related: tsvGroups("related.tsv").map(([head, ...narrower]) => ({ head: head!, narrower })),
    nameSuffixes: nameSuffixes(),
    functionWords: readFunctionWords(),
    timeRelations: timeRelations(),
    smallTalk: smallTalk(),
  };
}

let cached: Lexicon | undefined;

export function lexicon(): Lexicon {
  cached ??= load();
  return cached;
}

export const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/gu, "\\$&");

/** A regular expression matching any of the words, longest first (for finding them in text). */
export function alternation(words: Iterable<string>, flags = "gu"): RegExp {
  const sorted = [...new Set(words)].filter(Boolean).sort((a, b) => b.length - a.length);
  return new RegExp(sorted.length ? sorted.map(escapeRegExp).join("|") : "(?!)", flags);
}

export interface BackgroundRarity {
  /** IDF of each listed word over the background passages. */
  idf: ReadonlyMap<string, number>;
  /** How many passages the background has. */
  passages: number;
  /** The IDF a word too rare to be listed has at least. */
  unlisted: number;
}

let background: BackgroundRarity | undefined;

/** The background rarity is fit on data: its spec for the registry of fitted files (src/fit/registry.ts). */
export const BACKGROUND_IDF: FittedSpec = {
  name: "background-idf",
  file: "background-idf.tsv",
  script: "scripts/build-background-idf.ts",
  readProvenance: () => {
    const line = readFileSync(dataPath("background-idf.tsv"), "utf8")
      .split("\n")
      .find((l) => l.startsWith("#provenance\t"));
    if (!line) throw new Error("no #provenance line");
    return JSON.parse(line.slice(line.indexOf("\t") + 1)) as Provenance;
  },
};

/** How rare words are in a large body of news (data/background-idf.tsv, built by scripts/build-background-idf.ts). */
export function backgroundRarity(): BackgroundRarity {
  if (!background) {
    const idf = new Map<string, number>();
    let passages = 0;
    let minDf = 1;
    const file = dataPath("background-idf.tsv");
    if (existsSync(file)) {
      for (const line of readFileSync(file, "utf8").split("\n")) {
        if (line.startsWith("#N\t")) [, passages, minDf] = line.split("\t").map(Number) as [number, number, number];
        if (!line || line.startsWith("#")) continue;
        const tab = line.indexOf("\t");
        idf.set(line.slice(0, tab), Number(line.slice(tab + 1)));
      }
    }
    const rare = minDf - 1 + 0.5;
    background = { idf, passages, unlisted: passages ? Math.log(1 + (passages - rare) / rare) : 0 };
  }
  return background;
}

export { foundingYears, holidays, seasonWords, type Season } from "./calendar.js";

/** The words of one kind of data/function-words.tsv. */
function functionWords(kind: FunctionWordKind): readonly string[] {
  return lexicon().functionWords.get(kind) ?? [];
}

const DATE_CUE_KINDS = ["yesterday", "future", "plan", "deadline", "deadline-end", "next-year"] as const;
export type DateCueKind = (typeof DATE_CUE_KINDS)[number];

let dateCueWords: Map<DateCueKind, string[]> | undefined;

/** The words of one kind of data/date-cues.tsv (when a page's events happen: 昨天, plans, forecasts, deadlines). */
export function dateCues(kind: DateCueKind): readonly string[] {
  if (!dateCueWords) {
    dateCueWords = new Map();
    for (const [k, words] of keyed("date-cues.tsv")) {
      if (!DATE_CUE_KINDS.includes(k as DateCueKind)) throw new Error(`data/date-cues.tsv: unknown kind "${k}"`);
      dateCueWords.set(k as DateCueKind, words);
    }
  }
  return dateCueWords.get(kind) ?? [];
}

/** An alternation of one kind of function words, as a regular-expression source (longest first). */
export function functionPattern(kind: FunctionWordKind): string {
  let re = patternCache.get(`fw:${kind}`);
  if (!re) {
    re = alternation(functionWords(kind), "u");
    patternCache.set(`fw:${kind}`, re);
  }
  return re.source;
}

const patternCache = new Map<string, RegExp>();

/** A cached alternation of one lexicon list, by name. */
export function lexiconPattern(name: "roles" | "countUnits" | "measureUnits" | "rateWords" | "moneyWords" | "genericPlaces" | "attributes"): RegExp {
  let re = patternCache.get(name);
  if (!re) {
    const list = lexicon()[name];
    re = alternation(list instanceof Set ? list : (list as string[]), "u");
    patternCache.set(name, re);
  }
  return re;
}

const PATTERN_WORD_KINDS = [
  "word-suffix",
  "linking",
  "timeline-opener",
  "timeline-recency",
  "timeline-about",
  "timeline-closer",
  "anchor-day",
  "anchor-month",
  "anchor-year",
  "asking",
  "list-frame",
  "organisation-end",
  "generic-facility",
  "generic-facility-end",
  "name-lead",
  "alias-lead",
  "topic-joiner",
  "counted",
  "reporter-role",
] as const;
export type PatternWordKind = (typeof PATTERN_WORD_KINDS)[number];

let patternWordLists: Map<PatternWordKind, string[]> | undefined;

/** The words of one kind of data/pattern-words.tsv, in the file's order (the patterns of the question analysis, retrieval, ingest, the LLM's checks). */
export function patternWords(kind: PatternWordKind): readonly string[] {
  if (!patternWordLists) {
    patternWordLists = new Map();
    for (const [k, words] of keyed("pattern-words.tsv")) {
      if (!PATTERN_WORD_KINDS.includes(k as PatternWordKind)) throw new Error(`data/pattern-words.tsv: unknown kind "${k}"`);
      patternWordLists.set(k as PatternWordKind, words);
    }
  }
  return patternWordLists.get(kind) ?? [];
}

const patternWordSets = new Map<PatternWordKind, ReadonlySet<string>>();

/** The words of one kind of data/pattern-words.tsv, as a set. */
export function patternWordSet(kind: PatternWordKind): ReadonlySet<string> {
  let set = patternWordSets.get(kind);
  if (!set) patternWordSets.set(kind, (set = new Set(patternWords(kind))));
  return set;
}

/**
 * An alternation of one kind of data/pattern-words.tsv in the file's order, as a regular-expression
 * source (the order is the one the pattern tries them in: the file says which wins where one word
 * begins another). An empty list matches nothing.
 */
export function patternAlternation(kind: PatternWordKind): string {
  const words = patternWords(kind);
  return words.length ? words.map(escapeRegExp).join("|") : "(?!)";
}
