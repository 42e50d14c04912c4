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
