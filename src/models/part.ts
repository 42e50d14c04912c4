/** A part of a fitted model file: a linear model or a tree ensemble, scored the same way. */
import { logit, type LogisticModel } from "./linear.js";
import { treeLogit, type TreeEnsemble } from "./trees.js";

export type ModelPart = LogisticModel | TreeEnsemble;

const isTrees = (m: ModelPart): m is TreeEnsemble => (m as TreeEnsemble).kind === "trees";

export function partLogit(m: ModelPart, x: ArrayLike<number>): number {
  return isTrees(m) ? treeLogit(m, x) : logit(m, x);
}

export function partProbability(m: ModelPart, x: ArrayLike<number>): number {
  return 1 / (1 + Math.exp(-partLogit(m, x)));
}
