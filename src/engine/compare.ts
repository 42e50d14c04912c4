/**
 * A question that compares events in time: each event is retrieved on its own (with the dates the
 * question bounds it by), the sentence that reports it is found with the fitted evidence model, and it
 * is dated (src/answer/event-date.ts). Events get different articles where they can: two events the
 * question tells apart are rarely the same report. src/answer/compare.ts writes the reply.
 */
import { composeComparison, type EventEvidence } from "../answer/compare.js";
import { dateOfEvent, type EventDate } from "../answer/event-date.js";
import type { WordMatcher } from "../answer/match.js";
import type { EvidenceContext, Sentence } from "../answer/evidence.js";
import { eventFeatures, eventFound, eventModel, eventScore, type EventModel } from "../answer/event-match.js";
import { rankEvidence } from "../answer/rank.js";
import type { QuestionSearch } from "../retrieve/question-search.js";
import type { AnswerStrategy, AskContext } from "./ask-context.js";
import { parseIsoDay, type DayRange } from "../text/dates.js";

/** Articles read per event. */
const EVENT_K = 5;
/** Candidate articles per event in the assignment. */
const CANDIDATES = 3;
/** A second event's use of an article already given to another counts this share of its probability. */
const SHARED_ARTICLE = 0.5;
/** Other sentences of the chosen article read for the event's date: at least this share of its best sentence's score. */
const SAME_EVENT = 0.5;

export interface CompareOptions {
  date?: string;
  exclude?: ReadonlySet<string>;
}

interface Candidate {
  sentence: Sentence;
  /** Probability (among the event's articles) that this one reports the event. */
  score: number;
}

/** A question that compares events in time (「A和B哪个先」「是同一天吗」), answered event by event. */
export const comparisonStrategy: AnswerStrategy = {
  name: "comparison",
  applies: (analysis) => analysis.comparison !== undefined,
  async answer(ctx) {
    const comparison = ctx.analysis.comparison!;
    const events = await locateEvents(ctx.search, ctx.evidence, comparison.events, comparison.bounds, compareOptions(ctx));
    return composeComparison(ctx.analysis, comparison, events, ctx.question, ctx.standalone);
  },
};

/** The options of an event's own search: the question's date and the documents it leaves out. */
export function compareOptions(ctx: AskContext): CompareOptions {
  return { ...(ctx.date ? { date: ctx.date } : {}), exclude: ctx.exclude };
}

/**
 * Finds and dates each event (articles kept apart where they can be); an event the news does not
 * report comes back without a sentence, one it reports without a date comes back without a date.
 */
async function locateEvents(
  search: QuestionSearch,
  ctx: EvidenceContext,
  names: readonly string[],
  bounds: readonly DayRange[],
  opts: CompareOptions,
): Promise<EventEvidence[]> {
  const perEvent = await Promise.all(names.map((name) => candidatesFor(search, ctx, name, bounds, opts)));
  const chosen = assign(perEvent.map((p) => p.candidates));
  return names.map((name, i) => {
    const pick = chosen[i];
    if (!pick || perEvent[i]!.pFound < eventModel().thresholds.found) return { name };
    const date = dateOf(pick, perEvent[i]!, ctx, opts);
    return { name, sentence: pick.sentence, ...(date ? { date } : {}) };
  });
}

/** The articles that may report one event, best first, each with the sentence that does and its date. */
export async function datedCandidates(
  search: QuestionSearch,
  ctx: EvidenceContext,
  name: string,
  bounds: readonly DayRange[],
  opts: CompareOptions,
): Promise<Array<EventEvidence & { score: number }>> {
  const found = await candidatesFor(search, ctx, name, bounds, opts);
  if (found.pFound < eventModel().thresholds.found) return [];
  return found.candidates.map((c) => {
    const date = dateOf(c, found, ctx, opts);
    return { name, sentence: c.sentence, score: c.score, ...(date ? { date } : {}) };
  });
}

