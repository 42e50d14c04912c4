/**
 * Linear models fit on data by the scripts in scripts/ and kept in data/ as JSON with their provenance
 * (the answerer's decisions, the retriever's re-ranking): the type, its score, and how to read one.
 */
import { existsSync, readFileSync } from "node:fs";
import { dataPath } from "./paths.js";

export interface LogisticModel {
  features: string[];
  /** Per-feature weights on standardised features ((x - mean) / scale). */
  weights: number[];
  bias: number;
  mean: number[];
  scale: number[];
}

/** The model's linear score (log-odds) of a feature vector. */
export function logit(model: LogisticModel, x: readonly number[]): number {
  let z = model.bias;
  for (let i = 0; i < model.weights.length; i++) z += (model.weights[i]! * ((x[i] ?? 0) - model.mean[i]!)) / model.scale[i]!;
  return z;
}

export function probability(model: LogisticModel, x: readonly number[]): number {
  return 1 / (1 + Math.exp(-logit(model, x)));
}

/** A fitted model kept in data/ (JSON), read once by its caller; says how to make it when it is missing. */
export function readDataModel<T>(file: string, script: string): T {
  const path = dataPath(file);
  if (!existsSync(path)) throw new Error(`data/${file} is missing: fit it with npx tsx ${script}`);
  return JSON.parse(readFileSync(path, "utf8")) as T;
}
