/** The fitting behind data/answer-model.json, on data whose answer is known. */
import { describe, expect, it } from "vitest";
import { probability } from "../../src/answer/model.js";
import { fitLogistic, fitRanker } from "../../src/fit/logistic.js";

/** A deterministic pseudo-random sequence (the fit must not depend on Math.random). */
function random(seed: number): () => number {
  let s = seed;
  return () => (s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
}

describe("logistic regression", () => {
  it("learns which feature predicts the label and gives calibrated probabilities", () => {
    const rnd = random(7);
    const examples = Array.from({ length: 2000 }, () => {
      const signal = rnd();
      const noise = rnd();
      const p = 1 / (1 + Math.exp(-(6 * signal - 3)));
      return { x: [signal, noise], y: (rnd() < p ? 1 : 0) as 0 | 1 };
    });
    const m = fitLogistic(["signal", "noise"], examples);
    expect(m.weights[0]!).toBeGreaterThan(1);
    expect(Math.abs(m.weights[1]!)).toBeLessThan(0.3);
    expect(probability(m, [0.9, 0.5])).toBeGreaterThan(0.8);
    expect(probability(m, [0.1, 0.5])).toBeLessThan(0.2);
  });
});

describe("ranker (conditional logit)", () => {
  it("puts each group's right item first", () => {
    const rnd = random(3);
    const groups = Array.from({ length: 200 }, () => {
      const right = Math.floor(rnd() * 5);
      const xs = Array.from({ length: 5 }, (_, i) => [rnd() + (i === right ? 1 : 0), rnd()]);
      return { xs, right: xs.map((_, i) => i === right) };
    });
    const m = fitRanker(["quality", "noise"], groups);
    const top1 = groups.filter((g) => {
      const scores = g.xs.map((x) => probability(m, x));
      return g.right[scores.indexOf(Math.max(...scores))];
    }).length;
    expect(top1 / groups.length).toBeGreaterThan(0.9);
  });
});
