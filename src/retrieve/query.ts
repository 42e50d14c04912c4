/**
 * Query analysis: what in a question should drive ranking.
 * - OCR slips repaired (data/ocr-fixes.tsv), the same way as the indexed text;
 * - dates found and resolved against "today", and kept out of the word match (they are matched
 *   against document dates instead);
 * - stop-words and question words dropped (data/stopwords.txt);
 * - aliases expanded (高新区 ↔ 武进国家高新区) with a lower weight than the words typed;
 * - questions about several events (「A和B是同一天发生的吗」「以下事件哪个最早发生：A、B、C」) split into
 *   one sub-query per event, and 「A当天，B」 into an anchor event and a question about that day.
 */
import { fixOcr } from "../ingest/ocr.js";
import { findDates, parseIsoDay, type DayRange } from "../text/dates.js";
import { searchTokens, words } from "../text/tokenizer.js";
import { relatedTerms, type AliasTable } from "./aliases.js";

export interface WeightedTerm {
  term: string;
  weight: number;
  /**
   * The idea the term stands for: a name and its aliases, or a broad word and its narrower words,
   * share one; a chunk covers the idea when it holds any of them (re-ranking counts ideas, not words).
   */
  concept?: string;
  /** How fully the term stands for its concept (1 for the words typed and aliases, less for narrower words). */
  credit?: number;
}

export interface AnalyzedQuery {
  /** The question after OCR repair. */
  text: string;
  /** The question without its date expressions (what words and vectors see). */
  core: string;
  terms: WeightedTerm[];
  dates: DayRange[];
  /** One entry per event when the question is about several. */
  parts: string[];
  /** 「A当天，B」: A names the day, B is asked about that day. */
  anchor?: { event: string; rest: string; grain: "day" | "month" | "year" };
  /** The question asks for several items (哪些, 有哪些, 列举…): results should cover several articles. */
  list: boolean;
}

const MULTI_EVENT =
  /同一(?:天|日|周|个?月|年)|哪(?:个|一个|件事?)?(?:事件)?(?:先|更早|最早|较早|更晚|最晚|在前|在后)|(?:更|最|较)(?:早|晚)|先后顺序|以下(?:事件|哪)|分别/u;
const ANCHOR = /^(.{3,}?)(当天|当日|同一天|那天|当月|同月|那个月|当年|同年|那一年)[，,、\s]*(.{2,})$/u;
const LIST_SEPARATORS = /[，,、；;：:]/u;
const PAIR_SEPARATORS = /和|与|跟|以及|还是|及/u;
const QUESTION_WORD = /什么|哪|谁|多少|几|怎样|怎么|如何|为何|为什么|是否|吗/u;
const LIST_CUES = /哪些|有哪|几个|几家|几项|列举|分别|都有|包括什么/u;

export function analyzeQuery(query: string, opts: { today?: string; aliases?: AliasTable; dates?: boolean } = {}): AnalyzedQuery {
  const text = fixOcr(query.normalize("NFKC")).trim();
  const today = parseIsoDay(opts.today) ?? parseIsoDay(new Date().toISOString());
  const found = opts.dates === false ? [] : findDates(text, today);
  let core = text;
  for (const f of [...found].reverse()) core = `${core.slice(0, f.start)} ${core.slice(f.end)}`;
  core = core.replace(/\s+/gu, " ").trim();

  const terms = weightedTerms(core, opts.aliases);
  const out: AnalyzedQuery = {
    text,
    core,
    terms,
    dates: found.map(({ from, to, grain }) => ({ from, to, grain })),
    parts: [],
    list: LIST_CUES.test(text),
  };

  const anchor = core.match(ANCHOR);
  if (anchor) {
    const cue = anchor[2]!;
    const grain = /天|日/u.test(cue) ? "day" : /月/u.test(cue) ? "month" : "year";
    out.anchor = { event: anchor[1]!.replace(/^在/u, ""), rest: anchor[3]!, grain };
  }
  if (MULTI_EVENT.test(core) || out.anchor) out.parts = splitEvents(core);
  else {
    // Two questions in one (「X是什么，Y有多少」): each clause asks its own question.
    const clauses = core.split(/[，,；;]/u).filter((c) => QUESTION_WORD.test(c) && searchTokens(c).length >= 2);
    if (clauses.length >= 2) out.parts = clauses.map((c) => c.replace(/[？?。！!\s]+/gu, ""));
  }
  return out;
}

