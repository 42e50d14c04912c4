import { describe, expect, it } from "vitest";
import { dayNumber, dayToIso, documentDate, findDates, parseIsoDay } from "../../src/text/dates.js";

const today = dayNumber(2024, 11, 12); // a Tuesday
const spans = (q: string, t = today) => findDates(q, t).map((d) => `${dayToIso(d.from)}..${dayToIso(d.to)}`);

describe("question dates", () => {
  it("reads explicit full dates, months and years", () => {
    expect(spans("2020年4月2日武进发生了什么")).toEqual(["2020-04-02..2020-04-02"]);
    expect(spans("2024年有哪些项目")).toEqual(["2024-01-01..2024-12-31"]);
    expect(spans("商务部在2024年1月底召开了多少场圆桌会")).toEqual(["2024-01-21..2024-01-31"]);
  });

  it("puts a month and day without a year in the latest year not after today", () => {
    expect(spans("12月6日是第几个学习日", dayNumber(2024, 12, 10))).toEqual(["2024-12-06..2024-12-06"]);
    expect(spans("12月6日是第几个学习日", dayNumber(2024, 11, 12))).toEqual(["2023-12-06..2023-12-06"]);
  });

  it("resolves relative days, weeks, months and years against today", () => {
    expect(spans("昨天的新闻")).toEqual(["2024-11-11..2024-11-11"]);
    expect(spans("上周开了什么会")).toEqual(["2024-11-04..2024-11-10"]);
    expect(spans("上个月签约的项目")).toEqual(["2024-10-01..2024-10-31"]);
    expect(spans("今年的重大项目")).toEqual(["2024-01-01..2024-12-31"]);
    expect(spans("去年实际利用外资")).toEqual(["2023-01-01..2023-12-31"]);
    expect(spans("三个月前谁在开庭受审")).toEqual(["2024-08-01..2024-08-31"]);
  });

  it("combines a relative year with a month or a day", () => {
    expect(spans("四年前的这个月，哪位官员被隔离？")).toEqual(["2020-11-01..2020-11-30"]);
    expect(spans("今年六月谁被罚款")).toEqual(["2024-06-01..2024-06-30"]);
    expect(spans("四年前5月18日选出了谁")).toEqual(["2020-05-18..2020-05-18"]);
  });

  it("gives the span of text each date occupies, and ignores relative words without a today", () => {
    const [d] = findDates("请问2024年12月6日有什么活动", today);
    expect(d!.text).toBe("2024年12月6日");
    expect(findDates("上周开了什么会")).toEqual([]);
  });

  it("accepts unpadded ISO dates as today", () => {
    expect(parseIsoDay("2024-5-1")).toBe(dayNumber(2024, 5, 1));
    expect(parseIsoDay("not a date")).toBeUndefined();
  });
});

describe("document dates", () => {
  it("prefers the metadata date, else the first date near the start of the text", () => {
    expect(documentDate("2024-12-07", "2020年6月27日，某事")).toMatchObject({ from: dayNumber(2024, 12, 7), grain: "day" });
    expect(documentDate(undefined, "2020年6月27日，倪萍在微博上分享了观后感。")).toMatchObject({ from: dayNumber(2020, 6, 27), grain: "day" });
    expect(documentDate(undefined, "截至2024年4月底，两只基金年内收益率")).toMatchObject({ from: dayNumber(2024, 4, 1), grain: "month" });
    expect(documentDate(undefined, "北京时间1月6日，猛龙客场击败雄鹿")).toBeUndefined();
  });
});
