/** A seed page dated only to its month (2024-12, estimated): found by date, shown with its month, and no day made up for its 「昨天」. */
import { beforeAll, describe, expect, it } from "vitest";
import type { Engine } from "../../src/engine/engine.js";
import { documentDate, dayToIso } from "../../src/text/dates.js";
import { seedEngine } from "./seed-engine.js";

describe("a page dated to its month", () => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await seedEngine();
  });

  it("reads YYYY-MM and YYYY metadata dates as a month and a year", () => {
    const month = documentDate("2024-12", "");
    expect([dayToIso(month!.from), dayToIso(month!.to), month!.grain]).toEqual(["2024-12-01", "2024-12-31", "month"]);
    expect(documentDate("2024", "")?.grain).toBe("year");
  });

  it("its sources show the month, marked as estimated, and its 「昨天」 is not dated to a day", async () => {
    const { result } = await engine.ask("沈东调研区政协工作时还参观了哪里？");
    expect(result.found).toBe(true);
    expect(result.sources[0]).toMatchObject({ date: "2024-12", dateEstimated: true });
    expect(result.answer).not.toMatch(/昨天（\d{4}年\d{1,2}月\d{1,2}日/u);
  });

  it("a question about last month finds its articles", async () => {
    const { result } = await engine.ask("上个月有什么新闻？", { date: "2025-01-05" });
    const ids = result.sources.map((s) => s.id);
    expect(ids.filter((id) => id.startsWith("004_")).length).toBeGreaterThanOrEqual(4);
  });
});