/** The date of the event a candidate sentence reports (src/answer/event-date.ts). */
function dateOf(pick: Candidate, found: Candidates, ctx: EvidenceContext, opts: CompareOptions): EventDate | undefined {
  const today = parseIsoDay(opts.date) ?? parseIsoDay(new Date().toISOString());
  const range = ctx.documentDate(pick.sentence.docId);
  // The sentence that reports the event, then the article's other sentences about it (a date is often one sentence away).
  const about = [
    pick.sentence,
    ...found.sentences.filter((s) => s.docId === pick.sentence.docId && s !== pick.sentence && s.score >= SAME_EVENT * pick.sentence.score),
  ];
  const article = range ? { range, estimated: pick.sentence.hit.doc.dateEstimated ?? false } : undefined;
  return dateOfEvent(
    about.map((s) => s.text),
    found.words,
    article,
    today,
  );
}

export interface Candidates {
  /** The likeliest articles, best first (the assignment's options). */
  candidates: Candidate[];
  /** Every article found, with its features (what scripts/fit-event-model.ts fits on). */
  all: Array<Candidate & { features: number[] }>;
  sentences: Sentence[];
  /** The answerability features of the event's search (what the found model reads). */
  answerable: number[];
  /** Probability that the news reports the event. */
  pFound: number;
  words: WordMatcher;
}

export async function candidatesFor(
  search: QuestionSearch,
  ctx: EvidenceContext,
  name: string,
  bounds: readonly DayRange[],
  opts: CompareOptions,
  model: EventModel = eventModel(),
): Promise<Candidates> {
  let analysis = search.analyse(name, opts.date);
  // 「2019年，A、B哪个最早」: the question's own dates bound every event that names none.
  if (!analysis.dateRanges.length && bounds.length) analysis = { ...analysis, dateRanges: [...bounds] };
  const hits = await search.search(analysis, { k: EVENT_K, ...(opts.date ? { date: opts.date } : {}), ...(opts.exclude ? { exclude: opts.exclude } : {}) });
  const ranked = rankEvidence(analysis, hits, ctx);
  const words = ranked.scorer.words;
  // Each article by its best sentence for the event, then ranked by the fitted event model.
  const perArticle: Sentence[] = [];
  for (const s of ranked.sentences) if (!perArticle.some((o) => o.docId === s.docId)) perArticle.push(s);
  const scored = perArticle.map((sentence) => ({ sentence, x: eventFeatures(sentence, words) })).map((c) => ({ ...c, z: eventScore(model, c.x) }));
  const top = Math.max(...scored.map((c) => c.z));
  const total = scored.reduce((sum, c) => sum + Math.exp(c.z - top), 0);
  const candidates = scored.map((c) => ({ sentence: c.sentence, features: c.x, score: Math.exp(c.z - top) / total })).sort((a, b) => b.score - a.score);
  return {
    candidates: candidates.slice(0, CANDIDATES),
    all: candidates,
    sentences: ranked.sentences,
    answerable: ranked.answerable,
    pFound: eventFound(model, ranked.answerable, ranked.pAnswer),
    words,
  };
}

/** One candidate per event, maximising the total score, an article shared by two events discounted. */
function assign(perEvent: Candidate[][]): Array<Candidate | undefined> {
  let best: Array<Candidate | undefined> = perEvent.map((c) => c[0]);
  let bestScore = Number.NEGATIVE_INFINITY;
  const walk = (i: number, picked: Array<Candidate | undefined>, score: number): void => {
    if (i === perEvent.length) {
      if (score > bestScore) {
        bestScore = score;
        best = [...picked];
      }
      return;
    }
    const options = perEvent[i]!.length ? perEvent[i]! : [undefined];
    for (const option of options) {
      const shared = option && picked.some((p) => p?.sentence.docId === option.sentence.docId);
      // Probabilities multiply: the assignment maximises the sum of their logarithms.
      walk(i + 1, [...picked, option], score + (option ? Math.log(option.score * (shared ? SHARED_ARTICLE : 1)) : Math.log(1e-9)));
    }
  };
  walk(0, [], 0);
  return best;
}
