/**
 * The weights the answerer runs on, fit on data by scripts/fit-answer-model.ts and kept in
 * data/answer-model.json with their provenance: a logistic regression for each decision —
 * which sentence holds the answer, which span of it is the answer, whether the news answers the
 * question at all — and the thresholds calibrated for them.
 */
import { readDataModel, type LogisticModel } from "../linear-model.js";

export { logit, probability, readDataModel, type LogisticModel } from "../linear-model.js";

export interface AnswerModel {
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
  provenance?: Record<string, unknown>;
}

export const MODEL_FILE = "answer-model.json";

let cached: AnswerModel | undefined;

/** The fitted model in data/answer-model.json. */
export function answerModel(): AnswerModel {
  cached ??= readDataModel<AnswerModel>(MODEL_FILE, "scripts/fit-answer-model.ts");
  return cached;
}

/** Checks that a model was fit on the features the code computes now (a stale file would silently mislead). */
export function checkFeatures(model: LogisticModel, features: readonly string[], name: string, file = MODEL_FILE, script = "scripts/fit-answer-model.ts"): void {
  if (model.features.join(",") !== features.join(",")) {
    throw new Error(`data/${file}: the ${name} model was fit on other features than the code computes; refit with npx tsx ${script}`);
  }
}
