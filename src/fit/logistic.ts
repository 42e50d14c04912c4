/**
 * Logistic regression with an L2 penalty, fit by Newton's method (iteratively reweighted least
 * squares) on standardised features: deterministic, converges in a few iterations on the few dozen
 * features the answerer uses. Used only by scripts/fit-answer-model.ts; the answerer reads the result
 * (src/answer/model.ts).
 */
import type { LogisticModel } from "../answer/model.js";

export interface Example {
  x: number[];
  y: 0 | 1;
  /** How much the example counts (default 1). */
  weight?: number;
}

export interface FitOptions {
  /** L2 penalty on the weights (not the bias), per unit of total example weight. */
  l2?: number;
  iterations?: number;
}

/** Solves A·x = b (A symmetric positive definite, small) by Gaussian elimination with partial pivoting. */
function solve(a: number[][], b: number[]): number[] {
  const n = b.length;
  const m = a.map((row, i) => [...row, b[i]!]);
  for (let c = 0; c < n; c++) {
    let pivot = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(m[r]![c]!) > Math.abs(m[pivot]![c]!)) pivot = r;
    [m[c], m[pivot]] = [m[pivot]!, m[c]!];
    const p = m[c]![c]! || 1e-12;
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const f = m[r]![c]! / p;
      if (f === 0) continue;
      for (let k = c; k <= n; k++) m[r]![k]! -= f * m[c]![k]!;
    }
  }
  return m.map((row, i) => row[n]! / (row[i] || 1e-12));
}

export function fitLogistic(features: readonly string[], examples: readonly Example[], opts: FitOptions = {}): LogisticModel {
  const d = features.length;
  const l2 = opts.l2 ?? 1e-3;
  const mean = new Array<number>(d).fill(0);
  const scale = new Array<number>(d).fill(0);
  let total = 0;
  for (const e of examples) {
    const w = e.weight ?? 1;
    total += w;
    for (let j = 0; j < d; j++) mean[j]! += w * e.x[j]!;
  }
  for (let j = 0; j < d; j++) mean[j]! /= total || 1;
  for (const e of examples) {
    const w = e.weight ?? 1;
    for (let j = 0; j < d; j++) scale[j]! += w * (e.x[j]! - mean[j]!) ** 2;
  }
  for (let j = 0; j < d; j++) scale[j] = Math.sqrt(scale[j]! / (total || 1)) || 1;
  const z = examples.map((e) => [1, ...e.x.map((v, j) => (v - mean[j]!) / scale[j]!)]);
  const beta = new Array<number>(d + 1).fill(0);
  for (let it = 0; it < (opts.iterations ?? 25); it++) {
    const grad = new Array<number>(d + 1).fill(0);
    const hess = Array.from({ length: d + 1 }, () => new Array<number>(d + 1).fill(0));
    examples.forEach((e, i) => {
      const row = z[i]!;
      let eta = 0;
      for (let j = 0; j <= d; j++) eta += beta[j]! * row[j]!;
      const p = 1 / (1 + Math.exp(-eta));
      const w = e.weight ?? 1;
      const r = w * (e.y - p);
      const h = w * Math.max(p * (1 - p), 1e-6);
      for (let j = 0; j <= d; j++) {
        grad[j]! += r * row[j]!;
        const hr = h * row[j]!;
        for (let k = j; k <= d; k++) hess[j]![k]! += hr * row[k]!;
      }
    });
    for (let j = 0; j <= d; j++) for (let k = 0; k < j; k++) hess[j]![k] = hess[k]![j]!;
    for (let j = 1; j <= d; j++) {
      grad[j]! -= l2 * total * beta[j]!;
      hess[j]![j]! += l2 * total;
    }
    const step = solve(hess, grad);
    let change = 0;
    for (let j = 0; j <= d; j++) {
      beta[j]! += step[j]!;
      change = Math.max(change, Math.abs(step[j]!));
    }
    if (change < 1e-7) break;
  }
  return { features: [...features], weights: beta.slice(1).map(round), bias: round(beta[0]!), mean: mean.map(round), scale: scale.map(round) };
}

const round = (v: number): number => Number(v.toPrecision(6));

export interface Group {
  /** Feature vectors of the group's items. */
  xs: number[][];
  /** Which items are right (at least one). */
  right: boolean[];
}

/**
 * A conditional logit (softmax over each group): the weights that make a group's right items score
 * above its other items, the way a ranker is judged. Fit by gradient ascent with Adam on standardised
 * features, L2 penalty on the weights.
 */
export function fitRanker(
  features: readonly string[],
  groups: readonly Group[],
  opts: { l2?: number; iterations?: number; rate?: number } = {},
): LogisticModel {
  const d = features.length;
  const all = groups.flatMap((g) => g.xs);
  const mean = new Array<number>(d).fill(0);
  const scale = new Array<number>(d).fill(0);
  for (const x of all) for (let j = 0; j < d; j++) mean[j]! += x[j]! / all.length;
  for (const x of all) for (let j = 0; j < d; j++) scale[j]! += (x[j]! - mean[j]!) ** 2 / all.length;
  for (let j = 0; j < d; j++) scale[j] = Math.sqrt(scale[j]!) || 1;
  const zs = groups.map((g) => g.xs.map((x) => x.map((v, j) => (v - mean[j]!) / scale[j]!)));
  const w = new Array<number>(d).fill(0);
  const m = new Array<number>(d).fill(0);
  const v = new Array<number>(d).fill(0);
  const l2 = opts.l2 ?? 1e-3;
  const rate = opts.rate ?? 0.05;
  for (let it = 1; it <= (opts.iterations ?? 400); it++) {
    const grad = w.map((wj) => -l2 * groups.length * wj);
    groups.forEach((g, gi) => {
      const z = zs[gi]!;
      const s = z.map((x) => x.reduce((acc, xj, j) => acc + xj * w[j]!, 0));
      const top = Math.max(...s);
      const e = s.map((si) => Math.exp(si - top));
      const total = e.reduce((a, b) => a + b, 0);
      const rightTotal = e.reduce((a, ei, i) => a + (g.right[i] ? ei : 0), 0);
      z.forEach((x, i) => {
        const p = e[i]! / total;
        const q = g.right[i] ? e[i]! / rightTotal : 0;
        for (let j = 0; j < d; j++) grad[j]! += (q - p) * x[j]!;
      });
    });
    for (let j = 0; j < d; j++) {
      const gj = grad[j]! / groups.length;
      m[j] = 0.9 * m[j]! + 0.1 * gj;
      v[j] = 0.999 * v[j]! + 0.001 * gj * gj;
      const mh = m[j]! / (1 - 0.9 ** it);
      const vh = v[j]! / (1 - 0.999 ** it);
      w[j]! += (rate * mh) / (Math.sqrt(vh) + 1e-8);
    }
  }
  const round = (x: number): number => Number(x.toPrecision(6));
  return { features: [...features], weights: w.map(round), bias: 0, mean: mean.map(round), scale: scale.map(round) };
}
