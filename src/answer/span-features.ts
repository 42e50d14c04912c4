/**
 * What says a candidate span (candidates.ts) is the answer to a question, as features of the fitted
 * span model (SPAN_FEATURES): its kind against the kind the question asks for; its shape (words,
 * part of speech at its edges, clauses); how it stands to the question's words in the sentence —
 * whether the question's words just before the wh-phrase stand just before it and those after stand
 * just after it (the question said back with the span in place of the wh-phrase), how far the nearest
 * question word is, how much of it the question already says; the noun the wh-word governs, the role
 * it names, the predicate; and how good its sentence is. Computed for every candidate of the best
 * sentences (hundreds a question), so all that does not depend on the candidate is found once per
 * sentence (SentenceView).
 */
import { escapeRegExp, functionPattern, lexicon } from "../lexicon/lexicon.js";
import { FeatureWriter } from "../models/features.js";
import type { QuestionAnalysis } from "../question/analyse.js";
import type { Token } from "../question/tokens.js";
import { looksLikeChineseName } from "../text/names.js";
import { candidatesOf, recognised, TAG_GROUPS, tagGroup, type Candidate, type SpanKind, type TagGroup } from "./candidates.js";
import { SPAN_FEATURES } from "./features.js";
import { predicateWords, SlotFinder, type Region } from "./slot.js";

/** The kinds that answer each type of question, the first one best. */
const WANTED: Record<QuestionAnalysis["type"], SpanKind[]> = {
  who: ["person", "organisation"],
  which: ["organisation", "title", "place"],
  where: ["place", "organisation"],
  when: ["date"],
  number: ["figure"],
  what: ["title", "organisation", "person", "place", "figure"],
  list: [],
  detail: [],
};

const CLAUSE_MARK = /[，,；;：:。！？!?]/u;
/** Marks that end a statement of a sentence that says several (「…完成率109.6%；新增入库市重大项目41个，完成率164%」). */
const STATEMENT_MARK = /[；;。！？!?]/u;
const OPEN_QUOTE = /[“《「『（(]/u;
const CLOSE_QUOTE = /[”》」』）)]/u;
/** Particles at the end of the question's words before the wh-phrase (or the start of those after) that anchor nothing. */
const SOFT_END = /(了|的|是|在|有|为|被|于|都|也|还|又|要|将|会|，|,|\s)$/u;
const SOFT_START = /^(了|的|是|在|有|为|被|于|都|也|还|又|要|将|会|，|,|\s)/u;
/** How far (characters) alignment and nearness look around a candidate. */
const WINDOW = 12;

const writer = new FeatureWriter(SPAN_FEATURES);
let placeWordPattern: RegExp | undefined;
const placeWords = (): RegExp => (placeWordPattern ??= new RegExp(`(?:${functionPattern("place-verbs")})`, "gu"));
const FIRST_NAMES = TAG_GROUPS.map((g) => `first${g[0]!.toUpperCase()}${g.slice(1)}` as (typeof SPAN_FEATURES)[number]);
const LAST_NAMES = TAG_GROUPS.map((g) => `last${g[0]!.toUpperCase()}${g.slice(1)}` as (typeof SPAN_FEATURES)[number]);
const KIND_FEATURES: Partial<Record<SpanKind, (typeof SPAN_FEATURES)[number]>> = {
  person: "kindPerson",
  organisation: "kindOrganisation",
  place: "kindPlace",
  figure: "kindFigure",
  date: "kindDate",
  title: "kindTitle",
};

/** One sentence as every candidate of it is featured: computed once. */
export interface SentenceView {
  text: string;
  lower: string;
  tokens: readonly Token[];
  groups: TagGroup[];
  candidates: Candidate[];
  /** Characters covered by a question word. */
  cover: Uint8Array;
  /** Each matched question word occurrence, with the word's index. */
  hits: Array<{ at: number; end: number; word: number }>;
  clauseOf: Int32Array;
  /** Which statement (between 。；！？) each position is in. */
  statementOf: Int32Array;
  /** Positions right after a role title (「总经理|秦金玉」), and after the role the question asks about. */
  afterRole: Uint8Array;
  /** Positions right after a word that brings a place (「在|常州科教城」, data/function-words.tsv place-verbs). */
  afterLocative: Uint8Array;
  afterAskedRole: Uint8Array;
  slot: Region | undefined;
  score: number;
  rank: number;
  /** Recognised spans of the first wanted kind. */
  wanted: Array<{ start: number; end: number }>;
}

