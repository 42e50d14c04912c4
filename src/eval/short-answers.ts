/**
 * Short-answer metrics of shared/spec/quality.md for query files whose items carry a string `answer`
 * (ChronoQA, CRUD-RAG): answer recall, found rate and lead precision; with the gold articles left out
 * of the search (`excludeGold`), the refusal rate and the share of confident leads.
 */
import type { Engine } from "../engine/engine.js";
import type { QueryItem } from "../cli/queries.js";
import { percentile } from "./stats.js";

export interface ShortAnswerMetrics {
  questions: number;
  /** The gold answer (whitespace and case ignored) occurs in a found reply. */
  answer_recall?: number;
  found_rate?: number;
  /** Among found replies that lead with a direct claim, the share whose first line holds the gold answer. */
  lead_precision?: number;
  /** Found replies that lead with a direct claim. */
  leads?: number;
  /** Share of found replies that lead with a direct claim. */
  lead_rate?: number;
  /** Median length of found replies (the answer text, before the sources), in characters. */
  median_chars?: number;
  /**
   * Where items give every accepted answer (`answers`, CMRC 2018): exact match and character F1 of the
   * answer a lead states against the best of them (CMRC's own normalisation: no spaces or punctuation),
   * over the replies with a lead, and over all questions (no lead counting 0).
   */
  lead_span?: { leads: number; em: number; f1: number; em_all: number; f1_all: number };
  /** With the gold articles left out: share refused. */
  refused?: number;
  /** With the gold articles left out: share of replies that lead with a direct claim. */
  confident_leads?: number;
  ask_p95_ms: number;
  /**
   * answer_recall by what the engine understood the question to ask: a comparison of events in time
   * (「是同一个月吗」「哪个更早」), a question about another event's day (「A当天，B」), a timeline, or
   * any other question.
   */
  by_kind?: Record<QuestionKind, { questions: number; answer_recall: number }>;
  misses: Array<{ id: string; why: string }>;
}

type QuestionKind = "comparison" | "anchored" | "timeline" | "other";

function kindOf(a: { comparison?: unknown; anchor?: unknown; timeline?: unknown }): QuestionKind {
  return a.comparison ? "comparison" : a.anchor ? "anchored" : a.timeline ? "timeline" : "other";
}

const squash = (s: string): string => s.replace(/\s+/gu, "").toLowerCase();

/** A span as CMRC 2018 compares them: no spaces, no punctuation, lower case. */
const spanText = (s: string): string => s.replace(/[\s\p{P}\p{S}]/gu, "").toLowerCase();

/** Character F1 of a predicted span against an accepted answer (CMRC 2018's measure). */
export function charF1(predicted: string, accepted: string): number {
  const p = [...spanText(predicted)];
  const a = [...spanText(accepted)];
  if (!p.length || !a.length) return 0;
  const counts = new Map<string, number>();
  for (const ch of a) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let common = 0;
  for (const ch of p) {
    const c = counts.get(ch) ?? 0;
    if (c > 0) {
      common++;
      counts.set(ch, c - 1);
    }
  }
  if (!common) return 0;
  const precision = common / p.length;
  const recall = common / a.length;
  return (2 * precision * recall) / (precision + recall);
}

/** The longest first line that counts as a direct claim (shared/spec/quality.md), without its [n] marks. */
const MAX_LEAD_CHARS = 60;

/**
 * Whether the first line of an answer is a direct claim (shared/spec/quality.md): not a quotation
 * (「据《…》报道：」, 「据2023-08-02的报道：」), not a list heading (a line ending in a colon), not a refusal,
 * and at most MAX_LEAD_CHARS characters without its [n] marks.
 */
export function leadsWithClaim(answer: string): boolean {
  const first = answer.split("\n")[0]!.trim();
  if (first === "" || /^据.*报道/u.test(first) || /[：:]$/u.test(first) || first.startsWith("抱歉")) return false;
  return first.replace(/\[\d+\]/gu, "").length <= MAX_LEAD_CHARS;
}

export function hasShortAnswer(item: QueryItem): boolean {
  return typeof item.raw.answer === "string" && item.raw.answer.trim() !== "";
}

/** Articles searched for the answer once the gold ones are left out. */
const NEAR_MISS_DEPTH = 20;

/** Whether an article the search still finds, the gold ones left out, holds the answer (then leaving them out makes no near miss). */
async function stillAnswered(engine: Engine, item: QueryItem, exclude: ReadonlySet<string>, gold: string): Promise<boolean> {
  const hits = await engine.search(item.turns[0]!.q, { k: NEAR_MISS_DEPTH, exclude, ...(item.date ? { date: item.date } : {}) });
  return hits.some((h) => squash(engine.index.doc(h.docId)?.body ?? h.text).includes(gold));
}

