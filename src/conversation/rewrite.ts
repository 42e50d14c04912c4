/**
 * The question as understood, written out for the reader (「我理解的问题」) and for the answer: the
 * pointing word replaced by what it means (「它的总经理是谁」→「叁零陆动力部件的总经理是谁」), the thing
 * of 「那X呢」 swapped into the previous question, or the subject a subject-less question leans on put
 * in front. A rewrite that would not read as one well-formed question — a phrase said twice that the
 * reader did not type twice, a pointing word left in it — is not offered (wellFormed).
 */
import { lexicon } from "../lexicon/lexicon.js";
import { saysTwice } from "../text/repeats.js";
import type { PointingWord } from "../question/pointing.js";
import type { Antecedent } from "./antecedents.js";

/** How many listed items a rewrite names before 「等」. */
const ITEMS_NAMED = 2;

/** What an antecedent is called in a question: itself, or a list's first items and their head noun. */
export function nameOf(a: Antecedent): string {
  if (a.kind !== "items" && !(a.kind === "person" && a.plural)) return a.text;
  const items = a.text.split("、");
  const head = a.head && !items[0]!.endsWith(a.head) ? a.head : "";
  return items.length > ITEMS_NAMED ? `${items.slice(0, ITEMS_NAMED).join("、")}等${head}` : `${items.join("、")}${head ? `这些${head}` : ""}`;
}

/** The question with its pointing word replaced by what it means. */
export function substitute(question: string, word: PointingWord, meant: Antecedent, event?: Antecedent): string {
  const before = question.slice(0, word.at);
  const after = question.slice(word.at + word.word.length);
  if (word.kind === "event" && /上$/u.test(word.word)) return `${before}${nameOf(meant)}上${after}`;
  if (word.kind === "day") {
    // 「当天」 of a relative day (昨天下午) is the day of the event asked about, not a date
    if (meant.kind === "day" && !/[昨今前明]天|当天/u.test(meant.text)) return `${before}${meant.text}${after}`;
    return event ? `${before}${nameOf(event)}当天${after}` : question;
  }
  return `${before}${nameOf(meant)}${after}`;
}

/** A subject-less question with the subject it leans on in front (「完成率是多少」→「…市重大项目的完成率是多少」). */
export function withSubject(question: string, subject: string, opensWithNoun: boolean): string {
  const bare = question.replace(/^(那么?|那|还有)/u, "");
  return `${subject}${opensWithNoun && !subject.endsWith("的") ? "的" : ""}${bare}`;
}

/**
 * 「那X呢」: the previous question with X in place of what X stands for in it. A phrase with its
 * preposition (「在武高新」) takes the place of the previous one with the same preposition (「在西太湖」).
 */
export function swapInto(previous: string, x: string, replaced: string | undefined, previousTopic?: string): string | undefined {
  // a role alone (「那董事长呢」) takes the previous role's place; a body with its role (「那区政协领导呢」) the previous topic's
  const roles = lexicon().roles;
  const role = roles.filter((r) => x.endsWith(r)).sort((a, b) => b.length - a.length)[0];
  if (role && x === role) {
    const old = roles.filter((r) => previous.includes(r)).sort((a, b) => b.length - a.length)[0];
    if (old && old !== x) return previous.replace(old, x);
  } else if (role && previousTopic && previous.includes(previousTopic) && roles.some((r) => previousTopic.includes(r))) {
    return previous.replace(previousTopic, x);
  }
  const prep = /^(在|到|去|从|于|对|向|为)(.{2,})$/u.exec(x);
  if (prep) {
    const m = new RegExp(`${prep[1]}[^，,。？?、的]{2,12}?(?=[去看了来举召开调研参观发布建设的，,？?]|$)`, "u").exec(previous);
    if (m && m[0] !== x) return previous.replace(m[0], x);
  }
  if (replaced && previous.includes(replaced) && replaced !== x) return previous.replace(replaced, x);
  return undefined;
}

/**
 * Whether a rewrite reads as one question: no pointing word left in it, and no phrase of three or more
 * characters said twice that the reader did not say twice (「防东铁路防东铁路…」).
 */
export function wellFormed(rewritten: string, typed: string, inserted: string | readonly string[] = []): boolean {
  // (a name put in may hold such a word itself: 「…大会」+「上」)
  let rest = rewritten;
  for (const name of typeof inserted === "string" ? [inserted] : inserted) if (name) rest = rest.split(name).join("，");
  for (const p of lexicon().pronouns) {
    if (p.kind === "earlier" || p.word.length < 2) continue;
    // 「会上」 after a meeting's name (「研讨会上」) names it; elsewhere a pointing word left unresolved
    const left = p.kind === "event" && p.word.endsWith("上") ? new RegExp(`(?:^|[^\\p{Script=Han}])${p.word}`, "u").test(rest) : rest.includes(p.word);
    if (left) return false;
  }
  return !saysTwice(rewritten, typed);
}