export class SpanFeaturizer {
  private readonly left: string;
  private readonly right: string;
  private readonly whNoun: string;
  private readonly forms: string[][];
  private readonly weights: number[];
  private readonly total: number;
  private readonly predicate: Set<number>;
  /** Which of the question's words stand before its wh-phrase (1), after it (2), or neither (0). */
  private readonly side: Uint8Array;
  private readonly focus: Set<number>;
  private readonly slots: SlotFinder;
  private readonly wantedKinds: SpanKind[];
  /** The asked nouns (focus words, and the noun the wh-word governs), escaped for patterns. */
  private readonly focusForms: string[];
  private readonly types: Record<"askWhen" | "askNumber" | "askWho" | "askWhere" | "askWhich" | "askWhat" | "askList", number>;

  constructor(private readonly q: QuestionAnalysis) {
    const bare = q.text.toLowerCase();
    const before = q.whAt >= 0 ? bare.slice(0, q.whAt) : bare;
    this.left = trimSoft(before, SOFT_END, "end");
    this.right = q.whAt >= 0 ? trimSoft(bare.slice(q.askedEnd >= 0 ? q.askedEnd : q.whAt + q.wh.length), SOFT_START, "start") : "";
    this.whNoun = q.whNoun.toLowerCase();
    this.forms = q.words.map((w) => [
      ...new Set([w.word, ...w.forms, ...w.synonyms].map((f) => f.toLowerCase()).filter((f) => f.length >= 2 || /[a-z0-9]/u.test(f))),
    ]);
    this.weights = q.words.map((w) => w.weight);
    this.total = this.weights.reduce((a, b) => a + b, 0) || 1;
    const predicate = new Set(predicateWords(q));
    this.predicate = new Set(q.words.flatMap((w, i) => (predicate.has(w.word) ? [i] : [])));
    this.focus = new Set(q.words.flatMap((w, i) => (q.focus.includes(w.word) ? [i] : [])));
    this.slots = new SlotFinder(q);
    this.side = Uint8Array.from(q.words, (w) => {
      if (q.whAt < 0) return 0;
      const at = bare.indexOf(w.word.toLowerCase());
      return at < 0 ? 0 : at < q.whAt ? 1 : at >= (q.askedEnd >= 0 ? q.askedEnd : q.whAt) ? 2 : 0;
    });
    this.wantedKinds = WANTED[q.type];
    this.focusForms = [...new Set([...q.focus, q.whNoun].filter((f) => f.length >= 2).map((f) => escapeRegExp(f.toLowerCase())))];
    const t = q.type;
    this.types = {
      askWhen: +(t === "when"),
      askNumber: +(t === "number"),
      askWho: +(t === "who"),
      askWhere: +(t === "where"),
      askWhich: +(t === "which"),
      askWhat: +(t === "what" || t === "detail"),
      askList: +(t === "list"),
    };
  }

  /** The view of one sentence that every candidate's features read, with its candidates. */
  view(text: string, tokens: readonly Token[], score: number, rank: number): SentenceView {
    const lower = text.toLowerCase();
    const cover = new Uint8Array(text.length);
    const hits: SentenceView["hits"] = [];
    this.forms.forEach((forms, word) => {
      for (const form of forms) {
        for (let at = lower.indexOf(form); at >= 0; at = lower.indexOf(form, at + 1)) {
          hits.push({ at, end: at + form.length, word });
          cover.fill(1, at, at + form.length);
        }
      }
    });
    // clauses end at their marks, except inside quotes and titles (「以“降本提质，开放合作”为主题」 is one clause)
    const clauseOf = new Int32Array(text.length + 1);
    const statementOf = new Int32Array(text.length + 1);
    let clause = 0;
    let statement = 0;
    let quoted = 0;
    for (let i = 0; i < text.length; i++) {
      clauseOf[i] = clause;
      statementOf[i] = statement;
      const ch = text[i]!;
      if (OPEN_QUOTE.test(ch)) quoted++;
      else if (CLOSE_QUOTE.test(ch)) quoted = Math.max(0, quoted - 1);
      else if (!quoted && CLAUSE_MARK.test(ch)) {
        clause++;
        if (STATEMENT_MARK.test(ch)) statement++;
      }
    }
    clauseOf[text.length] = clause;
    statementOf[text.length] = statement;
    const afterRole = new Uint8Array(text.length + 1);
    const afterAskedRole = new Uint8Array(text.length + 1);
    for (const role of lexicon().roles) {
      for (let at = text.indexOf(role); at >= 0; at = text.indexOf(role, at + 1)) {
        afterRole[at + role.length] = 1;
        if (this.q.role && role.includes(this.q.role))
          for (let k = at + role.length; k <= Math.min(text.length, at + role.length + 2); k++) afterAskedRole[k] = 1;
      }
    }
    const afterLocative = new Uint8Array(text.length + 1);
    for (const m of text.matchAll(placeWords())) afterLocative[m.index + m[0].length] = 1;
    const found = recognised(text);
    const first = this.wantedKinds[0];
    const wanted = found.filter((r) => r.kind === first).map((r) => ({ start: r.start, end: r.start + r.text.length }));
    const groups = tokens.map(tagGroup);
    const candidates = candidatesOf(text, tokens, groups, found);
    return {
      text,
      lower,
      tokens,
      groups,
      candidates,
      cover,
      hits,
      clauseOf,
      statementOf,
      afterRole,
      afterAskedRole,
      afterLocative,
      slot: this.slots.region(lower),
      score,
      rank,
      wanted,
    };
  }

