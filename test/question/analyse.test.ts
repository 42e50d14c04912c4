import { describe, expect, it } from "vitest";
import { AliasTable, buildAliases, contains, isAbbreviation } from "../../src/lexicon/aliases.js";
import { QuestionAnalyser } from "../../src/question/analyse.js";
import { splitEvents } from "../../src/question/events.js";
import { dayNumber } from "../../src/text/dates.js";

/** An analysis without a corpus: every word equally rare, no mined names. */
function analyzeQuery(q: string, opts: { today?: string; aliases?: AliasTable } = {}) {
  const analyser = new QuestionAnalyser({ idf: () => 1, df: () => 1, isTerm: () => false, aliases: () => opts.aliases });
  return analyser.analyse(q, opts.today ? { today: opts.today } : {});
}
const terms = (q: string, aliases?: AliasTable) => analyzeQuery(q, { today: "2024-12-10", aliases }).terms;

describe("query analysis", () => {
  it("never lets question words or stop-words drive ranking", () => {
    const t = terms("高新区有哪些新能源项目吗？").map((x) => x.term);
    expect(t).toEqual(expect.arrayContaining(["高新区", "新能源", "项目"]));
    for (const w of ["哪些", "有", "吗", "什么"]) expect(t).not.toContain(w);
  });

  it("reads a company's name with a bracketed place as one organisation, not a foreign person's name", () => {
    const named = (q: string) => analyzeQuery(q).entities.map((e) => [e.text, e.kind]);
    expect(named("菲尼克斯（中国）投资有限公司的副总裁是谁？")).toEqual([["菲尼克斯(中国)投资有限公司", "organisation"]]);
    expect(named("特斯拉（上海）有限公司的总经理是谁")).toEqual([["特斯拉(上海)有限公司", "organisation"]]);
    expect(named("马斯克宣布了什么？")).toEqual([["马斯克", "person"]]);
  });

  it("repairs OCR slips in the question (人驻 → 入驻)", () => {
    const a = analyzeQuery("哪些企业人驻了湖塘科技产业园", { today: "2024-12-10" });
    expect(a.text).toContain("入驻");
    expect(a.terms.map((x) => x.term)).toContain("入驻");
  });

  it("takes dates out of the words and resolves them against today", () => {
    const a = analyzeQuery("上个月高新区签约了哪些项目", { today: "2024-12-10" });
    expect(a.dateRanges).toEqual([{ from: dayNumber(2024, 11, 1), to: dayNumber(2024, 11, 30), grain: "month" }]);
    expect(a.core).not.toContain("上个月");
    expect(a.terms.map((x) => x.term)).not.toContain("上个月");
  });

  it("expands a short name to its full names at a lower weight than the words typed", () => {
    const aliases = buildAliases();
    const t = terms("高新区有哪些新能源项目", aliases);
    expect(t.find((x) => x.term === "高新区")!.weight).toBe(1);
    const full = t.find((x) => x.term === "武进国家高新区");
    expect(full).toBeDefined();
    expect(full!.weight).toBeLessThan(1);
    expect(terms("区政协主席是谁", aliases).map((x) => x.term)).toContain("政协");
  });

  it("adds the narrower words articles use for a broad word (新能源 → 液流电池, TOPCon)", () => {
    const t = terms("高新区有哪些新能源项目", buildAliases()).map((x) => x.term);
    expect(t).toEqual(expect.arrayContaining(["液流电池", "topcon"]));
  });

  it("splits a question about several events into one part per event", () => {
    expect(splitEvents("以下事件哪个最早发生:苏垦农发发布人事变动公告、西安市住房限购政策调整、刘强东宣布为采销员工涨薪?")).toEqual([
      "苏垦农发发布人事变动公告",
      "西安市住房限购政策调整",
      "刘强东宣布为采销员工涨薪",
    ]);
    const a = analyzeQuery("台风海葵登陆广东和西安交通大学不再将英语考试成绩作为毕业条件是在同一个月吗？", { today: "2023-12-01" });
    expect(a.parts).toHaveLength(2);
    expect(a.parts[0]).toContain("海葵");
    expect(a.parts[1]).toContain("西安交通大学");
  });

  it("does not split an ordinary question that happens to contain 和", () => {
    expect(analyzeQuery("曼城和阿森纳的比赛最终比分是多少？", { today: "2024-08-30" }).parts).toEqual([]);
  });

  it("reads 「A当天，B」 as an anchor event and a question about that day", () => {
    const a = analyzeQuery("科创板正式开板当天，58同城发布了关于什么的报告？", { today: "2024-08-30" });
    expect(a.anchor).toMatchObject({ event: "科创板正式开板", grain: "day" });
    expect(a.anchor!.rest).toContain("58同城");
  });

  it("marks list questions", () => {
    expect(analyzeQuery("高新区有哪些新能源项目").list).toBe(true);
    expect(analyzeQuery("武进区政协主席是谁").list).toBe(false);
  });
});

describe("aliases", () => {
  it("resolves abbreviations and full names to each other from the data file", () => {
    const a = buildAliases();
    expect(a.expand("武高新的项目")).toEqual(expect.arrayContaining(["武进国家高新区", "高新区"]));
    expect(a.expand("西太湖有什么项目")).toContain("西太湖科技产业园");
    expect(a.expand("区政协工作")).toContain("武进区政协");
    expect(a.expand("政协主席是谁")).toContain("区政协");
  });

  it("learns short names the corpus declares", () => {
    const a = new AliasTable();
    a.mine("常州星辰新能源有限公司（以下简称“星辰新能”）今天投产。");
    a.mine("武进国家高新区（武高新）今年新增项目。");
    a.finishMining();
    expect(a.expand("星辰新能的产线")).toContain("常州星辰新能源有限公司");
    expect(a.expand("武高新")).toContain("武进国家高新区");
  });

  it("never makes a generic short name declared for several full names an alias", () => {
    const a = new AliasTable();
    a.mine("江苏甲乙科技股份有限公司（以下简称“公司”）发布公告。");
    a.mine("常州丙丁材料股份有限公司（以下简称“公司”）发布公告。");
    a.finishMining();
    expect(a.expand("公司的净利润是多少")).toEqual([]);
  });

  it("matches a name with one character wrong (OCR slip)", () => {
    expect(contains("西太湖科枝产业园的项目", "西太湖科技产业园")).toBe(true);
    expect(contains("西湖的项目", "西太湖")).toBe(false);
    expect(buildAliases().expand("西太湖科枝产业园有什么项目")).toContain("西太湖科技产业园");
  });

  it("recognises an abbreviation only when its characters come from the full name in order", () => {
    expect(isAbbreviation("武高新", "武进国家高新区")).toBe(true);
    expect(isAbbreviation("星辰新能", "常州星辰新能源有限公司")).toBe(true);
    expect(isAbbreviation("上午", "武进国家高新区")).toBe(false);
  });
});
