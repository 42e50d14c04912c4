/**
 * The weights the answerer runs on, fit on data by scripts/fit-answer-model.ts and kept in
 * data/answer-model.json with their provenance: a logistic regression for each decision —
 * which sentence holds the answer, which span of it is the answer, whether the news answers the
 * question at all — and the thresholds calibrated for them.
 */
import { ANSWERABLE_FEATURES, LEAD_FEATURES, SENTENCE_FEATURES, SPAN_FEATURES } from "./features.js";
import { loadFitted, type FittedJson, type FittedSpec } from "../models/fitted.js";
import type { LogisticModel } from "../models/linear.js";
import type { ModelPart } from "../models/part.js";

export { logit, probability, type LogisticModel } from "../models/linear.js";

export interface AnswerModel extends FittedJson {
  /** Which sentence holds the answer (a conditional logit, calibrated). */
  sentence: LogisticModel;
  /** Which candidate span is the answer (gradient-boosted trees). */
  span: ModelPart;
  /** Whether a lead written from the best span holds the answer (shallow boosted trees). */
  lead: ModelPart;
  /** Whether the news answers the question at all (shallow boosted trees, or a logistic model). */
  answerable: ModelPart;
  thresholds: {
    /** Below this probability that the news answers the question, the reply is a refusal. */
    answer: number;
    /** A lead is written only when it is at least this likely to hold the answer (calibrated for precision on the fit half). */
    lead: number;
  };
}

export const ANSWER_MODEL: FittedSpec = {
  name: "answer",
  file: "answer-model.json",
  script: "scripts/fit-answer-model.ts",
  parts: { sentence: SENTENCE_FEATURES, span: SPAN_FEATURES, lead: LEAD_FEATURES, answerable: ANSWERABLE_FEATURES },
};

/** The fitted model in data/answer-model.json. */
export function answerModel(): AnswerModel {
  return loadFitted<AnswerModel>(ANSWER_MODEL);
}
