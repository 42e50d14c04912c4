/** Question analysis and answer extraction on sentences a reader would meet in other news. */
import { describe, expect, it } from "vitest";
import { enumeration, figures, namesAfter, organisations, places } from "../../src/answer/extract.js";
import { analyzeQuestion, isCount } from "../../src/answer/question.js";

describe("question analysis", () => {
  it.each([
    ["某区有哪些新能源企业？", "list"],
    ["公司总经理是谁？", "who"],
    ["项目总投资多少亿元？", "number"],
    ["大会什么时候举行？", "when"],
    ["平台在哪里揭牌？", "where"],
    ["陕投集团在哪些主业领域取得了成绩？", "list"],
    ["它还自建了什么？", "what"],
  ])("%s is a %s question", (q, type) => {
    expect(analyzeQuestion(q).type).toBe(type);
  });

  it("names the unit a number question wants, and whether it wants a rate", () => {
    expect(analyzeQuestion("今年实际利用外资多少美元？").unit).toBe("美元");
    expect(analyzeQuestion("新增了多少个本科专业？").unit).toBe("");
    expect(analyzeQuestion("新增了多少个本科专业？").classifier).toBe("个");
    expect(analyzeQuestion("上半年GDP增长率是多少？").wantsRate).toBe(true);
  });

  it("finds the word the wh-word asks about", () => {
    expect(analyzeQuestion("扁线电机产线的自动化率是多少？").focus).toContain("自动化率");
  });
});

describe("extraction", () => {
  it("reads the people after a role word, cutting the verb after the last name", () => {
    expect(namesAfter("区人大常委会主任石伟东,副主任孙金才、刘云英、周庆中、戴志华参加调研。", "副主任")).toEqual([
      "孙金才",
      "刘云英",
      "周庆中",
      "戴志华",
    ]);
    expect(namesAfter("区政协主席、党组书记郑政平出席会议并讲话", "主席")).toEqual(["郑政平"]);
  });

  it("finds figures with units, ranges, and skips dates", () => {
    const f = figures("12月6日,订单量比上季度增加了20%~30%,总投资14.3亿元").map((x) => x.text);
    expect(f).toEqual(["20%~30%", "14.3亿元"]);
  });

  it("counts in Chinese numerals are figures, and are told from measures", () => {
    expect(figures("湖塘镇新建口袋公园三处,总面积1.2万平方米").map((x) => x.text)).toEqual(["三处", "1.2万平方米"]);
    expect(isCount("三处")).toBe(true);
    expect(isCount("9名")).toBe(true);
    expect(isCount("1.2万平方米")).toBe(false);
    expect(analyzeQuestion("湖塘镇新建了几处口袋公园？").classifier).toBe("处");
  });

  it("finds an organisation without the words before it", () => {
    expect(organisations("大会主办方之一、常州星辰新能源有限公司是首家企业")).toEqual(["常州星辰新能源有限公司"]);
    expect(organisations("配套设施建设项目由滨湖集团投资建设")).toEqual(["滨湖集团"]);
  });

  it("finds a place after 在/位于", () => {
    expect(places("对接会在常州科教城举行")).toContain("常州科教城");
    expect(places("位于湖塘科技产业园的公司")).toContain("湖塘科技产业园");
  });

  it("tells a list of things from slogans and verb phrases", () => {
    expect(enumeration("涵盖了镍氢、钠离子、全固态、全钒液流等各类产业赛道")).toEqual(["镍氢", "钠离子", "全固态", "全钒液流"]);
    expect(enumeration("实地查进度、解难题、抓见效")).toBeUndefined();
    expect(enumeration("树牢“以项目论英雄、以贡献促发展”的导向")).toBeUndefined();
  });
});
