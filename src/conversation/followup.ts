/**
 * Rewrites a follow-up into a standalone question from the earlier turns of the chat, offline, from
 * the question's analysis (its entities with their kinds, its wh-phrase, its words):
 * - 「还有吗？」             → the previous question again, leaving out the documents already shown;
 * - 「第二个详细说说」       → the second item of the previous answer;
 * - 他/她 (data/pronouns.tsv, person) → the last person of the conversation;
 *   它/该公司/该项目 (thing)  → the last organisation, place or project (else the topic);
 * - 「那X呢？」             → the previous question with X in place of the thing of X's kind (or its topic);
 * - a question without a subject of its own (「总经理是谁？」「有哪些领导参加？」) → the previous topic,
 *   when its words are those of an attribute or role, or all occur in the articles the last answer cited;
 * anything naming its own subject is a new topic and is taken as it is.
 */
import { functionPattern, lexicon } from "../lexicon/lexicon.js";
import type { QuestionAnalysis, QuestionEntity } from "../question/analyse.js";
import type { ConversationState, FollowupKind, NamedThing, Turn } from "./state.js";

export interface Resolved {
  standalone: string;
  /** Documents to skip (「还有吗」 asks for results not shown yet). */
  exclude: Set<string>;
  kind: FollowupKind;
  /** The document an ordinal follow-up points at. */
  focusDoc?: string;
  /** Documents to prefer in retrieval (the articles the previous answer cited). */
  prefer?: Set<string>;
  /** 「还有吗」: the sentences already quoted for the question it continues (sentenceKey). */
  continueAfter?: Set<string>;
}

export interface FollowupContext {
  /** Text of a document (to tell whether a subject-less question is about what was just shown). */
  docText?(docId: string): string | undefined;
}

let more: RegExp | undefined;
/** 「还有吗？」: a follow-up asking for more of the same (data/function-words.tsv, more). */
const asksForMore = (q: string): boolean => (more ??= new RegExp(`^(?:那|那么)?(?:${functionPattern("more")})[？?。!！…\\s]*$`, "u")).test(q);
/** 「第二个详细说说」「第3条呢」: a short question that opens with an ordinal (not 「第二届进博会在哪里举办」). */
const ORDINAL = /^(?:那么?|那)?第\s*([一二三四五六七八九十]|\d{1,2})\s*(?:个|条|篇|项|家|位|点)?(?![届次期批轮年季])/u;
const ORDINAL_MAX = 12;
const ELLIPSIS = /^(?:那么?|那|还有|再问一下)?\s*(.{1,24}?)\s*(?:的情况)?(?:呢|怎么样呢|如何呢)[？?。!！\s]*$/u;
const CN_DIGITS: Record<string, number> = { 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9, 十: 10 };
/** Kinds of entity that make a question's own subject. */
const SUBJECT_KINDS = new Set(["person", "organisation", "place", "project", "title", "other"]);
const THING_KINDS = new Set(["organisation", "place", "project", "title", "other"]);

const newTopic = (q: string): Resolved => ({ standalone: q, exclude: new Set(), kind: "new" });

function named(turn: Turn): NamedThing[] {
  return turn.entities.map((e) => (typeof e === "string" ? { text: e, kind: "other" } : e));
}

function ordinalIndex(s: string): number {
  return /^\d+$/u.test(s) ? Number(s) - 1 : (CN_DIGITS[s] ?? 1) - 1;
}

/** The pronoun of the question (longest word of data/pronouns.tsv; one-character ones only as whole tokens). */
function pronounIn(a: QuestionAnalysis): { word: string; kind: "person" | "thing"; at: number } | undefined {
  let best: { word: string; kind: "person" | "thing"; at: number } | undefined;
  for (const p of lexicon().pronouns) {
    const at = p.word.length > 1 ? a.text.indexOf(p.word) : (a.tokens.find((t) => t.word === p.word)?.start ?? -1);
    if (at >= 0 && (!best || p.word.length > best.word.length)) best = { ...p, at };
  }
  return best;
}

/** The most recent value of a turn field, looking back over the conversation. */
function lastOf(state: ConversationState, pick: (t: Turn) => string | undefined): string | undefined {
  for (let i = state.turns.length - 1; i >= 0; i--) {
    const v = pick(state.turns[i]!);
    if (v) return v;
  }
  return undefined;
}

