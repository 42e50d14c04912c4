/**
 * Gradient-boosted decision trees fit on data (src/fit/trees.ts) and kept in data/ as parts of JSON
 * model files: the answer span model's choice among many candidates turns on interactions (a date
 * matters for a when-question, a name after a role for a who-question) that one linear score cannot
 * weigh. Each tree is stored flat: for node i, `feature[i]` (-1 at a leaf), `threshold[i]` (go left
 * when x ≤ threshold), `left[i]`, `right[i]`, and `value[i]` at a leaf.
 */
import { logit, type LogisticModel } from "./linear.js";

export interface Tree {
  feature: number[];
  threshold: number[];
  left: number[];
  right: number[];
  value: number[];
}

export interface TreeEnsemble {
  kind: "trees";
  features: string[];
  /** The log-odds every example starts from. */
  bias: number;
  /**
   * A linear score the trees were boosted from (scaled by `baseScale`): smooth where the data was
   * thin, the trees correcting it where interactions matter.
   */
  base?: LogisticModel;
  baseScale?: number;
  trees: Tree[];
}

/** The ensemble's log-odds for a feature vector. */
export function treeLogit(model: TreeEnsemble, x: ArrayLike<number>): number {
  let z = model.bias + (model.base ? (model.baseScale ?? 1) * logit(model.base, x) : 0);
  for (const t of model.trees) {
    let node = 0;
    while (t.feature[node]! >= 0) node = x[t.feature[node]!]! <= t.threshold[node]! ? t.left[node]! : t.right[node]!;
    z += t.value[node]!;
  }
  return z;
}
