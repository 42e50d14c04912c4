/**
 * The weights the answerer runs on, fit on data by scripts/fit-answer-model.ts and kept in
 * data/answer-model.json with their provenance: a logistic regression for each decision —
 * which sentence holds the answer, which span of it is the answer, whether the news answers the
 * question at all — and the thresholds calibrated for them.
 */
import { SENTENCE_FEATURES, SPAN_FEATURES, ANSWERABLE_FEATURES } from "./features.js";
import { loadFitted, type FittedJson, type FittedSpec } from "../models/fitted.js";
import type { LogisticModel } from "../models/linear.js";

export { logit, probability, type LogisticModel } from "../models/linear.js";

export interface AnswerModel extends FittedJson {
  sentence: LogisticModel;
  span: LogisticModel;
  answerable: LogisticModel;
  thresholds: {
    /** Below this probability that the news answers the question, the reply is a refusal. */
    answer: number;
    /** A lead sentence is written only for a span at least this likely to be the answer, by question type. */
    lead: Partial<Record<string, number>>;
    /** …and only when its sentence (with headline and neighbours) says at least this share of the question. */
    leadSupport: number;
  };
}

export const ANSWER_MODEL: FittedSpec = {
  name: "answer",
  file: "answer-model.json",
  script: "scripts/fit-answer-model.ts",
  parts: { sentence: SENTENCE_FEATURES, span: SPAN_FEATURES, answerable: ANSWERABLE_FEATURES },
};

/** The fitted model in data/answer-model.json. */
export function answerModel(): AnswerModel {
  return loadFitted<AnswerModel>(ANSWER_MODEL);
}
