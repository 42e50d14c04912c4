/**
 * The re-ranking weights fit on data (data/rerank-model.json, by scripts/fit-rerank-model.ts): a
 * conditional logit over each question's candidates, learning how much the fused rank, coverage,
 * headline, phrase, proximity, date fit, dates named in the text, the coverage of one of several events and the embeddings' similarity say that an article is the one
 * asked about. Without the file the hand-set weights of rerank.ts apply.
 */
import { existsSync } from "node:fs";
import { readDataModel, logit, type LogisticModel } from "../linear-model.js";
import { dataPath } from "../paths.js";
import { ablated } from "./ablate.js";
import type { Features } from "./rerank.js";

export const RERANK_MODEL_FILE = "rerank-model.json";

export const RERANK_FEATURES = ["fused", "coverage", "headline", "phrase", "proximity", "date", "mentioned", "event", "meaning"] as const;

export interface RerankModel extends LogisticModel {
  provenance?: Record<string, unknown>;
}

export function rerankVector(fusedNorm: number, f: Features): number[] {
  return [fusedNorm, f.coverage, f.headline, f.phrase, f.proximity, f.date, f.mentioned, f.event, f.meaning];
}

let cached: { model: RerankModel | undefined } | undefined;

/** The fitted model, or undefined (no file, or RETRIEVAL_ABLATE=learned). */
export function rerankModel(): RerankModel | undefined {
  if (ablated("learned")) return undefined;
  cached ??= { model: existsSync(dataPath(RERANK_MODEL_FILE)) ? readDataModel<RerankModel>(RERANK_MODEL_FILE, "scripts/fit-rerank-model.ts") : undefined };
  return cached.model;
}

/**
 * The model's score in the units of the fused score (its log-odds divided by the fused score's own
 * weight), so that bonuses added to it (a follow-up's previous articles) keep their meaning.
 */
export function learnedScore(model: RerankModel, x: readonly number[]): number {
  const fusedWeight = model.weights[0]! / model.scale[0]!;
  return logit(model, x) / (fusedWeight > 0 ? fusedWeight : 1);
}
