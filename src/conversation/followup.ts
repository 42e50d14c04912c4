/**
 * How a question stands to the conversation before it, decided from its analysis and the chat's state:
 * - 「还有吗」 → more of the last real question (the sentences not yet quoted);
 * - 「第二个详细说说」 → the second item of the last list;
 * - a word that points back (他, 他们, 它们, 该公司, 那里, 当天, 会上) → what it can mean, of the right kind and
 *   number, from the latest turn that offers one (antecedents.ts);
 * - 「那X呢」 → the previous question with X in place of what X stands for;
 * - anything else: whether it leans on the conversation at all is the dependence model's call
 *   (dependence.ts, fit on conversations), and a subject-less question that does takes the subject.
 * Whatever depends on the conversation also carries the context retrieval weighs (the previous
 * question's words, the articles just cited); only a well-formed rewrite is shown (rewrite.ts).
 */
import { functionPattern, lexicon } from "../lexicon/lexicon.js";
import { kindBySuffix } from "../text/names.js";
import type { QuestionAnalysis } from "../question/analyse.js";
import type { WeightedTerm } from "../question/terms.js";
import { pointingWordsIn, type PointingWord } from "../question/pointing.js";
import { antecedentsOf, canMean, type Antecedent } from "./antecedents.js";
import { dependence } from "./dependence.js";
import { nameOf, substitute, swapInto, wellFormed, withSubject } from "./rewrite.js";
import type { ConversationState, FollowupKind, NamedThing, Turn } from "./state.js";

export interface Resolved {
  standalone: string;
  /** Documents to skip. */
  exclude: Set<string>;
  kind: FollowupKind;
  /** The document an ordinal follow-up points at. */
  focusDoc?: string;
  /** Documents to prefer in retrieval (the articles the previous answer cited). */
  prefer?: Set<string>;
  /** 「还有吗」: the sentences already quoted for the question it continues (sentenceKey). */
  continueAfter?: Set<string>;
  /** The previous question's search terms, which retrieval adds at the given weight. */
  context?: { terms: WeightedTerm[]; weight: number };
}

