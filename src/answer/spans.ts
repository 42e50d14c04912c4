/**
 * Answer spans: candidates of the kinds a question asks for (persons, organisations, places, figures
 * with units, dates, titles and quoted names, the phrase in the aligned slot) in a sentence, found with
 * nodejieba's part-of-speech tags, the patterns of kinds.ts and the slot alignment of slot.ts, each with
 * the features that say how likely it is the answer: its kind, whether it stands in the slot, how close
 * it stands to the question's words, whether the question already says it. The weights come from data
 * (model.ts); a span the question itself holds is never offered.
 */
import { alternation, escapeRegExp, lexicon } from "../lexicon/lexicon.js";
import type { QuestionAnalysis } from "../question/analyse.js";
import { tagged, type Token } from "../question/tokens.js";
import { kindBySuffix, looksLikeChineseName } from "../text/names.js";
import type { Sentence } from "./evidence.js";
import { datesIn, figuresIn, organisationsIn, personsByPattern, placesIn, titlesIn, type Found } from "./kinds.js";
import type { WordMatcher } from "./match.js";
import { predicateWords, SlotFinder, type Region } from "./slot.js";

export type SpanKind = "person" | "organisation" | "place" | "figure" | "date" | "title" | "phrase";

export interface Span {
  /** The span as the sentence has it. */
  text: string;
  /** What a lead shows: the text, and for a date without a year, the year the sentence or article gives it. */
  shown: string;
  kind: SpanKind;
  start: number;
  sentence: Sentence;
  features: number[];
  score: number;
}


/** The kinds that answer each type of question, the first one best. */
const WANTED: Record<QuestionAnalysis["type"], SpanKind[]> = {
  who: ["person", "organisation", "phrase"],
  which: ["organisation", "phrase", "title", "place"],
  where: ["place", "organisation", "phrase"],
  when: ["date"],
  number: ["figure"],
  what: ["phrase", "title", "organisation", "person", "place", "figure"],
  list: [],
  detail: [],
};

function wantedKinds(q: QuestionAnalysis): SpanKind[] {
  if (q.type === "which" && q.whNoun && kindBySuffix(`某${q.whNoun}`) === "place") return ["place", "organisation", "phrase"];
  return WANTED[q.type];
}

interface Raw {
  text: string;
  kind: SpanKind;
  start: number;
  byTag: boolean;
}


/** Tags of words that can be part of a name. */
const NAMEISH = /^(n|nr|nrt|nrfg|ns|nt|nz|x|eng|j|vn|l|m|a|b|f|s)$/u;

/** A span moved forward to its first word that can start a name (「但国际劳工组织」→ 国际劳工组织). */
function trimToName(found: Found, tokens: readonly Token[]): Found | undefined {
  const end = found.start + found.text.length;
  for (const t of tokens) {
    if (t.start + t.word.length <= found.start) continue;
    if (t.start >= end) break;
    if (t.start >= found.start && NAMEISH.test(t.tag) && !/^[\p{P}\s]/u.test(t.word)) {
      const text = found.text.slice(t.start - found.start);
      return text.length >= 2 ? { text, start: t.start } : undefined;
    }
  }
  return undefined;
}

/** Tags of the words that end a foreign name (the particle, preposition or verb after it). */
const AFTER_FOREIGN = /^(uj|ul|uz|p|v|vn|c|d|f|r|m|q)$/u;

/**
 * Foreign names (「…议长林赛·霍伊尔，他…」「达丽嘉·纳扎尔巴耶娃的议员职权」): the part before the dot
 * starts at the last word before it; the part after ends before the first particle, preposition or verb.
 */
function foreignNames(text: string, tokens: readonly Token[]): Found[] {
  const out: Found[] = [];
  for (const m of text.matchAll(/(\p{Script=Han}{1,8})((?:[·•・\-－]\p{Script=Han}{1,8})+)/gu)) {
    const dot = m.index! + m[1]!.length;
    const before = tokens.filter((t) => t.start < dot && t.start + t.word.length > m.index!).at(-1);
    const start = before ? Math.max(before.start, m.index!) : m.index!;
    let end = m.index! + m[0].length;
    const lastDot = m.index! + m[0].search(/[·•・\-－][^·•・\-－]*$/u) + 1;
    const stop = tokens.find((t) => t.start > lastDot && t.start < end && AFTER_FOREIGN.test(t.tag));
    if (stop) end = stop.start;
    out.push({ text: text.slice(start, end), start });
  }
  return out;
}

