/**
 * List answers (「有哪些新能源项目」「区政协领导有哪些人」): the items the best sentences enumerate,
 * from several articles, each group cited. Only articles that mention the question's named subject
 * (every person, organisation, place and project it names) contribute items.
 */
import { lexicon } from "../lexicon/lexicon.js";
import type { QuestionAnalysis } from "../question/analyse.js";
import type { Citations } from "./citations.js";
import type { Sentence } from "./evidence.js";
import { enumeration, peopleIn } from "./items.js";
import { WordMatcher } from "./match.js";
import type { Ranked } from "./rank.js";

/** Items shown at most, and sentences read for them. */
const MAX_GROUPS = 6;
/** A sentence is read for items when it scores at least this share of the best one. */
const RELATIVE_FLOOR = 0.35;

export interface ListAnswer {
  answer: string;
  items: Array<{ text: string; docId: string }>;
}

/** The clause of a sentence that best answers the list question, and the items it names. */
function listedIn(s: Sentence, q: QuestionAnalysis, words: WordMatcher): string[] | undefined {
  const roles = lexicon().roles;
  if (q.wantsPeople) {
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
    const matched = q.words.reduce((n, _, i) => n + (words.degree(lower, i) >= 0.5 ? 1 : 0), 0);
    const focus = q.focus.some((f) => lower.includes(f.toLowerCase())) ? 1.5 : 0;
    const score = matched + focus + (items ? 0.5 : 0);
    if (score > bestScore && clause.trim()) {
      bestScore = score;
      best = items ?? [clause.trim().replace(/[。！？!?]+$/u, "")];
    }
  }
  return best;
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
  const before = q.text.slice(0, q.whAt).replace(/^(请问|那么?|那)/u, "").replace(/(有|是|的)+$/u, "");
  const after = q.text.slice(q.whAt + q.wh.length).replace(/[？?。！!\s]+$/u, "");
  const who = q.role && !before.includes(q.role) ? q.role : before.match(/(?:人|领导|同志)$/u) ? "" : "人";
  return after ? `${before}${after}的${who || "人"}有` : `${before}${who ? `的${who}` : ""}有`;
}

export function composeList(q: QuestionAnalysis, ranked: Ranked, cites: Citations): ListAnswer {
  const { sentences, scorer } = ranked;
  const top = sentences[0]?.score ?? 0;
  const subject = subjectMatcher(q);
  const subjectOk = new Map<string, boolean>();
  const aboutSubject = (s: Sentence): boolean => {
    let ok = subjectOk.get(s.docId);
    if (ok === undefined) {
      const all = `${s.hit.title.toLowerCase()}\n${sentences.filter((o) => o.docId === s.docId).map((o) => o.lower).join("")}`;
      ok = subject.words.every((_, i) => subject.degree(all, i) >= 0.5);
      subjectOk.set(s.docId, ok);
    }
    return ok;
  };
  const listed = new Map<Sentence, string[] | undefined>();
  const itemsOf = (s: Sentence): string[] | undefined => {
    if (!listed.has(s)) listed.set(s, listedIn(s, q, scorer.words));
    return listed.get(s);
  };
  // Sentences that enumerate come first: they are what a list question wants.
  const bonus = (s: Sentence): number => (!q.wantsPeople && (itemsOf(s)?.length ?? 0) > 1 ? 0.15 : 0);
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
    const second = n >= 1 && (q.wantsPeople || ((itemsOf(s)?.length ?? 0) >= 3 && s.score >= (first?.score ?? 0) * 0.8));
    if (n >= 2 || (n >= 1 && !second) || picked.length >= MAX_GROUPS || !itemsOf(s)?.length) continue;
    perDoc.set(s.docId, n + 1);
    picked.push(s);
  }
  const groups: string[] = [];
  const seen: string[] = [];
  const items: ListAnswer["items"] = [];
  for (const s of picked) {
    const fresh = itemsOf(s)!.filter((it) => !seen.some((x) => x === it || (!q.wantsPeople && (x.includes(it) || it.includes(x)))));
    if (!fresh.length) continue;
    seen.push(...fresh);
    for (const it of fresh) items.push({ text: it, docId: s.docId });
    groups.push(`${fresh.join("、")}[${cites.cite(s)}]`);
  }
  const lines: string[] = [];
  if (q.wantsPeople) {
    // A list, shown as one: the names of each article on a line, then the sentences they come from.
    lines.push(`${peopleHeading(q)}：`, ...groups.map((g) => `· ${g}`));
    for (const s of picked.slice(0, 2)) lines.push(cites.quote(s));
  } else {
    const asked = q.text.replace(q.wh, "").replace(/^(请问|那么?|那)/u, "").replace(/[？?。！!\s]+$/u, "").replace(/的$/u, "");
    lines.push(`关于「${asked}」，报道中提到：`, ...groups.map((g) => `· ${g}`));
    // The best sentence, and the one the first items come from, as the articles say them (the items
    // above are cut from their sentences).
    const best = sentences[0];
    for (const s of [...new Set([best, picked[0]])]) if (s && aboutSubject(s)) lines.push(cites.quote(s));
  }
  return { answer: lines.join("\n"), items };
}
