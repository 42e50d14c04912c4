/**
 * The weights the answerer runs on, fit on data by scripts/fit-answer-model.ts and kept in
 * data/answer-model.json with their provenance: a logistic regression for each decision —
 * which sentence holds the answer, which span of it is the answer, whether the news answers the
 * question at all — and the thresholds calibrated for them.
 */
import { existsSync, readFileSync } from "node:fs";
import { dataPath } from "../paths.js";

export interface LogisticModel {
  features: string[];
  /** Per-feature weights on standardised features ((x - mean) / scale). */
  weights: number[];
  bias: number;
  mean: number[];
  scale: number[];
}

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

/** The model's linear score (log-odds) of a feature vector. */
export function logit(model: LogisticModel, x: readonly number[]): number {
  let z = model.bias;
  for (let i = 0; i < model.weights.length; i++) z += (model.weights[i]! * ((x[i] ?? 0) - model.mean[i]!)) / model.scale[i]!;
  return z;
}

export function probability(model: LogisticModel, x: readonly number[]): number {
  return 1 / (1 + Math.exp(-logit(model, x)));
}

let cached: AnswerModel | undefined;

/** A fitted model kept in data/ (JSON), read once; says how to make it when it is missing. */
export function readDataModel<T>(file: string, script: string): T {
  const path = dataPath(file);
  if (!existsSync(path)) throw new Error(`data/${file} is missing: fit it with npx tsx ${script}`);
  return JSON.parse(readFileSync(path, "utf8")) as T;
}

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
