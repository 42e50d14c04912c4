/**
 * List answers (「有哪些新能源项目」「区政协领导有哪些人」「有几位副主任」): the items the best sentences
 * enumerate, from several articles, each cited. Only articles that mention the question's named subject
 * (every person, organisation, place and project it names) contribute items; only items of the asked
 * kind count — people named after the role asked about, things that are of the asked category
 * (「新能源」: the item or its clause says it, or a narrower word of data/related.tsv) — and none twice.
 * A question that asks how many is answered with the count.
 */
import { lexicon } from "../lexicon/lexicon.js";
import type { QuestionAnalysis } from "../question/analyse.js";
import type { Citations } from "./citations.js";
import type { Sentence } from "./evidence.js";
import { enumeration, peopleIn } from "./items.js";
import { WordMatcher } from "./match.js";
import { tagged } from "../question/tokens.js";
import type { Ranked } from "./rank.js";

/** Items shown at most, and sentences read for them. */
const MAX_GROUPS = 6;
/** A sentence is read for items when it scores at least this share of the best one. */
const RELATIVE_FLOOR = 0.35;

export interface ListAnswer {
  answer: string;
  /** There are items or sentences the reply did not show (「更多」). */
  more: boolean;
  items: Array<{ text: string; docId: string }>;
}

/** The clause of a sentence that best answers the list question, and the items it names. */
function listedIn(s: Sentence, q: QuestionAnalysis, words: WordMatcher): string[] | undefined {
  const roles = lexicon().roles;
  if (q.wantsPeople || q.role) {
    const people = peopleIn(s.text, q.role);
    return people.length ? people : undefined;
  }
  let best: string[] | undefined;
  let bestScore = -1;
  for (const clause of s.text.split(/[，,；;：:。]/u)) {
    const lower = clause.toLowerCase();
    const items = enumeration(clause);
    // Officials are not a list of things (「区委书记、武进国家高新区党工委书记沈东…」).
    if (items?.some((it) => roles.some((r) => it.includes(r)))) continue;
    const matched = q.words.reduce((n, _, i) => n + (words.present(lower, i) ? 1 : 0), 0);
    const focus = q.focus.some((f) => lower.includes(f.toLowerCase())) ? 1.5 : 0;
    const score = matched + focus + (items ? 0.5 : 0);
    // a clause that lists nothing gives the named thing of the asked kind it holds, if any (not the clause itself)
    const named = items ?? phraseEndingWith(clause, headsOf(q));
    if (score > bestScore && clause.trim() && named) {
      bestScore = score;
      best = typeof named === "string" ? [named] : named;
    }
  }
  return best;
}

/** The nouns a listed item ends with: the head noun the question lists (「项目」) and its narrower words (「产线」「基地」, data/related.tsv). */
function headsOf(q: QuestionAnalysis): string[] {
  const head = q.focus.at(-1);
  if (!head) return [];
  return [
    head,
    ...lexicon()
      .related.filter((r) => r.head === head)
      .flatMap((r) => r.narrower),
  ];
}

/** Tags a named thing is made of (nouns, names, numbers, modifiers, foreign words). */
const NOUN_PHRASE = /^(n|nr|ns|nt|nz|ng|vn|j|eng|m|mq|q|a|an|b|x|l|s|f)$/u;

/**
 * The named thing of a clause that is no enumeration (「…的10GW TOPCon 电池项目…由滨湖集团投资建设」→
 * 「10GW TOPCon 电池项目」): the first stretch of noun-like words that ends with a head noun.
 */
function phraseEndingWith(clause: string, heads: readonly string[]): string | undefined {
  if (!heads.length) return undefined;
  const tokens = tagged(clause);
  for (let end = 0; end < tokens.length; end++) {
    if (!heads.some((h) => tokens[end]!.word.endsWith(h))) continue;
    let start = end;
    while (start > 0 && NOUN_PHRASE.test(tokens[start - 1]!.tag) && !/^[，,、。]$/u.test(tokens[start - 1]!.word)) start--;
    const phrase = clause.slice(tokens[start]!.start, tokens[end]!.start + tokens[end]!.word.length).trim();
    if (phrase.length >= 4 && phrase.length <= 30) return phrase;
  }
  return undefined;
}

/** The question's subject: the people, organisations, places and projects it names (not what it asks to list). */
function subjectMatcher(q: QuestionAnalysis): WordMatcher {
  const named = q.entities.filter((e) => e.kind !== "date" && e.kind !== "figure");
  return new WordMatcher(named.map((e) => ({ word: e.text, weight: 1, forms: e.forms ?? [], synonyms: [], narrower: [] })));
}

