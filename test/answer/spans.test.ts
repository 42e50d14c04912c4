/** The spans answers are made of, and the lead sentence written around one, on sentences of other news. */
import { describe, expect, it } from "vitest";
import { datesIn, figuresIn } from "../../src/answer/kinds.js";
import { enumeration, namesAfter } from "../../src/answer/items.js";
import { writeLead } from "../../src/answer/lead.js";
import { withYear } from "../../src/answer/spans.js";
import { QuestionAnalyser } from "../../src/question/analyse.js";

const analyser = new QuestionAnalyser({ idf: () => 2, df: () => 1, isTerm: () => false, aliases: () => undefined });
const analyse = (q: string) => analyser.analyse(q, { today: "2024-12-10" });

describe("figures and dates", () => {
  it("finds figures with their units and ranges, and never takes a date for a figure", () => {
    expect(figuresIn("12月6日，订单量比上季度增加了20%~30%，总投资14.3亿元").map((f) => f.text)).toEqual(["20%~30%", "14.3亿元"]);
    expect(figuresIn("湖塘镇新建口袋公园三处，总面积1.2万平方米").map((f) => f.text)).toEqual(["三处", "1.2万平方米"]);
    expect(figuresIn("上海经济增速预期目标为6%-6.5%").map((f) => f.text)).toContain("6%-6.5%");
  });

  it("finds dates and date ranges as the text gives them", () => {
    expect(datesIn("12月4日—6日，区委书记沈东先后前往").map((d) => d.text)).toEqual(["12月4日—6日"]);
    expect(datesIn("预计2025年一季度投产").map((d) => d.text)).toEqual(["2025年一季度"]);
  });

  it("gives a date without a year the year of the sentence, else of the article", () => {
    expect(withYear("6月25日", "2024年6月14日，欧盟同意于", 2023)).toBe("2024年6月25日");
    expect(withYear("5月16日", "", 2022)).toBe("2022年5月16日");
    expect(withYear("今年3月", "", 2023)).toBe("2023年3月");
    expect(withYear("2021年6月1日", "", 2022)).toBe("2021年6月1日");
    expect(withYear("5月16日", "", undefined)).toBe("5月16日");
  });
});

describe("list items", () => {
  it("reads the people after a role title, cutting the verb after the last name", () => {
    expect(namesAfter("区人大常委会主任石伟东,副主任孙金才、刘云英、周庆中、戴志华参加调研。", "副主任")).toEqual(["孙金才", "刘云英", "周庆中", "戴志华"]);
  });

  it("tells a list of things from slogans and verb phrases", () => {
    expect(enumeration("涵盖了镍氢、钠离子、全固态、全钒液流等各类产业赛道")).toEqual(["镍氢", "钠离子", "全固态", "全钒液流"]);
    expect(enumeration("实地查进度、解难题、抓见效")).toBeUndefined();
    expect(enumeration("树牢“以项目论英雄、以贡献促发展”的导向")).toBeUndefined();
  });
});

describe("lead sentences", () => {
  const lead = (q: string, shown: string, kind: "figure" | "date" | "organisation" | "person" | "place" | "phrase") => writeLead(analyse(q), { shown, kind });

  it("says the question back with the answer in place of its wh-phrase", () => {
    expect(lead("叁零陆的总经理是谁？", "秦金玉", "person")).toBe("叁零陆的总经理是秦金玉。");
    expect(lead("中德技术赋能平台在哪里揭牌？", "常州科教城", "place")).toBe("中德技术赋能平台在常州科教城揭牌。");
    expect(lead("厉以宁先生是什么时候逝世的？", "2023年2月27日", "date")).toBe("厉以宁先生是2023年2月27日逝世的。");
  });

  it("does not repeat the unit, the noun or the modifier the question already says", () => {
    expect(lead("项目总投资多少钱？", "14.3亿元", "figure")).toBe("项目总投资14.3亿元。");
    expect(lead("项目由哪家集团投资建设？", "滨湖集团", "organisation")).toBe("项目由滨湖集团投资建设。");
    expect(lead("L9交付量超过多少辆？", "超过20万辆", "figure")).toBe("L9交付量超过20万辆。");
    expect(lead("伊拉克政府正在筹备举行什么选举？", "地方选举", "phrase")).toBe("伊拉克政府正在筹备举行地方选举。");
  });

  it("writes nothing that would not read as one claim", () => {
    // the answer would stand twice, or another question word would be left in it
    expect(lead("YouTube网红收入榜在2020年公布的是什么时候？", "2020年", "date")).toBeUndefined();
    expect(lead("谁在什么时候宣布了这个消息？", "张三", "person")).toBeUndefined();
  });
});

describe("leads that join the answer as a person would say it", () => {
  const lead = (q: string, shown: string, kind: "figure" | "date" | "organisation" | "person" | "place" | "phrase") => writeLead(analyse(q), { shown, kind });

  it("drops the answer's own copula, lets a qualifier replace the question's, and keeps a place's own locative word", () => {
    expect(lead("扁线电机产线的自动化率是多少？", "达到70%", "figure")).toBe("扁线电机产线的自动化率是70%。");
    expect(lead("TOPCon电池项目的建筑面积有多大？", "约11.8万平方米", "figure")).toBe("TOPCon电池项目的建筑面积约11.8万平方米。");
    expect(lead("叁零陆动力部件在哪里？", "位于湖塘科技产业园", "place")).toBe("叁零陆动力部件位于湖塘科技产业园。");
  });

  it("keeps a lead to one line of at most 60 characters, the clauses before the answer's going first", () => {
    const long = "2019年9月27日在庆祝中华人民共和国成立70周年活动新闻中心举办的新闻发布会上，农业农村部部长谁表示中国粮食安全有保障？";
    const made = lead(long, "韩长赋", "person");
    expect(made).toBe("农业农村部部长韩长赋表示中国粮食安全有保障。");
  });
});