/** What a run counts as it asks. */
interface Tally {
  questions: number;
  found: number;
  recalled: number;
  leads: number;
  goodLeads: number;
  times: number[];
  lengths: number[];
  kinds: Map<QuestionKind, { questions: number; recalled: number }>;
  spans: { leads: number; em: number; f1: number; questions: number };
  misses: ShortAnswerMetrics["misses"];
}

export async function evalShortAnswers(engine: Engine, items: QueryItem[], opts: { excludeGold?: boolean } = {}): Promise<ShortAnswerMetrics> {
  const t: Tally = {
    questions: 0,
    found: 0,
    recalled: 0,
    leads: 0,
    goodLeads: 0,
    times: [],
    lengths: [],
    kinds: new Map(),
    spans: { leads: 0, em: 0, f1: 0, questions: 0 },
    misses: [],
  };
  await engine.ask("预热");
  for (const item of items) {
    if (!hasShortAnswer(item) || item.turns.length !== 1) continue;
    const gold = squash(String(item.raw.answer));
    const exclude = opts.excludeGold && Array.isArray(item.raw.gold) ? new Set(item.raw.gold.map(String)) : undefined;
    // a near miss only where the gold articles are left out and nothing the search still finds holds the answer
    if (opts.excludeGold && (!exclude?.size || (await stillAnswered(engine, item, exclude, gold)))) continue;
    const t0 = performance.now();
    const { result } = await engine.ask(item.turns[0]!.q, { date: item.date, ...(exclude ? { exclude } : {}) });
    t.times.push(performance.now() - t0);
    t.questions++;
    if (Array.isArray(item.raw.answers)) t.spans.questions++;
    const kind = kindOf(engine.analyse(item.turns[0]!.q, item.date));
    const tally = t.kinds.get(kind) ?? { questions: 0, recalled: 0 };
    tally.questions++;
    t.kinds.set(kind, tally);
    if (!result.found) {
      if (!opts.excludeGold) t.misses.push({ id: item.id, why: "refused" });
      continue;
    }
    t.found++;
    t.lengths.push([...result.answer].length);
    const accepted = Array.isArray(item.raw.answers) ? item.raw.answers.map(String) : undefined;
    if (accepted && result.span) {
      t.spans.leads++;
      t.spans.em += Math.max(...accepted.map((a) => +(spanText(a) === spanText(result.span!))));
      t.spans.f1 += Math.max(...accepted.map((a) => charF1(result.span!, a)));
    }
    const lead = leadsWithClaim(result.answer);
    if (lead) t.leads++;
    if (opts.excludeGold) {
      if (lead) t.misses.push({ id: item.id, why: `confident lead without the gold articles: ${result.answer.split("\n")[0]}` });
      continue;
    }
    if (squash(result.answer).includes(gold)) {
      t.recalled++;
      tally.recalled++;
    } else t.misses.push({ id: item.id, why: "gold answer not in the reply" });
    if (lead) {
      if (squash(result.answer.split("\n")[0]!).includes(gold)) t.goodLeads++;
      else t.misses.push({ id: item.id, why: `wrong lead: ${result.answer.split("\n")[0]}` });
    }
  }
  return metricsOf(t, Boolean(opts.excludeGold));
}

/** The figures of a run: near-miss figures without the gold articles, the answer figures otherwise. */
function metricsOf(t: Tally, excludeGold: boolean): ShortAnswerMetrics {
  const r = (x: number, d: number): number => Number((d ? x / d : 0).toFixed(4));
  const out: ShortAnswerMetrics = { questions: t.questions, ask_p95_ms: Number(percentile(t.times, 95).toFixed(2)), misses: t.misses };
  if (excludeGold) {
    out.refused = r(t.questions - t.found, t.questions);
    out.confident_leads = r(t.leads, t.questions);
    return out;
  }
  out.answer_recall = r(t.recalled, t.questions);
  out.found_rate = r(t.found, t.questions);
  out.lead_precision = r(t.goodLeads, t.leads);
  out.leads = t.leads;
  out.lead_rate = r(t.leads, t.found);
  out.median_chars = Math.round(percentile(t.lengths, 50));
  const spans = t.spans;
  if (spans.questions)
    out.lead_span = {
      leads: spans.leads,
      em: r(spans.em, spans.leads),
      f1: r(spans.f1, spans.leads),
      em_all: r(spans.em, spans.questions),
      f1_all: r(spans.f1, spans.questions),
    };
  out.by_kind = Object.fromEntries(
    [...t.kinds].map(([kind, counted]) => [kind, { questions: counted.questions, answer_recall: r(counted.recalled, counted.questions) }]),
  ) as ShortAnswerMetrics["by_kind"];
  return out;
}
