/**
 * Which article reports an event the question names (「A和B是同一个月吗」 → the article about A): a
 * conditional logit over each event's candidate articles, fit by scripts/fit-event-model.ts on the
 * fit half of ChronoQA dev's comparison questions and kept in data/event-model.json. Each candidate is
 * its article's best sentence for the event, described by the evidence features (src/answer/evidence.ts)
 * and by how it reports the event: an article that opens with the event's date and names the event
 * early is about it; one that names it in passing (「…审议通过了燃气爆炸事故调查报告」) is about another.
 */
import { PRESENT, type WordMatcher } from "./match.js";
import { SENTENCE_FEATURES, ANSWERABLE_FEATURES } from "./features.js";
import { findDates } from "../text/dates.js";
import { type Sentence } from "./evidence.js";
import { loadFitted, today, type FittedJson, type FittedSpec } from "../models/fitted.js";
import { logit, probability, type LogisticModel } from "./model.js";

export const EVENT_FEATURES = [...SENTENCE_FEATURES, "sentenceScore", "retrievalRank", "opensWithDate", "dated", "eventAt"] as const;

export const EVENT_MODEL: FittedSpec = {
  name: "event",
  file: "event-model.json",
  script: "scripts/fit-event-model.ts",
  parts: { ranker: EVENT_FEATURES, found: ANSWERABLE_FEATURES },
};

export interface EventModel extends FittedJson {
  ranker: LogisticModel;
  /** Does the news report the event at all: a logistic model on the answerability features (src/answer/rank.ts ANSWERABLE_FEATURES) of the event's search. */
  found?: LogisticModel;
  thresholds: {
    /** Below this probability that the news reports an event (the answerability model's), it counts as not found. */
    found: number;
  };
}

/** The features of one candidate sentence for an event. */
export function eventFeatures(s: Sentence, words: WordMatcher): number[] {
  const opens = findDates(s.text.slice(0, 16)).some((d) => d.start === 0);
  const dated = findDates(s.text).length > 0;
  return [...s.features, s.score, 1 / (1 + s.rank), opens ? 1 : 0, dated ? 1 : 0, eventAt(s, words)];
}

/** Where the event's words start in the sentence, as a share of its length (0: it opens with them). */
function eventAt(s: Sentence, words: WordMatcher): number {
  let first = s.lower.length;
  for (let i = 0; i < words.words.length; i++) {
    const hit = words.hit(s.lower, i);
    if (hit.degree >= PRESENT && hit.at >= 0) first = Math.min(first, hit.at);
  }
  return s.lower.length ? first / s.lower.length : 1;
}

/** The probability that the news reports the event, from its search's answerability features. */
export function eventFound(model: EventModel, answerable: readonly number[], fallback: number): number {
  return model.found ? probability(model.found, answerable) : fallback;
}

/** The linear score of a candidate (higher: likelier the article that reports the event). */
export function eventScore(model: EventModel, x: readonly number[]): number {
  return logit(model.ranker, x);
}

/** A model that ranks nothing (every candidate equal): what the fit starts from. */
export function neutralEventModel(): EventModel {
  const n = EVENT_FEATURES.length;
  const ranker = {
    features: [...EVENT_FEATURES],
    weights: new Array<number>(n).fill(0),
    bias: 0,
    mean: new Array<number>(n).fill(0),
    scale: new Array<number>(n).fill(1),
  };
  return { ranker, thresholds: { found: 0 }, provenance: { script: EVENT_MODEL.script, data: ["none: a neutral start"], fitted: today(), figures: {} } };
}

/** The fitted model in data/event-model.json. */
export function eventModel(): EventModel {
  return loadFitted<EventModel>(EVENT_MODEL);
}