  /** The features of a candidate of a sentence; `others`: the other best sentences' texts (lower-cased). */
  features(c: Candidate, s: SentenceView, others: readonly string[]): number[] {
    const x = writer.start();
    const set = (name: (typeof SPAN_FEATURES)[number], value: number | boolean): void => writer.set(x, name, +value);
    const lower = c.text.toLowerCase();
    const len = c.end - c.start;
    for (const [name, value] of Object.entries(this.types)) set(name as keyof typeof this.types, value);
    for (const name of Object.values(KIND_FEATURES)) set(name, 0);
    const kindFeature = KIND_FEATURES[c.kind];
    if (kindFeature) set(kindFeature, 1);
    set("nameShape", looksLikeChineseName(c.text) || /^\p{Script=Han}{1,6}[·•・]\p{Script=Han}{1,8}/u.test(c.text));
    set("wantedKind", this.wantedKinds[0] === c.kind ? 1 : this.wantedKinds.includes(c.kind) ? 0.6 : 0);
    set(
      "holdsWanted",
      s.wanted.some((w) => w.start >= c.start && w.end <= c.end),
    );
    set("unitFit", unitFit(c.text, c.kind, this.q));
    set("chars", Math.min(1, len / 20));
    const words = c.first <= c.last ? c.last - c.first + 1 : 0;
    set("words", Math.min(1, words / 8));
    const firstGroup = words ? s.groups[c.first] : undefined;
    const lastGroup = words ? s.groups[c.last] : undefined;
    TAG_GROUPS.forEach((g, i) => {
      set(FIRST_NAMES[i]!, firstGroup === g);
      set(LAST_NAMES[i]!, lastGroup === g);
    });
    let verb = false;
    for (let i = c.first; i <= c.last; i++) if (s.groups[i] === "verb") verb = true;
    set("holdsVerb", verb);
    const clause = s.clauseOf[c.start]!;
    const endClause = s.clauseOf[Math.max(c.start, c.end - 1)]!;
    set("crossesClause", endClause > clause);
    set("enumerates", c.text.includes("、"));
    set("clauseStart", c.start === 0 || CLAUSE_MARK.test(s.text[c.start - 1] ?? ""));
    set("clauseEnd", c.end >= s.text.length || CLAUSE_MARK.test(s.text[c.end] ?? ""));
    let covered = 0;
    for (let i = c.start; i < c.end; i++) covered += s.cover[i]!;
    set("questionShare", len ? covered / len : 1);
    this.setContext(x, c, s, clause, endClause);
    const textBefore = s.lower.slice(Math.max(0, c.start - WINDOW), c.start);
    const textAfter = s.lower.slice(c.end, c.end + WINDOW);
    set("leftMatch", Math.min(8, commonSuffix(this.left, textBefore)) / 8);
    set("rightMatch", Math.min(8, commonPrefix(this.right, textAfter)) / 8);
    set("leftNear", this.left.length >= 2 && textBefore.includes(this.left.slice(-2)));
    set("rightNear", this.right.length >= 2 && textAfter.includes(this.right.slice(0, 2)));
    set("whNounEnd", this.whNoun !== "" && lower.endsWith(this.whNoun));
    set("whNounAfter", this.whNoun !== "" && textAfter.startsWith(this.whNoun));
    set("whNounBefore", this.whNoun !== "" && textBefore.endsWith(this.whNoun));
    set("roleBefore", s.afterRole[c.start]!);
    set("askedRoleBefore", s.afterAskedRole[c.start]!);
    const slot = s.slot;
    set("inSlot", slot !== undefined && c.start >= slot.start && c.end <= slot.end);
    set("slotShare", slot ? Math.max(0, Math.min(slot.end, c.end) - Math.max(slot.start, c.start)) / Math.max(len, slot.end - slot.start) : 0);
    set("opening", c.start <= 6 && /^\s*[，,]/u.test(s.text.slice(c.end, c.end + 2)));
    // what the sentence says the asked noun is (「主题为X」「以X为主题」「名为X」)
    set(
      "saidOfFocus",
      this.focusForms.some(
        (f) => new RegExp(`${f}(?:为|是|叫做?|名为|称为)$`, "u").test(textBefore) || (textAfter.startsWith(`为${f}`) && /以$/u.test(textBefore)),
      ),
    );
    // a place after the word that brings it (「在常州科教城」「位于湖塘科技产业园」)
    set("afterLocative", s.afterLocative[c.start]!);
    set("position", s.text.length ? c.start / s.text.length : 0);
    set("sentenceScore", s.score);
    set("sentenceRank", s.rank);
    let repeated = 0;
    for (const o of others) if (o.includes(lower)) repeated++;
    set("repeated", Math.min(2, repeated) / 2);
    return writer.done(x);
  }