/**
 * 「区人大常委会的副主任有哪些人」→「区人大常委会的副主任有」; 「研讨会有哪些领导参加」→「研讨会参加的领导有」.
 */
function peopleHeading(q: QuestionAnalysis): string {
  const before = q.text
    .slice(0, q.whAt)
    .replace(/^(请问|那么?|那)/u, "")
    .replace(/(有|是|的)+$/u, "");
  const after = q.text.slice(q.whAt + q.wh.length).replace(/[？?。！!\s]+$/u, "");
  const who = q.role && !before.includes(q.role) ? q.role : before.match(/(?:人|领导|同志)$/u) ? "" : "人";
  // 「区人大常委会有几位副主任」: what follows the wh-word is the role itself
  if (q.role && after === q.role) return `${before}的${q.role}有`;
  if (q.role && before.endsWith(q.role) && !after) return `${before}有`;
  return after ? `${before}${after}的${who || "人"}有` : `${before}${who ? `的${who}` : ""}有`;
}

/** Items shown at most in a reply. */
const MAX_ITEMS = 8;

/**
 * The words that say which kind of thing is asked for (「有哪些【新能源】项目」): the question's content
 * words after its wh-phrase, less the head noun it lists.
 */
function categoryOf(q: QuestionAnalysis): WordMatcher {
  const after = q.whAt >= 0 ? q.text.slice(q.whAt + q.wh.length) : "";
  const head = q.focus.at(-1);
  return new WordMatcher(q.words.filter((w) => w.word !== head && after.includes(w.word) && !lexicon().roles.includes(w.word)));
}

/** Whether an item (in its clause) is of the asked category: it or its clause says every category word. */
function ofCategory(item: string, clause: string, category: WordMatcher): boolean {
  if (!category.words.length) return true;
  const lowerItem = item.toLowerCase();
  const rest = clause.toLowerCase().replace(lowerItem, "");
  return category.words.every((_, i) => category.present(lowerItem, i) || category.present(rest, i));
}

/** The clause of a sentence an item stands in. */
const clauseHolding = (text: string, item: string): string => text.split(/[，,；;。]/u).find((c) => c.includes(item)) ?? text;

/** The clause an item stands in without any of the items listed with it (what the clause says of them all). */
function clauseAround(text: string, item: string, all: readonly string[]): string {
  let clause = clauseHolding(text, item);
  for (const other of all) clause = clause.split(other).join("、");
  return clause;
}

/**
 * The nouns the wh-phrase asks for, without what the question says of them: 「哪些水库参与了调度」→「水库」,
 * 「由哪两个集团投资建设」→「集团」, 「哪些新能源项目」→「新能源项目」 (a count and classifier skipped).
 */
function nounsAfterWh(q: QuestionAnalysis): { noun: string; predicate: boolean } {
  const end = q.whAt + q.wh.length;
  let noun = "";
  let predicate = false;
  for (const t of q.tokens) {
    const tail = t.start < end ? t.word.slice(end - t.start) : t.word;
    if (t.start + t.word.length <= end || !tail) continue;
    if (!noun && (/^(m|q|mq)$/u.test(t.tag) || /^[个家位项种类名座所条件]$/u.test(tail))) continue;
    if (/^(v|p|c|d|u|r|y|t)/u.test(t.tag) || /^[\p{P}\s]+$/u.test(tail)) {
      predicate = !/^[\p{P}\s]+$/u.test(tail) && !/^(y|u)/u.test(t.tag);
      break;
    }
    noun += tail;
  }
  return { noun, predicate };
}

/**
 * What a list reply opens with: 「高新区的新能源项目有：」, or 「报道中提到的项目现场有：」 when the words before
 * the wh-phrase end in a verb or something is said of the nouns after it (「美国对中国哪些产品加征了关税」 is
 * not 「美国对中国的产品」).
 */
function thingsHeading(q: QuestionAnalysis, count: string): string {
  const before = q.tokens.filter((t) => t.start + t.word.length <= q.whAt && !/^[\p{P}\s]+$/u.test(t.word));
  const asked = nounsAfterWh(q);
  const head = asked.noun || q.text.slice(q.whAt + q.wh.length).replace(/[？?。！!\s]+$/u, "") || q.whNoun || "内容";
  const lead = before
    .map((t) => t.word)
    .join("")
    .replace(/^(请问|那么?|那)/u, "")
    .replace(/(有|是)+$/u, "");
  const verbal = before.length > 0 && /^(v|ul|uz|p)/u.test(before.filter((t) => !/^(有|是)$/u.test(t.word)).at(-1)?.tag ?? "v");
  return verbal || !lead || asked.predicate ? `报道中提到的${head}有${count}：` : `${lead}的${head.replace(/^的/u, "")}有${count}：`;
}