const ownSubjects = (a: QuestionAnalysis): QuestionEntity[] => a.entities.filter((e) => SUBJECT_KINDS.has(e.kind));

/** Whether every content word of a question is an attribute or a role title (「总投资多少」「主任是谁」). */
function onlyAttributes(a: QuestionAnalysis): boolean {
  const lex = lexicon();
  return a.words.length > 0 && a.words.every((w) => lex.attributes.has(w.word) || lex.roles.includes(w.word));
}

/** Whether every content word of a question occurs in the articles the last answer cited. */
function aboutWhatWasShown(a: QuestionAnalysis, last: Turn, ctx: FollowupContext): boolean {
  if (!ctx.docText || !a.words.length || !last.docIds.length) return false;
  const text = last.docIds.map((d) => ctx.docText!(d) ?? "").join("\n").toLowerCase();
  return a.words.every((w) => text.includes(w.word.toLowerCase()));
}

export function resolveFollowup(a: QuestionAnalysis, state: ConversationState, ctx: FollowupContext = {}): Resolved {
  // The question as understood keeps the mark it was asked with (「…是谁？」).
  const mark = /[？?！!。]+$/u.exec(a.raw.trim())?.[0].replace(/\?/gu, "？") ?? "";
  const resolved = resolve(a, state, ctx);
  // A new question is understood as it was asked (not in its normalised form: 「，」 stays 「，」).
  if (resolved.kind === "new") return { ...resolved, standalone: a.raw.trim() };
  return resolved.kind === "more" || resolved.kind === "ordinal" || /[？?！!。]$/u.test(resolved.standalone) ? resolved : { ...resolved, standalone: resolved.standalone + mark };
}

function resolve(a: QuestionAnalysis, state: ConversationState, ctx: FollowupContext): Resolved {
  const q = a.text;
  const last: Turn | undefined = state.turns.at(-1);
  if (!last) return newTopic(q);
  const prefer = new Set(last.docIds);

  if (asksForMore(q)) {
    // 「还有吗」 continues the last real question, past any 「第二个…」 or earlier 「还有吗」, with what it has not quoted yet.
    const continueAfter = new Set<string>();
    let base: Turn = last;
    for (let i = state.turns.length - 1; i >= 0; i--) {
      const t = state.turns[i]!;
      (t.quoted ?? []).forEach((k) => continueAfter.add(k));
      base = t;
      if (t.kind !== "ordinal" && t.kind !== "more") break;
    }
    return { standalone: base.standalone, exclude: new Set(), kind: "more", continueAfter };
  }

  const ord = q.length <= ORDINAL_MAX ? ORDINAL.exec(q) : null;
  // The latest answer that listed something (a refusal in between does not lose the list).
  const listedTurn = [...state.turns].reverse().slice(0, 3).find((t) => t.items?.length);
  if (ord && listedTurn) {
    const item = listedTurn.items![ordinalIndex(ord[1]!)];
    if (item) return { standalone: `详细介绍${item.text}`, exclude: new Set(), kind: "ordinal", focusDoc: item.docId };
  }

  const pron = pronounIn(a);
  if (pron) {
    const referent =
      pron.kind === "person"
        ? (lastOf(state, (t) => t.person) ?? last.subject ?? last.topic)
        : (lastOf(state, (t) => t.subject) ?? last.topic ?? last.person);
    if (referent) return { standalone: q.slice(0, pron.at) + referent + q.slice(pron.at + pron.word.length), exclude: new Set(), kind: "pronoun", prefer };
  }

  const ell = ELLIPSIS.exec(q);
  if (ell && !a.wh) {
    const swapped = swapInto(last, ell[1]!.replace(/^(那么?|那)/u, ""), a);
    if (swapped) return { standalone: swapped, exclude: new Set(), kind: "ellipsis" };
  }

  // A question without a subject of its own leans on the previous turn's.
  if (!ownSubjects(a).length && (a.wh || /^(那|还)/u.test(q)) && (onlyAttributes(a) || aboutWhatWasShown(a, last, ctx))) {
    const bare = q.replace(/^(那么?|那|还有)/u, "");
    const opensWithNoun = /^n/u.test(a.tokens.find((t) => t.start >= q.length - bare.length)?.tag ?? "");
    if (opensWithNoun && last.subject) return { standalone: `${last.subject}的${bare}`, exclude: new Set(), kind: "topic", prefer };
    const topic = last.topic ?? last.subject;
    if (topic) return { standalone: `${topic}${opensWithNoun ? "的" : ""}${bare}`, exclude: new Set(), kind: "topic", prefer };
  }
  return newTopic(q);
}

