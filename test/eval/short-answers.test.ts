/** The short-answer metrics' building blocks: what counts as a lead, and the fixed fit/holdout split. */
import { describe, expect, it } from "vitest";
import { leadsWithClaim } from "../../src/eval/short-answers.js";
import { splitOf } from "../../src/eval/split.js";

describe("leads", () => {
  it("counts a direct claim, not a quotation, a list heading or a refusal", () => {
    expect(leadsWithClaim("叁零陆的总经理是秦金玉。[1]\n据《…》报道：…")).toBe(true);
    expect(leadsWithClaim("据《叁零陆动力部件》报道：公司总经理秦金玉介绍。[1]")).toBe(false);
    expect(leadsWithClaim("关于「高新区新能源项目」，报道中提到：\n· 理想汽车[1]")).toBe(false);
    expect(leadsWithClaim("抱歉，现有报道中没有找到这个问题的答案。")).toBe(false);
    expect(leadsWithClaim("据2023-08-02的报道：…[1]")).toBe(false);
  });

  it("counts a first line of at most 60 characters without its [n] marks", () => {
    expect(leadsWithClaim(`${"长".repeat(60)}[1][2]`)).toBe(true);
    expect(leadsWithClaim(`${"长".repeat(61)}[1]`)).toBe(false);
  });
});

describe("split", () => {
  it("puts a question in the same half every time, and about half of them in each", () => {
    const ids = Array.from({ length: 1000 }, (_, i) => `cq${i}`);
    expect(ids.map(splitOf)).toEqual(ids.map(splitOf));
    const fit = ids.filter((id) => splitOf(id) === "fit").length;
    expect(fit).toBeGreaterThan(430);
    expect(fit).toBeLessThan(570);
  });
});

describe("lead spans against CMRC's accepted answers", () => {
  it("scores characters, ignoring spaces and punctuation", async () => {
    const { charF1 } = await import("../../src/eval/short-answers.js");
    expect(charF1("湖塘科技产业园", "湖塘科技产业园")).toBe(1);
    expect(charF1("“东风快递”", "东风快递")).toBe(1);
    expect(charF1("踢爆", "泡封")).toBe(0);
    expect(charF1("常州湖塘科技产业园", "湖塘科技产业园")).toBeCloseTo((2 * (7 / 9) * 1) / (7 / 9 + 1), 5);
  });
});
