/**
 * Linear models fit on data by the scripts in scripts/ and kept in data/ as parts of JSON model files
 * (src/models/fitted.ts): the answerer's decisions, the retriever's re-ranking, the event matcher.
 */

export interface LogisticModel {
  features: string[];
  /** Per-feature weights on standardised features ((x - mean) / scale). */
  weights: number[];
  bias: number;
  mean: number[];
  scale: number[];
}

/** The model's linear score (log-odds) of a feature vector. */
export function logit(model: LogisticModel, x: ArrayLike<number>): number {
  let z = model.bias;
  for (let i = 0; i < model.weights.length; i++) z += (model.weights[i]! * ((x[i] ?? 0) - model.mean[i]!)) / model.scale[i]!;
  return z;
}

export function probability(model: LogisticModel, x: readonly number[]): number {
  return 1 / (1 + Math.exp(-logit(model, x)));
}