/**
 * 「那X呢」: the previous question with X in place of what X stands for in it —
 * - a role title alone (「那董事长呢」) replaces the previous role;
 * - a body with a role (「那区政协领导呢」) replaces the previous topic (「区人大常委会的副主任」);
 * - a named thing replaces the previous thing of its kind (「区人大常委会」→「政协」 keeps the level: 区政协);
 * - anything else replaces the previous topic.
 */
function swapInto(last: Turn, x: string, a: QuestionAnalysis): string | undefined {
  const base = last.standalone;
  const roles = lexicon().roles;
  const role = roles.filter((r) => x.endsWith(r)).sort((p, q) => q.length - p.length)[0];
  if (role) {
    if (x === role) {
      const old = roles.filter((r) => base.includes(r)).sort((p, q) => q.length - p.length)[0];
      if (old) return base.replace(old, x);
    } else if (last.topic && base.includes(last.topic) && roles.some((r) => last.topic!.includes(r))) {
      return base.replace(last.topic, x);
    }
  }
  const xKind = a.entities.find((e) => e.text === x)?.kind;
  const previous = named(last).filter((e) => (xKind ? e.kind === xKind : THING_KINDS.has(e.kind) || e.kind === "person"));
  const target = previous.find((e) => base.includes(e.text)) ?? (last.subject && base.includes(last.subject) ? { text: last.subject, kind: "other" } : undefined);
  if (target) {
    // 「区人大常委会」→「那政协呢」: keep the administrative level (区政协).
    const level = /^(区|市|县|省|镇)/u.exec(target.text)?.[1];
    const value = level && !/^(区|市|县|省|镇)/u.test(x) && !x.includes(level) ? `${level}${x}` : x;
    return base.replace(target.text, value);
  }
  if (last.topic && base.includes(last.topic)) return base.replace(last.topic, x);
  return undefined;
}

/** The noun phrase a question is about, before its predicate (「区人大常委会的副主任」). */
export function topicOf(a: QuestionAnalysis): string {
  const cut = a.wh ? a.whAt : a.text.length;
  let topic = "";
  for (const t of a.tokens) {
    if (t.start >= cut) break;
    if (/^(v|p|r|d|c|uj|ul)/u.test(t.tag) && topic && !(t.tag === "uj" && t.word === "的")) break;
    if (!topic && /^(p|r|d|c|uj|ul)/u.test(t.tag)) continue;
    topic += t.word;
  }
  return topic.replace(/(的|是|有|在)+$/u, "").trim();
}

/** What a turn remembers for later ones: its named things, subject, topic and person. */
export function describeTurn(a: QuestionAnalysis, answered: { person?: string; thing?: string }, prev: Turn | undefined, kind: FollowupKind): Pick<Turn, "entities" | "subject" | "topic" | "person"> {
  const entities: NamedThing[] = ownSubjects(a).map((e) => ({ text: e.text, kind: e.kind }));
  const generic = lexicon().genericPlaces;
  const topic = topicOf(a);
  const things = entities.filter((e) => THING_KINDS.has(e.kind) && !generic.has(e.text));
  const continued = kind !== "new";
  const subject = things.find((e) => topic.includes(e.text))?.text ?? things[0]?.text ?? answered.thing ?? (continued ? prev?.subject : undefined);
  const askedPerson = a.type === "who" ? answered.person : undefined;
  const person = askedPerson ?? entities.find((e) => e.kind === "person")?.text ?? answered.person ?? (continued ? prev?.person : undefined);
  return { entities, ...(subject ? { subject } : {}), ...(topic ? { topic } : {}), ...(person ? { person } : {}) };
}