/** Punctuation a span does not start or end with (a percent sign, a closing quote or bracket it may). */
const EDGE_START = /^[\s，,。；;：:、！？!?—\-…·•.'"‘’“”」』）)》]+/u;
const EDGE_END = /[\s，,。；;：:、！？!?—\-…·•'"‘“「『（(《]+$/u;
const trimEdges = (s: string): string => s.replace(EDGE_START, "").replace(EDGE_END, "");

/** Candidate spans of every kind in a sentence (before scoring). */
export function candidates(text: string, q: QuestionAnalysis, slot: Region | undefined): Raw[] {
  const out: Raw[] = [];
  const push = (f: Found | undefined, kind: SpanKind, byTag = false): void => {
    if (!f) return;
    const clean = trimEdges(f.text);
    if (!clean) return;
    const start = f.start + f.text.indexOf(clean);
    if (out.some((o) => o.start === start && o.text === clean)) return;
    out.push({ text: clean, kind, start, byTag });
  };
  const wanted = new Set(wantedKinds(q));
  const tokens = tagged(text);
  if (wanted.has("figure")) for (const f of figuresIn(text)) push(f, "figure");
  if (wanted.has("date")) for (const d of datesIn(text)) push(d, "date");
  // Titles and quoted names keep their marks (「《…》」, 「“…”」).
  if (wanted.has("title")) for (const t of titlesIn(text)) if (!out.some((o) => o.start === t.start)) out.push({ text: t.text, kind: "title", start: t.start, byTag: false });
  if (wanted.has("organisation")) for (const o of organisationsIn(text)) push(trimToName(o, tokens), "organisation");
  if (wanted.has("place")) for (const p of placesIn(text)) push(trimToName(p, tokens), "place");
  if (wanted.has("person")) {
    for (const p of personsByPattern(text)) if (!/[·•・]/u.test(p.text)) push(p, "person");
    for (const p of namesAfterRoles(text)) push(p, "person");
    for (const p of foreignNames(text, tokens)) push(p, "person");
  }
  for (const t of taggedNames(tokens)) if (wanted.has(t.kind)) push(t, t.kind, true);
  if (wanted.has("phrase") && slot && slot.end - slot.start >= 2) {
    push({ text: text.slice(slot.start, slot.end), start: slot.start }, "phrase");
    // The slot up to its first verb (「…助理沙利文」 of 「…助理沙利文举行新一轮战略沟通」).
    const verb = tokens.find((t) => t.start >= slot.start + 2 && t.start < slot.end && /^v/u.test(t.tag));
    if (verb) push({ text: text.slice(slot.start, verb.start), start: slot.start }, "phrase");
  }
  if (wanted.has("phrase")) {
    for (const v of valuesSaid(text, q)) push(v, "phrase");
  }
  return out;
}

let roleNames: RegExp | undefined;

/** Every reading of a name right after a role title (「总干事谭德塞因…」: 谭德, 谭德塞, 谭德塞因): the model picks. */
function namesAfterRoles(text: string): Found[] {
  const lex = lexicon();
  roleNames ??= new RegExp(`(?:${alternation(lex.roles).source})(?=\\p{Script=Han}{2})`, "gu");
  const out: Found[] = [];
  for (const m of text.matchAll(roleNames)) {
    const start = m.index! + m[0].length;
    for (const len of [2, 3]) {
      const name = text.slice(start, start + len);
      if (name.length === len && looksLikeChineseName(name)) out.push({ text: name, start });
    }
  }
  return out;
}

/** Tags of the single characters a cut transliterated name leaves around its tagged part. */
const NAME_PIECE = /^(nr|nrt|nrfg|ng|zg|x|j|nz)$/u;

/** Names by part-of-speech tag: personal names (tagged, or unknown words that look like one), runs of place and organisation words. */
function taggedNames(tokens: readonly Token[]): Array<Found & { kind: SpanKind }> {
  const out: Array<Found & { kind: SpanKind }> = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    const w = t.word;
    if (((t.tag === "nr" || t.tag === "nrfg") && w.length >= 2 && w.length <= 4) || (t.tag === "x" && looksLikeChineseName(w))) {
      out.push({ text: w, start: t.start, kind: "person" });
      // Transliterated names the segmenter cuts (「托/卡耶夫」「索尔/德维拉」): also the name with the
      // single characters around it.
      let from = i;
      let to = i;
      while (from > 0 && NAME_PIECE.test(tokens[from - 1]!.tag) && tokens[from - 1]!.word.length === 1 && /\p{Script=Han}/u.test(tokens[from - 1]!.word)) from--;
      while (to + 1 < tokens.length && (NAME_PIECE.test(tokens[to + 1]!.tag) || tokens[to + 1]!.tag === "nr") && /^\p{Script=Han}+$/u.test(tokens[to + 1]!.word) && tokens.slice(from, to + 2).reduce((n, x) => n + x.word.length, 0) <= 6) to++;
      if (from < i || to > i) {
        const start = tokens[from]!.start;
        out.push({ text: tokens.slice(from, to + 1).map((x) => x.word).join(""), start, kind: "person" });
      }
    } else if (t.tag === "ns" || t.tag === "nt") {
      let run = w;
      let j = i + 1;
      while (j < tokens.length && /^(ns|nt|n|nz)$/u.test(tokens[j]!.tag) && run.length < 16) {
        const next = run + tokens[j]!.word;
        if (!kindBySuffix(next) && tokens[j]!.tag === "n") break;
        run = next;
        j++;
      }
      const kind = kindBySuffix(run) ?? (t.tag === "nt" ? "organisation" : "place");
      if (run.length >= 2 && kind !== "project") out.push({ text: run, start: t.start, kind });
      i = j - 1;
    }
  }
  return out;
}


/** What a sentence says the question's focus noun is (「主题为“…”」「目标是…」). */
function valuesSaid(text: string, q: QuestionAnalysis): Found[] {
  const out: Found[] = [];
  for (const f of q.focus) {
    const re = new RegExp(`${escapeRegExp(f)}(?:为|是|叫做?|名为)`, "gu");
    for (const m of text.matchAll(re)) {
      const from = m.index! + m[0].length;
      const rest = text.slice(from);
      const quoted = /^[“"「『][^”"」』]{1,40}[”"」』]/u.exec(rest);
      const value = quoted?.[0] ?? /^[^，,。；;：:]{2,30}(?=[，,。；;：:]|$)/u.exec(rest)?.[0];
      if (value) out.push({ text: value, start: from });
    }
  }
  return out;
}

function clauseSpans(text: string): Region[] {
  const out: Region[] = [];
  let start = 0;
  for (const m of text.matchAll(/[，,；;：:。！？!?]/gu)) {
    out.push({ start, end: m.index! + 1 });
    start = m.index! + 1;
  }
  out.push({ start, end: text.length + 1 });
  return out;
}

/**
 * A date the text gives without a year (「6月25日」), with the year of the nearest full date before it in
 * the sentence, else of the article's date; a date with its year, or with no year to give, unchanged.
 */
export function withYear(date: string, before: string, articleYear: number | undefined): string {
  // 「今年3月」「去年12月」 against the article's year.
  const relative = /^(今年|去年|明年|前年)(?=\d{1,2}月)/u.exec(date);
  if (relative && articleYear) return `${articleYear + { 今年: 0, 去年: -1, 明年: 1, 前年: -2 }[relative[1] as "今年"]}年${date.slice(2)}`;
  if (/\d{4}\s*年|[今明去前]年/u.test(date) || !/^\d{1,2}月/u.test(date)) return date;
  const years = [...before.matchAll(/(\d{4})\s*年/gu)];
  const year = years.length ? Number(years.at(-1)![1]) : articleYear;
  return year ? `${year}年${date}` : date;
}

/** One-hot question type (when, number, who/which, where, what): each type gets its own calibration. */
function typeIndicators(q: QuestionAnalysis): number[] {
  const t = q.type;
  return [t === "when" ? 1 : 0, t === "number" ? 1 : 0, t === "who" || t === "which" ? 1 : 0, t === "where" ? 1 : 0, t === "what" || t === "detail" ? 1 : 0];
}

/** The positions where the segmenter puts a word boundary. */
function tokenBounds(text: string): Set<number> {
  const out = new Set<number>([0, text.length]);
  for (const t of tagged(text)) {
    out.add(t.start);
    out.add(t.start + t.word.length);
  }
  return out;
}

/** Share of a span's characters inside the question's own content words (「杨斌是谁」 is not answered by 杨斌). */
function questionCoverage(span: string, q: QuestionAnalysis): number {
  const lower = span.toLowerCase();
  const covered = new Array<boolean>(lower.length).fill(false);
  for (const { word } of q.words) {
    const w = word.toLowerCase();
    if (w.length < 2) continue;
    for (let at = lower.indexOf(w); at >= 0; at = lower.indexOf(w, at + 1)) for (let i = at; i < at + w.length; i++) covered[i] = true;
  }
  return lower.length ? covered.filter(Boolean).length / lower.length : 1;
}

function unitFit(c: Raw, q: QuestionAnalysis): number {
  if (c.kind !== "figure") return 0;
  const bare = c.text.replace(/(左右|以上|多|余)$/u, "");
  if ((q.unit && c.text.toLowerCase().includes(q.unit.toLowerCase())) || (q.classifier && bare.endsWith(q.classifier)) || (q.wantsRate && /[%‰倍]|百分点/u.test(c.text))) return 1;
  return q.unit || q.classifier || q.wantsRate ? 0 : 0.5;
}

/** Candidates of the best sentences (in order) with their features. */
export function spansOf(sentences: readonly Sentence[], q: QuestionAnalysis, words: WordMatcher): Span[] {
  const out: Span[] = [];
  const wanted = wantedKinds(q);
  const roles = lexicon().roles;
  const focusIdx = q.focus.map((f) => q.words.findIndex((w) => w.word === f)).filter((i) => i >= 0);
  const slots = new SlotFinder(q);
  const names = q.entities.some((e) => e.kind !== "date" && e.kind !== "figure");
  const predicate = predicateWords(q).map((p) => q.words.findIndex((w) => w.word === p)).filter((i) => i >= 0);
  sentences.forEach((s, rank) => {
    const slot = slots.region(s.lower);
    const raw = candidates(s.text, q, slot);
    if (!raw.length) return;
    const bounds = tokenBounds(s.text);
    const wordAt: number[] = [];
    const focusAt: number[] = [];
    q.words.forEach((_, i) => {
      const h = words.hit(s.lower, i);
      if (h.at >= 0 && h.degree >= 0.5) {
        wordAt.push(h.at);
        if (focusIdx.includes(i)) focusAt.push(h.at);
      }
    });
    const predicateAt = predicate.map((i) => words.hit(s.lower, i)).filter((h) => h.degree >= 0.5);
    const clauses = clauseSpans(s.text);
    const clauseOf = (at: number): Region => clauses.find((c) => c.start <= at && at < c.end) ?? clauses.at(-1)!;
    for (const c of raw) {
      // A span the question already says is never an answer.
      if (q.text.toLowerCase().includes(c.text.toLowerCase())) continue;
      const end = c.start + c.text.length;
      const distance = (ats: number[]): number => (ats.length ? Math.min(...ats.map((a) => (a >= end ? a - end : a < c.start ? c.start - a : 0))) : Infinity);
      const clause = clauseOf(c.start);
      const inClause = wordAt.filter((a) => a >= clause.start && a < clause.end).length;
      const inSlot = slot ? (c.start >= slot.start && end <= slot.end ? 1 : c.start < slot.end && end > slot.start ? 0.5 : 0) : 0;
      const slotText = slot ? s.text.slice(slot.start, slot.end).replace(/^[\p{P}\s]+|[\p{P}\s]+$/gu, "") : "";
      out.push({
        text: c.text,
        shown: c.kind === "date" ? withYear(c.text, s.text.slice(0, c.start), s.articleYear) : c.text,
        kind: c.kind,
        start: c.start,
        sentence: s,
        features: [
          wanted[0] === c.kind ? 1 : 0,
          bounds.has(c.start) && bounds.has(end) ? 1 : 0,
          inSlot,
          slotText === c.text ? 1 : 0,
          Math.exp(-distance(wordAt) / 8),
          focusAt.length ? Math.exp(-distance(focusAt) / 8) : 0,
          focusAt.some((f) => c.start >= f && c.start - f <= 14) ? 1 : 0,
          wordAt.length ? inClause / wordAt.length : 0,
          unitFit(c, q),
          questionCoverage(c.text, q),
          1 / raw.filter((o) => o.kind === c.kind).length,
          s.score,
          rank === 0 ? 1 : 0,
          Math.min(1, c.text.length / 12),
          c.byTag ? 1 : 0,
          c.kind === "person" ? (looksLikeChineseName(c.text) || /[·•・]/u.test(c.text) ? 1 : 0) : 0.5,
          roles.some((r) => s.text.slice(Math.max(0, c.start - r.length), c.start) === r) ? 1 : 0,
          // The role the question asks about, right before the name (「总经理是谁」: 「总经理秦金玉」).
          q.role && s.text.slice(Math.max(0, c.start - q.role.length - 2), c.start).includes(q.role) ? 1 : 0,
          q.whNoun && c.text.endsWith(q.whNoun) ? 1 : 0,
          // A date or figure that opens the sentence (「2024年7月9日，…」) is when it was reported, often not what is asked.
          c.start <= 6 && /^[\s]*[，,]/u.test(s.text.slice(end, end + 2)) ? 1 : 0,
          slot ? 1 : 0,
          predicate.length ? predicateAt.length / predicate.length : 0.5,
          predicateAt.some((h) => h.at >= clause.start && h.at < clause.end) ? 1 : 0,
          // A question that names nothing (「上线试运行是什么时候启动的」) may be about any article.
          names ? 1 : 0,
          ...typeIndicators(q),
        ],
        score: 0,
      });
    }
  });
  return out;
}