/** Tokens of a text with weights: each distinct token once, aliases of names in it at a lower weight. */
export function weightedTerms(text: string, aliases?: AliasTable): WeightedTerm[] {
  const terms = new Map<string, WeightedTerm>();
  for (const t of searchTokens(text)) terms.set(t, { term: t, weight: 1 });
  if (!aliases) return [...terms.values()];
  const tag = (form: string, concept: string): void => {
    for (const t of searchTokens(form)) {
      const have = terms.get(t);
      if (have && !have.concept) have.concept = concept;
    }
  };
  for (const { found, others } of aliases.matches(text)) {
    tag(found, found);
    for (const alt of others) {
      // The whole other name stands for the concept; its pieces (产业 of 高新技术产业开发区) hardly do.
      // Plain segmentation (no search-mode sub-words): another name adds its words, not every fragment of them.
      for (const t of words(alt, true)) if (!terms.has(t)) terms.set(t, { term: t, weight: 0.5, concept: found, credit: t === alt.toLowerCase() ? 1 : 0.25 });
    }
  }
  for (const { head, narrower } of relatedTerms().matches(text)) {
    tag(head, head);
    for (const n of narrower) {
      for (const t of searchTokens(n)) if (!terms.has(t)) terms.set(t, { term: t, weight: 0.3, concept: head, credit: t === n.toLowerCase() ? 0.6 : 0.2 });
    }
  }
  return [...terms.values()];
}

/** The event descriptions of a multi-event question, without the question frame. */
export function splitEvents(core: string): string[] {
  let body = core;
  // A leading frame ends at a colon or question mark (「以下事件哪个最早发生：A、B、C」「…哪个？1. A，2. B」).
  const lead = body.search(/[：:？?]/u);
  if (lead >= 0 && lead < body.length - 4 && /以下|哪|最早|最晚|先后/u.test(body.slice(0, lead))) body = body.slice(lead + 1);
  const frame = body.search(MULTI_EVENT);
  // Otherwise the frame (「是同一天发生的吗」「哪个更早」) ends the list of events.
  if (frame > 4) body = body.slice(0, frame);
  body = body.replace(/(?:^|[，,、\s])\d{1,2}[.、．]\s*/gu, "，");
  body = body.replace(/(?:是否|是不是|是|都|发生)?(?:在)?$/u, "");
  const anchored = body.match(ANCHOR);
  let pieces: string[];
  if (anchored) pieces = [anchored[1]!, anchored[3]!];
  else {
    // A list separated by 、，… is split there only; a pair 「A和B」 at the 和/与 that balances the two sides best.
    pieces = body.split(LIST_SEPARATORS).filter((p) => p.trim());
    if (pieces.length < 2) pieces = splitPair(body);
  }
  return pieces.map((p) => p.replace(/[？?。！!\s]+/gu, "").trim()).filter((p) => searchTokens(p).length >= 2);
}

/** Splits 「A和B」 at the conjunction that leaves the most words on the shorter side. */
function splitPair(body: string): string[] {
  let best: string[] = [body];
  let bestScore = 0;
  const re = new RegExp(PAIR_SEPARATORS.source, "gu");
  for (const m of body.matchAll(re)) {
    const left = body.slice(0, m.index);
    const right = body.slice(m.index! + m[0].length);
    const score = Math.min(searchTokens(left).length, searchTokens(right).length);
    if (score > bestScore) {
      bestScore = score;
      best = [left, right];
    }
  }
  return best;
}