export interface FollowupContext {
  /** Text of a document (to tell whether a question's words are those of what was just shown). */
  docText?(docId: string): string | undefined;
  /** The previous question's search terms (from its analysis). */
  termsOf?(question: string): WeightedTerm[];
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
const SUBJECT_KINDS = new Set(["person", "organisation", "place", "project", "event", "title", "other"]);
/** The kinds of thing a subject-less question can be about (a name, not a word such as 同比). */
const NAMED_SUBJECT = new Set(["organisation", "project", "event", "place", "title", "other"]);
/** How far back a pointing word looks for what it means. */
const LOOK_BACK = 3;

const newTopic = (q: string): Resolved => ({ standalone: q, exclude: new Set(), kind: "new" });
const ordinalIndex = (s: string): number => (/^\d+$/u.test(s) ? Number(s) - 1 : (CN_DIGITS[s] ?? 1) - 1);
const ownSubjects = (a: QuestionAnalysis): QuestionAnalysis["entities"] => a.entities.filter((e) => SUBJECT_KINDS.has(e.kind));

/**
 * Whether the question names what it is about in its own noun phrase, even where no entity was read
 * (「武进区委书记是谁」: 武进区委 ends as a body's name does).
 */
function namesOwnSubject(a: QuestionAnalysis): boolean {
  if (ownSubjects(a).length) return true;
  const topic = topicOf(a);
  for (let end = 3; end <= topic.length; end++) {
    const kind = kindBySuffix(topic.slice(0, end));
    if (kind && kind !== "project") return true;
  }
  return false;
}

/** What a turn offers (states saved before antecedents existed: its named things and person). */
function offered(turn: Turn): Antecedent[] {
  if (turn.antecedents) return turn.antecedents;
  const named = turn.entities.map((e): NamedThing => (typeof e === "string" ? { text: e, kind: "other" } : e));
  return [
    ...(turn.person ? [{ text: turn.person, kind: "person" as const }] : []),
    ...named.map((e) => ({ text: e.text, kind: e.kind as Antecedent["kind"] })),
  ];
}

/** The latest thing the conversation offers that the pointing word can mean. */
function meaningOf(word: PointingWord, state: ConversationState): Antecedent | undefined {
  for (const turn of state.turns.slice(-LOOK_BACK).reverse()) {
    const found = offered(turn).find((a) => canMean(word.kind, a));
    if (found) return found;
  }
  // 它 after a question about something no recogniser names (「新巴82线来往哪里？」): what that question was about
  const topic = state.turns.at(-1)?.topic;
  return word.kind === "thing" && topic ? { text: topic, kind: "other" } : undefined;
}

const eventOf = (state: ConversationState): Antecedent | undefined =>
  offered(state.turns.at(-1)!).find((a) => a.kind === "event") ?? (state.turns.at(-1)!.topic ? { text: state.turns.at(-1)!.topic!, kind: "event" } : undefined);

export function resolveFollowup(a: QuestionAnalysis, state: ConversationState, ctx: FollowupContext = {}): Resolved {
  // The question as understood keeps the mark it was asked with (「…是谁？」).
  const mark = /[？?！!。]+$/u.exec(a.raw.trim())?.[0].replace(/\?/gu, "？") ?? "";
  const resolved = resolve(a, state, ctx);
  // A question taken as it is keeps its own words (not the normalised form: 「，」 stays 「，」).
  if (resolved.standalone === a.text) return { ...resolved, standalone: a.raw.trim() };
  return resolved.kind === "more" || resolved.kind === "ordinal" || /[？?！!。]$/u.test(resolved.standalone)
    ? resolved
    : { ...resolved, standalone: resolved.standalone + mark };
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
  const listedTurn = [...state.turns]
    .reverse()
    .slice(0, 3)
    .find((t) => t.items?.length);
  if (ord && listedTurn) {
    const item = listedTurn.items![ordinalIndex(ord[1]!)];
    if (item) return { standalone: `详细介绍${item.text}`, exclude: new Set(), kind: "ordinal", focusDoc: item.docId };
  }

  const p = dependence(a, last, ctx);
  const context = ctx.termsOf ? { terms: ctx.termsOf(last.standalone), weight: p.contextWeight } : undefined;
  const leaning = (standalone: string, kind: FollowupKind): Resolved => ({
    standalone,
    exclude: new Set(),
    kind,
    prefer,
    ...(context && p.contextWeight > 0 ? { context } : {}),
  });

  const words = pointingWordsIn(a).filter((w) => w.kind !== "earlier");
  if (words.length) {
    // each word replaced by what it means, from the last (so that the earlier ones keep their places)
    let rewritten = q;
    const inserted: string[] = [];
    for (const word of [...words].reverse()) {
      const meant = meaningOf(word, state);
      if (!meant) continue;
      const next = substitute(rewritten, word, meant, eventOf(state));
      if (next !== rewritten) inserted.push(nameOf(meant));
      rewritten = next;
    }
    if (rewritten !== q && wellFormed(rewritten, q, inserted)) return leaning(rewritten, "pronoun");
    // pointing back at nothing that fits: the context still helps find what it means
    return leaning(q, "pronoun");
  }

  const ell = ELLIPSIS.exec(q);
  if (ell && !a.wh) {
    const x = ell[1]!.replace(/^(那么?|那)/u, "");
    const xKind = a.entities.find((e) => e.text === x)?.kind;
    const replaced =
      offered(last).find((o) => (xKind ? o.kind === xKind : o.kind !== "items" && o.kind !== "day") && last.standalone.includes(o.text))?.text ??
      (last.topic && last.standalone.includes(last.topic) ? last.topic : undefined);
    const swapped = swapInto(last.standalone.replace(/[？?。！!]+$/u, ""), x, replaced, last.topic);
    if (swapped && wellFormed(swapped, q)) return leaning(swapped, "ellipsis");
  }

  // a question made only of attributes and role titles (「总经理是谁」「总投资多少」) asks them of the previous subject
  const attributesOnly = dependenceIsCertain(a);
  if (p.depends < p.at && !attributesOnly) return newTopic(q);
  if (namesOwnSubject(a)) return leaning(q, "context");
  const rewritten = withPreviousSubject(a, last);
  return rewritten ? leaning(rewritten, "topic") : leaning(q, "context");
}

/** Whether every content word of a question is an attribute or a role title (data/attributes.txt, data/roles.txt). */
function dependenceIsCertain(a: QuestionAnalysis): boolean {
  const lex = lexicon();
  return a.words.length > 0 && a.words.every((w) => lex.attributes.has(w.word) || lex.roles.includes(w.word));
}

/**
 * A subject-less question with the previous subject put in front, where that reads as one question:
 * one that opens with a noun (「完成率是多少」→「X的完成率是多少」) or with 有/是 and its wh-word
 * (「有哪些领导参加」→「X有哪些领导参加」) takes the previous topic; a 是…的 question that opens with its
 * wh-word (「谁投资建设的」) reads 「X是谁投资建设的」; one whose wh-word is its subject (「谁被扣押了」)
 * is not rewritten (its search still weighs the context).
 */
function withPreviousSubject(a: QuestionAnalysis, last: Turn): string | undefined {
  const q = a.text;
  const named = offered(last).find((x) => NAMED_SUBJECT.has(x.kind) && (x.kind !== "other" || x.text.length >= 3) && x.text === last.subject)?.text;
  if (!named) return undefined;
  const topic = last.topic && last.topic.includes(named) ? last.topic : named;
  const bare = q.replace(/^(那么?|那|还有)/u, "");
  const from = q.length - bare.length;
  const at = a.tokens.findIndex((t) => t.start >= from);
  // (a "noun" the aspect particle 了/着/过 follows is a verb: 「调度了哪些工作」 is no 「X的调度了…」)
  const opensWithNoun = /^n/u.test(a.tokens[at]?.tag ?? "") && !/^(ul|uz|ug)$/u.test(a.tokens[at + 1]?.tag ?? "");
  const opensWithVerbWh = /^(有|是)/u.test(bare) && (a.whAt === from || a.whAt === from + 1);
  const opensWithWh = a.whAt === from && /的[？?]?$/u.test(q);
  if (q.includes(named)) return undefined;
  const rewritten = opensWithNoun ? withSubject(q, topic, true) : opensWithVerbWh ? `${topic}${bare}` : opensWithWh ? `${named}是${bare}` : undefined;
  return rewritten && wellFormed(rewritten, q) ? rewritten : undefined;
}

/**
 * The noun phrase a question is about, before its predicate (「区人大常委会的副主任」), with the words
 * before a 的 that modify it (「1—10月新增入库的市重大项目」: a verb followed by 的 is part of the phrase).
 */
function topicOf(a: QuestionAnalysis): string {
  const cut = a.wh ? a.whAt : a.text.length;
  const before = a.tokens.filter((t) => t.start < cut);
  const lastDe = before.map((t) => t.tag === "uj" && t.word === "的").lastIndexOf(true);
  let topic = "";
  for (const [i, t] of before.entries()) {
    if (/^(v|p|r|d|c|uj|ul)/u.test(t.tag) && topic && !(t.tag === "uj" && t.word === "的") && !(/^v/u.test(t.tag) && i < lastDe)) break;
    if (!topic && /^(p|r|d|c|uj|ul)/u.test(t.tag)) continue;
    topic += t.word;
  }
  return topic.replace(/(的|是|有|在)+$/u, "").trim();
}

/** What a turn remembers for later ones: what it offers to point back at, its subject, topic and person. */
export function describeTurn(
  a: QuestionAnalysis,
  answered: { person?: string; thing?: string; span?: { text: string; kind: string }; items?: Array<{ text: string }> },
  prev: Turn | undefined,
  kind: FollowupKind,
): Pick<Turn, "entities" | "subject" | "topic" | "person" | "antecedents"> {
  const entities: NamedThing[] = ownSubjects(a).map((e) => ({ text: e.text, kind: e.kind }));
  const topic = topicOf(a);
  const things = entities.filter((e) => e.kind !== "person");
  const continued = kind !== "new";
  const subject = things.find((e) => topic.includes(e.text))?.text ?? things[0]?.text ?? answered.thing ?? (continued ? prev?.subject : undefined);
  const askedPerson = a.type === "who" ? answered.person : undefined;
  const person = askedPerson ?? entities.find((e) => e.kind === "person")?.text ?? answered.person ?? (continued ? prev?.person : undefined);
  const antecedents = antecedentsOf(a, answered);
  if (person && !antecedents.some((x) => x.text === person)) antecedents.push({ text: person, kind: "person" });
  if (continued && prev?.antecedents) for (const x of prev.antecedents) if (!antecedents.some((y) => y.text === x.text)) antecedents.push(x);
  return { entities, ...(subject ? { subject } : {}), ...(topic ? { topic } : {}), ...(person ? { person } : {}), antecedents: antecedents.slice(0, 12) };
}
