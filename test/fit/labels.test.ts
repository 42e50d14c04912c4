/** What the answer model is taught to call the answer: a span that holds the gold answer, reads as it, and runs into nothing else. */
import { describe, expect, it } from "vitest";
import { SPAN_FEATURES } from "../../src/answer/features.js";
import { spanIsAnswer } from "../../src/fit/collect.js";

const span = (shown: string, lastVerb = false) => {
  const features = new Array<number>(SPAN_FEATURES.length).fill(0);
  features[SPAN_FEATURES.indexOf("lastVerb")] = lastVerb ? 1 : 0;
  return { shown, features };
};

describe("answer labels", () => {
  it("a span that is the answer, or the answer with a little of its own, is right", () => {
    expect(spanIsAnswer(span("秦金玉"), ["秦金玉"])).toBe(true);
    expect(spanIsAnswer(span("总经理秦金玉"), ["秦金玉"])).toBe(true);
  });

  it("a span that runs on into a verb the answer lacks is not (its lead would read 「总经理是秦金玉介绍」)", () => {
    expect(spanIsAnswer(span("秦金玉介绍", true), ["秦金玉"])).toBe(false);
    // a verb the answer itself ends with is the answer's own
    expect(spanIsAnswer(span("3-0战胜", true), ["3-0战胜"])).toBe(true);
  });

  it("a span much longer than the answer, or across a clause the answer does not have, is not", () => {
    expect(spanIsAnswer(span("湖塘科技产业园的叁零陆动力部件有限公司"), ["湖塘科技产业园"])).toBe(false);
    expect(spanIsAnswer(span("85例，其中"), ["85例"])).toBe(false);
  });
});