export function composeList(q: QuestionAnalysis, ranked: Ranked, cites: Citations): ListAnswer {
  const { sentences, scorer } = ranked;
  const top = sentences[0]?.score ?? 0;
  const subject = subjectMatcher(q);
  // a role asked about asks for people (「有几位副主任」)
  const people = q.wantsPeople || q.role !== undefined;
  const category = people ? new WordMatcher([]) : categoryOf(q);
  const subjectOk = new Map<string, boolean>();
  const aboutSubject = (s: Sentence): boolean => {
    let ok = subjectOk.get(s.docId);
    if (ok === undefined) {
      const all = `${s.hit.title.toLowerCase()}\n${sentences
        .filter((o) => o.docId === s.docId)
        .map((o) => o.lower)
        .join("")}`;
      ok = subject.words.every((_, i) => subject.present(all, i));
      subjectOk.set(s.docId, ok);
    }
    return ok;
  };
  const listed = new Map<Sentence, string[] | undefined>();
  const itemsOf = (s: Sentence): string[] | undefined => {
    if (!listed.has(s)) {
      const all = listedIn(s, q, scorer.words);
      listed.set(
        s,
        all?.filter((it) => ofCategory(it, clauseAround(s.text, it, all), category)),
      );
    }
    return listed.get(s);
  };
  // Sentences that enumerate come first: they are what a list question wants.
  const bonus = (s: Sentence): number => (!people && (itemsOf(s)?.length ?? 0) > 1 ? 0.15 : 0);
  const chosen = sentences
    .filter((s) => s.score >= RELATIVE_FLOOR * top && aboutSubject(s))
    .slice(0, 40)
    .sort((a, b) => b.score + bonus(b) - (a.score + bonus(a)));
  const perDoc = new Map<string, number>();
  const picked: Sentence[] = [];
  for (const s of chosen) {
    const n = perDoc.get(s.docId) ?? 0;
    const first = picked.find((p) => p.docId === s.docId);
    // A second sentence of the same article must be a real list (three items or more) or more people.
    const second = n >= 1 && (people || ((itemsOf(s)?.length ?? 0) >= 3 && s.score >= (first?.score ?? 0) * 0.8));
    if (n >= 2 || (n >= 1 && !second) || picked.length >= MAX_GROUPS || !itemsOf(s)?.length) continue;
    perDoc.set(s.docId, n + 1);
    picked.push(s);
  }
  const items: ListAnswer["items"] = [];
  const holders: Sentence[] = [];
  const same = (a: string, b: string): boolean => a === b || (!people && (a.includes(b) || b.includes(a)));
  for (const s of picked) {
    for (const it of itemsOf(s)!) {
      if (items.some((x) => same(x.text, it))) continue;
      items.push({ text: it, docId: s.docId });
      holders.push(s);
    }
  }
  if (!items.length) return { answer: "", items, more: false };
  const more = items.length > MAX_ITEMS || chosen.some((s) => !picked.includes(s) && (itemsOf(s)?.length ?? 0) > 0);
  const count = q.type === "number" ? `${items.length}${q.classifier || (people ? "位" : "个")}` : "";
  // one thing found is no list: the clause that names it, quoted (what stands beside it says what it is)
  if (items.length === 1 && !people && !count) return { answer: cites.quote(holders[0]!, spanOf(holders[0]!.text, items[0]!.text)), items, more };
  const cited = items.slice(0, MAX_ITEMS).map((it, i) => ({ text: it.text, n: cites.cite(holders[i]!, clauseHolding(holders[i]!.text, it.text)) }));
  // each article's items in its own order, with its citation, on one line; names are a claim said in
  // that line, things (long, less sure) go under their heading, read as what the articles list
  const groups: string[] = [];
  for (const c of cited) {
    const last = groups.at(-1);
    const mark = `[${c.n}]`;
    if (last?.endsWith(mark)) groups[groups.length - 1] = `${last.slice(0, -mark.length)}、${c.text}${mark}`;
    else groups.push(`${c.text}${mark}`);
  }
  const heading = people ? `${peopleHeading(q)}${count}：` : `${thingsHeading(q, count)}\n`;
  return { answer: `${heading}${groups.join("；")}${cited.length < items.length ? "等" : ""}。`, items, more };
}

/** Where an item stands in its sentence (the whole sentence when it was rewritten and stands nowhere). */
function spanOf(text: string, item: string): { start: number; end: number } | undefined {
  const at = text.indexOf(item);
  return at < 0 ? undefined : { start: at, end: at + item.length };
}
