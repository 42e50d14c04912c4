/**
 * The example page of docs/pages.md (examples/page.txt), ingested as `ingest` reads a page: what
 * becomes of its dateline, headlines, sub-headline, bylines, photo captions, column label and the
 * paragraph the layout broke — and the summary `ingest` prints of it.
 */
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { emptyReport, readArticles, type InputReport } from "../../src/ingest/sources.js";
import { describeRecognised } from "../../src/ingest/recognised.js";
import { PROJECT_ROOT } from "../../src/paths.js";
import type { Article } from "../../src/types.js";

const EXAMPLE = join(PROJECT_ROOT, "examples", "page.txt");

describe("the example page of docs/pages.md", () => {
  const report: InputReport = emptyReport();
  const articles: Article[] = [];
  beforeAll(async () => {
    for await (const a of readArticles([EXAMPLE], report, { paper: "武进日报" })) articles.push(a);
  });

  it("holds two articles and a photo caption, in page order, with ids <file stem>#<position>", () => {
    expect(articles.map((a) => [a.id, a.title, a.kind ?? "article"])).toEqual([
      ["page#0", "湖塘镇三座口袋公园同时开园", "article"],
      ["page#1", "西太湖夜市开张", "article"],
      ["page#2", "", "caption"],
    ]);
  });

  it("dates every item by the page's dateline, which is no headline; the paper comes from PAPER_NAME", () => {
    for (const a of articles) expect(a).toMatchObject({ date: "2024-12-09", source: "武进日报" });
    for (const a of articles) expect(a.dateEstimated).toBeUndefined();
    expect(articles.map((a) => `${a.title}${a.subtitle ?? ""}${a.body}`).join("")).not.toContain("星期一");
  });

  it("keeps the sub-headline apart, and reads the byline of 「本报讯 (…)」 into the reporters", () => {
    const [park, market] = articles;
    expect(park!.subtitle).toBe("家门口添绿 市民休闲有了好去处");
    expect(park).toMatchObject({ byline: "记者 王晓 通讯员 李明", reporters: ["王晓", "李明"] });
    expect(park!.body.startsWith("昨天上午，湖塘镇三座口袋公园同时开园")).toBe(true);
    expect(market).toMatchObject({ byline: "通讯员 周洁 记者 赵五", reporters: ["周洁", "赵五"] });
  });

  it("a short caption stays in its article's text; its credit names the article's photographer", () => {
    const park = articles[0]!;
    expect(park.body).toContain("\n花园街口袋公园一角。\n");
    expect(park.body).not.toContain("摄");
    expect(park.photographers).toEqual(["王晓"]);
  });

  it("joins the paragraph the layout broke after a comma", () => {
    expect(articles[1]!.body).toContain("食品安全追溯系统，市民扫码即可查看食材来源。");
  });

  it("a long caption is an item of its own: no headline, no byline, its photographer, and the label left at the page's end as its column", () => {
    const caption = articles[2]!;
    expect(caption).toMatchObject({ kind: "caption", title: "", byline: "", reporters: [], photographers: ["钱垒"], column: "城市 影像" });
    expect(caption.body.startsWith("12月7日晚，市民在西太湖夜市选购非遗手作。")).toBe(true);
    expect(caption.body).not.toMatch(/钱垒|城市/u);
  });

  it("the ingest summary says what was recognised and that nothing was left over", () => {
    expect(report.recognised).toMatchObject({
      pages: 1,
      pageArticles: 3,
      headlines: 2,
      subheadlines: 1,
      bylines: 2,
      captions: 1,
      photoCredits: 2,
      columns: 1,
      withoutHeadline: [],
      withoutByline: [],
    });
    expect(report.recognised.datedPages).toEqual({ printed: 1, day: 0, month: 0, year: 0, undated: 0 });
    const lines = describeRecognised(report.recognised);
    expect(lines[0]).toBe(
      "recognised on 1 page: 3 articles, 2 with a headline (1 with a sub-headline), 2 bylines, 1 photo caption, 2 photo credits, 1 column label; page dates: 1 printed",
    );
    expect(lines[1]).toMatch(/^not recognised: nothing/u);
  });

  it("says what it could not recognise: an item with no headline, no byline, on a page with no date", async () => {
    const r = emptyReport();
    const dir = join(PROJECT_ROOT, "test", "fixtures");
    const read: Article[] = [];
    for await (const a of readArticles([join(dir, "headless-page.txt")], r)) read.push(a);
    expect(read).toHaveLength(1);
    expect(describeRecognised(r.recognised).join("\n")).toMatch(
      /not recognised: 1 article without a headline \(cited by paper and date: headless-page#0\); 1 article without a byline \(headless-page#0\); 1 page with no date/u,
    );
  });
});
