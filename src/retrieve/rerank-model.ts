/**
 * The re-ranking weights fit on data (data/rerank-model.json, by scripts/fit-rerank-model.ts): a
 * conditional logit over each question's candidates, learning how much the fused rank, coverage,
 * headline, phrase, proximity, date fit, dates named in the text, the coverage of one of several events and the embeddings' similarity say that an article is the one
 * asked about.
 */
import { loadFitted, type FittedJson, type FittedSpec } from "../models/fitted.js";
import { logit, type LogisticModel } from "../models/linear.js";
import type { Ablation } from "../config/ablation.js";
import { RERANK_FEATURES } from "./rerank.js";

export const RERANK_MODEL: FittedSpec = {
  name: "rerank",
  file: "rerank-model.json",
  script: "scripts/fit-rerank-model.ts",
  parts: { ranker: RERANK_FEATURES },
};

export interface RerankModel extends FittedJson {
  ranker: LogisticModel;
}

/** The fitted model, or undefined with RETRIEVAL_ABLATE=learned (the hand-set weights of rerank.ts then apply). */
export function rerankModel(ablation: Ablation): RerankModel | undefined {
  return ablation.has("learned") ? undefined : loadFitted<RerankModel>(RERANK_MODEL);
}

/**
 * The model's score in the units of the fused score (its log-odds divided by the fused score's own
 * weight), so that bonuses added to it (a follow-up's previous articles) keep their meaning.
 */
export function learnedScore(model: RerankModel, x: readonly number[]): number {
  const fusedWeight = model.ranker.weights[0]! / model.ranker.scale[0]!;
  return logit(model.ranker, x) / (fusedWeight > 0 ? fusedWeight : 1);
}
