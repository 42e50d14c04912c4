/**
 * What a turn of a conversation offers a later one to point back at — the people, organisations,
 * projects, places, events and days its question named and its answer gave, and the items a list
 * answer enumerated — each with its kind and whether it is several things; and which of them a word
 * that points back can mean (data/pronouns.tsv: 他 a person, 他们 people or a company, 它们 things
 * listed, 那里 a place, 当天 a day, 会上 an event).
 */
import type { PronounKind } from "../lexicon/lexicon.js";
import type { QuestionAnalysis } from "../question/analyse.js";
import { kindBySuffix } from "../text/names.js";

type AntecedentKind = "person" | "organisation" | "project" | "place" | "event" | "day" | "title" | "other" | "items";

export interface Antecedent {
  text: string;
  kind: AntecedentKind;
  /** Several things (the items of a list answer, people listed). */
  plural?: boolean;
  /** For items: the noun they are (「项目」), to say them back (「理想汽车…等项目」). */
  head?: string;
}

/** The kinds of thing each kind of pointing word can mean, in order of preference. */
const MEANS: Record<PronounKind, AntecedentKind[]> = {
  person: ["person"],
  people: ["organisation", "other", "items", "person"],
  thing: ["organisation", "project", "event", "title", "place", "other"],
  things: ["items", "project", "organisation"],
  organisation: ["organisation", "other"],
  project: ["project", "items", "other"],
  place: ["place", "organisation"],
  event: ["event", "project"],
  day: ["day", "event"],
  earlier: [],
};

/** Whether an antecedent can be what the pointing word means. */
export function canMean(word: PronounKind, a: Antecedent): boolean {
  if (!MEANS[word].includes(a.kind)) return false;
  // 他们 of one person, 他 of a list of people: the number must agree
  if (word === "person" && a.plural) return false;
  if ((word === "things" || word === "people") && a.kind === "person" && !a.plural) return false;
  return true;
}

/** The kind of a named thing of a question, as an antecedent (an event is told by how its name ends). */
function antecedentKind(entityKind: string, text: string): AntecedentKind {
  const bySuffix = kindBySuffix(text);
  if (bySuffix === "event") return "event";
  if (entityKind === "person" || entityKind === "organisation" || entityKind === "place" || entityKind === "project" || entityKind === "title")
    return entityKind;
  if (entityKind === "date") return "day";
  return bySuffix ?? "other";
}

/** What a turn offers later turns: its answer's first (what it gave), then its question's. */
export function antecedentsOf(a: QuestionAnalysis, answered: { span?: { text: string; kind: string }; items?: Array<{ text: string }> }): Antecedent[] {
  const out: Antecedent[] = [];
  const add = (x: Antecedent): void => {
    if (x.text.length >= 2 && !out.some((o) => o.text === x.text && o.kind === x.kind)) out.push(x);
  };
  if (answered.items && answered.items.length >= 2) {
    const people = a.wantsPeople;
    add({
      text: answered.items.map((i) => i.text).join("、"),
      kind: people ? "person" : "items",
      plural: true,
      ...(a.focus.at(-1) ? { head: a.focus.at(-1)! } : {}),
    });
  }
  // the answer first when it names who or what did something (「哪家公司…」→ 该公司 means it); a value the
  // answer gives (a title, a day, a figure) after what the question was about (它 means the subject)
  const span = answered.span
    ? { text: answered.span.text, kind: answered.span.kind === "date" ? "day" : antecedentKind(answered.span.kind, answered.span.text) }
    : undefined;
  if (span && (span.kind === "person" || span.kind === "organisation")) add(span);
  for (const e of a.entities) if (e.kind !== "figure") add({ text: e.text, kind: antecedentKind(e.kind, e.text) });
  if (span) add(span);
  return out;
}
