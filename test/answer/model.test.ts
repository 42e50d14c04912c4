/** The committed model is the one the code can run: fit on the features the code computes, with its provenance. */
import { describe, expect, it } from "vitest";
import { SENTENCE_FEATURES } from "../../src/answer/evidence.js";
import { answerModel } from "../../src/answer/model.js";
import { ANSWERABLE_FEATURES } from "../../src/answer/rank.js";
import { SPAN_FEATURES } from "../../src/answer/spans.js";

describe("data/answer-model.json", () => {
  it("was fit on the features the answerer computes now (refit with npx tsx scripts/fit-answer-model.ts otherwise)", () => {
    const m = answerModel();
    expect(m.sentence.features).toEqual([...SENTENCE_FEATURES]);
    expect(m.span.features).toEqual([...SPAN_FEATURES]);
    expect(m.answerable.features).toEqual([...ANSWERABLE_FEATURES]);
    for (const part of [m.sentence, m.span, m.answerable]) {
      expect(part.weights).toHaveLength(part.features.length);
      expect(part.weights.every(Number.isFinite)).toBe(true);
    }
  });

  it("says what it was fit on and what it measured on the half it was not fit on", () => {
    const m = answerModel();
    expect(m.thresholds.answer).toBeGreaterThan(0);
    expect(m.thresholds.answer).toBeLessThan(1);
    expect(JSON.stringify(m.provenance)).toMatch(/holdout/u);
    expect(JSON.stringify(m.provenance)).toMatch(/fit-answer-model/u);
  });
});
