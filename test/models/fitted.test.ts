/** Every fitted file of data/ is one the code can run: fit on the features the code computes, with one provenance shape. */
import { describe, expect, it } from "vitest";
import { FITTED_MODELS } from "../../src/fit/registry.js";
import { fittedProblems, loadFitted, StaleModelError, withFitted, type FittedJson } from "../../src/models/fitted.js";
import { ANSWER_MODEL, answerModel } from "../../src/answer/model.js";
import { partProbability } from "../../src/models/part.js";
import { REPLY_SHAPE, replyShape, type ReplyShape } from "../../src/answer/reply-shape.js";

describe("fitted models", () => {
  it("are listed in the order they are refit, each with the script that makes it", () => {
    expect(FITTED_MODELS.map((m) => m.name)).toEqual(["news-vectors", "background-idf", "rerank", "answer", "event", "conversation", "reply"]);
    for (const m of FITTED_MODELS) expect(m.script).toMatch(/^scripts\/[\w-]+\.ts$/u);
  });

  it("were each fit on the features the code computes now, and say what they were fit on, when and what they measured", () => {
    for (const m of FITTED_MODELS) expect(fittedProblems(m), m.name).toEqual([]);
  });

  it("are reported stale, with the command that refits them, when the code computes other features", () => {
    const moved = { ...ANSWER_MODEL, parts: { ...ANSWER_MODEL.parts, span: ["kindPrimary", "somethingNew"] } };
    expect(fittedProblems(moved)).toEqual([`data/answer-model.json: the "span" model was fit on other features than the code computes`]);
    expect(() => loadFitted<FittedJson>({ ...moved, file: "answer-model.json", name: "answer-stale" })).toThrow(StaleModelError);
    expect(() => loadFitted<FittedJson>({ ...moved, name: "answer-stale" })).toThrow(/npm run refit -- --from answer-stale/u);
  });

  it("give the answerer weights it can use, with thresholds in range", () => {
    const m = answerModel();
    expect(m.sentence.weights).toHaveLength(m.sentence.features.length);
    expect(m.sentence.weights.every(Number.isFinite)).toBe(true);
    for (const part of [m.span, m.lead, m.answerable]) {
      const p = partProbability(part, new Array<number>(part.features.length).fill(0.5));
      expect(p).toBeGreaterThan(0);
      expect(p).toBeLessThan(1);
    }
    expect(m.thresholds.answer).toBeGreaterThan(0);
    expect(m.thresholds.answer).toBeLessThan(1);
    expect(JSON.stringify(m.provenance.figures)).toMatch(/holdout/u);
  });

  it("can be measured with a candidate in place of the file, and the file comes back afterwards", async () => {
    const committed = replyShape().quote;
    const candidate: ReplyShape = { ...replyShape(), quote: { min: 10, max: 20 } };
    const during = await withFitted(REPLY_SHAPE, candidate, () => Promise.resolve(replyShape().quote));
    expect(during).toEqual({ min: 10, max: 20 });
    expect(replyShape().quote).toEqual(committed);
    expect(committed.min).toBeLessThanOrEqual(committed.max);
    expect(JSON.stringify(replyShape().provenance.figures)).toMatch(/holdout/u);
  });
});
