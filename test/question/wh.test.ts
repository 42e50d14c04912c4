/** What a question asks for, read from data/question-words.tsv, on questions a reader might type. */
import { describe, expect, it } from "vitest";
import { QuestionAnalyser } from "../../src/question/analyse.js";
import { normaliseQuestion, normaliseText } from "../../src/question/normalise.js";

const analyser = new QuestionAnalyser({ idf: () => 2, df: () => 1, isTerm: () => false, aliases: () => undefined });
const analyse = (q: string) => analyser.analyse(q, { today: "2024-12-10" });

describe("question type and wh-phrase", () => {
  it.each([
    ["某区有哪些新能源企业？", "list"],
    ["公司总经理是谁？", "who"],
    ["项目由哪家集团投资建设？", "which"],
    ["项目总投资多少亿元？", "number"],
    ["湖塘镇新建了几处口袋公园？", "number"],
    // 「哪几个」 asks which ones, not how many (its lead read 「包括哪三个项目」)
    ["本次大赛包括哪几个项目？", "list"],
    ["哪几家公司参加了？", "list"],
    ["大会什么时候举行？", "when"],
    ["平台在哪里揭牌？", "where"],
    ["陕投集团在哪些主业领域取得了成绩？", "list"],
    ["它还自建了什么？", "what"],
    // a 有 inside another verb (具有, 拥有) opens no 「有什么」: what is asked for is one thing
    ["锄骨具有什么形状的齿带？", "what"],
    ["公司有什么产品？", "list"],
  ])("%s is a %s question", (q, type) => {
    expect(analyse(q).type).toBe(type);
  });

  it("takes 「多长时间」 whole, so that a lead says the span in its place (not 「长达22.5小时时间」)", () => {
    expect(analyse("本线每天服务多长时间？").wh).toBe("多长时间");
    expect(analyse("本线每天服务多长时间？").type).toBe("number");
  });

  it("names the unit or classifier a number question wants, and whether it wants a rate", () => {
    expect(analyse("今年实际利用外资多少美元？").unit).toBe("美元");
    expect(analyse("新增了多少个本科专业？").classifier).toBe("个");
    expect(analyse("湖塘镇新建了几处口袋公园？").classifier).toBe("处");
    expect(analyse("上半年GDP增长率是多少？").wantsRate).toBe(true);
  });

  it("finds the noun a determiner governs, and none after 谁 or 什么时候", () => {
    expect(analyse("伊拉克政府正在筹备举行什么选举？").whNoun).toBe("选举");
    expect(analyse("项目由哪家集团投资建设？").whNoun).toBe("集团");
    expect(analyse("谁被选为英国下议院的新议长？").whNoun).toBe("");
    expect(analyse("大会什么时候举行？").whNoun).toBe("");
  });

  it("reads the whole wh-phrase, so that a lead replaces all of it (「在什么时间段内」 left 「…至7日段内」)", () => {
    expect(analyse("杨某在什么时间段内曾在苏州活动？").wh).toBe("什么时间段");
    expect(analyse("本次大赛包括哪几个项目？").wh).toBe("哪几个");
  });

  it("finds the word the wh-word asks about", () => {
    expect(analyse("扁线电机产线的自动化率是多少？").focus).toContain("自动化率");
  });

  it("keeps dates out of the content words and resolves them against today", () => {
    const a = analyse("上个月高新区签约了哪些项目");
    expect(a.dateRanges).toHaveLength(1);
    expect(a.words.map((w) => w.word)).not.toContain("上个月");
  });
});

describe("named things with their kinds", () => {
  it("tells organisations, places and dates apart, and leaves out places too general to matter", () => {
    const a = analyse("2024年武进区滨湖集团在湖塘科技产业园投资了什么？");
    const kinds = Object.fromEntries(a.entities.map((e) => [e.text, e.kind]));
    expect(kinds["滨湖集团"]).toBe("organisation");
    expect(kinds["湖塘科技产业园"]).toBe("place");
    expect(kinds["2024年"]).toBe("date");
    expect(kinds["武进区"]).toBeUndefined();
  });

  it("does not count what a list question asks for as a thing it names", () => {
    const a = analyse("高新区有哪些新能源项目？");
    expect(a.entities.map((e) => e.text)).toContain("高新区");
    expect(a.entities.map((e) => e.text)).not.toContain("新能源项目");
  });
});

describe("normalisation", () => {
  it("reads traditional characters and full-width forms as simplified and ASCII", () => {
    expect(normaliseQuestion("叁零陸動力部件在哪裡？")).toBe("叁零陆动力部件在哪里?");
    expect(normaliseQuestion("ＧＤＰ是多少（２０２４）")).toBe("GDP是多少(2024)");
  });

  it("keeps an article's length and Chinese punctuation, so positions and quotes stay true", () => {
    const text = "总投资１４．３亿元，已完工。公司已人驻园区。";
    const norm = normaliseText(text);
    expect(norm.length).toBe(text.length);
    expect(norm).toBe("总投资14.3亿元，已完工。公司已入驻园区。");
  });
});