  /** How the question's words outside the candidate stand to it: nearness, the clause's share of the question, predicate and focus. */
  private setContext(x: Float64Array, c: Candidate, s: SentenceView, clause: number, endClause: number): void {
    let nearest = Infinity;
    let before = false;
    let after = false;
    let predicateBefore = false;
    let predicateAfter = false;
    let afterFocus = false;
    // the question's words before its wh-phrase should stand before the answer, those after it after
    const agree = new Set<number>();
    const clash = new Set<number>();
    const inClause = new Set<number>();
    const inStatement = new Set<number>();
    const inSentence = new Set<number>();
    for (const h of s.hits) {
      if (h.at >= c.start && h.end <= c.end) continue;
      inSentence.add(h.word);
      const d = h.end <= c.start ? c.start - h.end : h.at >= c.end ? h.at - c.end : 0;
      if (d < nearest) nearest = d;
      if (h.end <= c.start && c.start - h.end <= 1) before = true;
      if (h.at >= c.end && h.at - c.end <= 1) after = true;
      const hClause = s.clauseOf[h.at]!;
      const sameClause = hClause >= clause && hClause <= endClause;
      if (sameClause) inClause.add(h.word);
      if (s.statementOf[h.at] === s.statementOf[c.start]) inStatement.add(h.word);
      if (sameClause && this.predicate.has(h.word)) {
        if (h.end <= c.start) predicateBefore = true;
        if (h.at >= c.end) predicateAfter = true;
      }
      if (this.focus.has(h.word) && h.end <= c.start && c.start - h.end <= 14) afterFocus = true;
      const side = this.side[h.word]!;
      if (side) ((side === 1 && h.end <= c.start) || (side === 2 && h.at >= c.end) ? agree : clash).add(h.word);
    }
    const share = (set: Iterable<number>): number => {
      let w = 0;
      for (const i of set) w += this.weights[i]!;
      return w / this.total;
    };
    writer.set(x, "nearWord", Number.isFinite(nearest) ? Math.exp(-nearest / 8) : 0);
    writer.set(x, "wordBefore", +before);
    writer.set(x, "wordAfter", +after);
    writer.set(x, "clauseWords", share(inClause));
    writer.set(x, "statementWords", share(inStatement));
    writer.set(x, "sentenceWords", share(inSentence));
    writer.set(x, "predicateBefore", +predicateBefore);
    writer.set(x, "predicateAfter", +predicateAfter);
    writer.set(x, "afterFocus", +afterFocus);
    writer.set(x, "orderAgree", share(agree));
    writer.set(x, "orderClash", share([...clash].filter((w) => !agree.has(w))));
  }
}

/** The text without the particles at one end (「…的」「是…」), and without the commas around it. */
function trimSoft(text: string, soft: RegExp, end: "start" | "end"): string {
  let out = text.replace(/^[\s，,]+|[\s，,]+$/gu, "");
  for (let k = 0; k < 4; k++) {
    const m = soft.exec(out);
    if (!m) break;
    out = end === "end" ? out.slice(0, -m[0].length) : out.slice(m[0].length);
  }
  return out;
}

function commonSuffix(a: string, b: string): number {
  let k = 0;
  while (k < a.length && k < b.length && a[a.length - 1 - k] === b[b.length - 1 - k]) k++;
  return k;
}

function commonPrefix(a: string, b: string): number {
  let k = 0;
  while (k < a.length && k < b.length && a[k] === b[k]) k++;
  return k;
}

function unitFit(text: string, kind: SpanKind, q: QuestionAnalysis): number {
  if (kind !== "figure" && !/\d/u.test(text)) return 0;
  const bare = text.replace(/(左右|以上|多|余)$/u, "");
  if (
    (q.unit && text.toLowerCase().includes(q.unit.toLowerCase())) ||
    (q.classifier && bare.endsWith(q.classifier)) ||
    (q.wantsRate && /[%‰倍]|百分点/u.test(text))
  )
    return 1;
  return q.unit || q.classifier || q.wantsRate ? 0 : 0.5;
}
