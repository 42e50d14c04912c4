/**
 * Date phrases as Chinese news and questions write them, each with the day it is read against and
 * the day range it must give. The phrases are written for this table in the shapes news uses.
 */
import { describe, expect, it } from "vitest";
import { holidays } from "../../src/lexicon/lexicon.js";
import { dayToIso, documentDate, findDates, parseIsoDay, type DayRange, type FoundDate } from "../../src/text/dates.js";

interface Row {
  phrase: string;
  /** The reference day (today for a question, the article's date with `future`). */
  ref: string;
  /** "from..to" in ISO days, or null when the phrase names no date. */
  range: string | null;
  grain?: DayRange["grain"];
  /** The matched text, when the phrase holds other dates or the span matters. */
  text?: string;
  future?: boolean;
}

const row = (phrase: string, ref: string, range: string | null, more: Partial<Row> = {}): Row => ({ phrase, ref, range, ...more });

const NUMERALS: Row[] = [
  row("二〇二四年十二月，全区重大项目集中开工", "2025-01-10", "2024-12-01..2024-12-31", { grain: "month", text: "二〇二四年十二月" }),
  row("二〇二四年十二月十日", "2025-01-10", "2024-12-10..2024-12-10", { grain: "day" }),
  row("二〇一九年七月十六日，区人大常委会召开会议", "2024-11-12", "2019-07-16..2019-07-16", { grain: "day" }),
  row("二零二三年五月", "2024-11-12", "2023-05-01..2023-05-31", { grain: "month" }),
  row("十二月四日，区委书记沈东带队调研", "2024-12-10", "2024-12-04..2024-12-04", { grain: "day", text: "十二月四日" }),
  row("十二月四日，区委书记沈东带队调研", "2024-11-12", "2023-12-04..2023-12-04", { grain: "day", text: "十二月四日" }),
  row("十一月二十一日上午", "2024-12-10", "2024-11-21..2024-11-21", { text: "十一月二十一日" }),
  row("二十一日上午，区长主持召开常务会议", "2024-12-26", "2024-12-21..2024-12-21", { grain: "day", text: "二十一日" }),
  row("21日，记者从区住建局获悉", "2024-12-10", "2024-11-21..2024-11-21", { grain: "day", text: "21日" }),
  row("2024年12月", "2025-01-10", "2024-12-01..2024-12-31", { grain: "month" }),
  row("2020年4月2日武进发生了什么", "2024-11-12", "2020-04-02..2020-04-02", { grain: "day" }),
];

const RANGES: Row[] = [
  row("12月4日—6日，区委书记沈东带队赴深圳招商", "2024-12-10", "2024-12-04..2024-12-06", { grain: "range", text: "12月4日—6日" }),
  row("12月4日至6日，第三届智能制造博览会举行", "2024-12-10", "2024-12-04..2024-12-06", { grain: "range", text: "12月4日至6日" }),
  row("12月4日-6日", "2024-12-10", "2024-12-04..2024-12-06", { grain: "range" }),
  row("12月4日到6日", "2024-12-10", "2024-12-04..2024-12-06", { grain: "range" }),
  row("12月4至6日，比赛在湖塘举行", "2024-12-10", "2024-12-04..2024-12-06", { grain: "range", text: "12月4至6日" }),
  row("12月30日至1月2日，西太湖灯会持续开放", "2025-01-05", "2024-12-30..2025-01-02", { grain: "range", text: "12月30日至1月2日" }),
  row("2023年12月30日至2024年1月2日", "2024-11-12", "2023-12-30..2024-01-02", { grain: "range" }),
  row("2024年12月4日至6日", "2025-03-01", "2024-12-04..2024-12-06", { grain: "range" }),
  row("2023年3月至5月，全区开展专项整治", "2024-11-12", "2023-03-01..2023-05-31", { grain: "range", text: "2023年3月至5月" }),
  row("2023年11月至2月", "2024-11-12", "2023-11-01..2024-02-29", { grain: "range" }),
  row("2019年至2021年，全区累计完成投资", "2024-11-12", "2019-01-01..2021-12-31", { grain: "range", text: "2019年至2021年" }),
  row("2019—2021年", "2024-11-12", "2019-01-01..2021-12-31", { grain: "range" }),
  row("今年1—10月，全区新增入库项目", "2024-11-12", "2024-01-01..2024-10-31", { grain: "range", text: "今年1—10月" }),
  row("1至7月累计发送旅客", "2024-11-12", "2024-01-01..2024-07-31", { grain: "range", text: "1至7月" }),
  row("3月初至5月底", "2024-11-12", "2024-03-01..2024-05-31", { grain: "range" }),
  row("3月31日至4月", "2024-11-12", "2024-03-31..2024-04-30", { grain: "range" }),
  row("三季度至四季度", "2024-11-12", "2024-07-01..2024-12-31", { grain: "range" }),
];

const PARTS: Row[] = [
  row("2023年上半年，全区地区生产总值增长", "2024-11-12", "2023-01-01..2023-06-30", { grain: "half", text: "2023年上半年" }),
  row("今年下半年将开工", "2024-11-12", "2024-07-01..2024-12-31", { grain: "half", text: "今年下半年" }),
  row("上半年实际使用外资多少亿元", "2024-11-12", "2024-01-01..2024-06-30", { grain: "half" }),
  row("今年第三季度", "2024-11-12", "2024-07-01..2024-09-30", { grain: "quarter" }),
  row("第三季度营收多少", "2024-11-12", "2024-07-01..2024-09-30", { grain: "quarter", text: "第三季度" }),
  row("三季度GDP", "2024-11-12", "2024-07-01..2024-09-30", { grain: "quarter", text: "三季度" }),
  row("预计2024年一季度投产", "2023-12-01", "2024-01-01..2024-03-31", { grain: "quarter", text: "2024年一季度" }),
  row("冲刺四季度", "2024-11-12", "2024-10-01..2024-12-31", { grain: "quarter", text: "四季度" }),
  row("冲刺四季度", "2024-03-12", "2023-10-01..2023-12-31", { grain: "quarter", text: "四季度" }),
  row("Q3营收", "2024-11-12", "2024-07-01..2024-09-30", { grain: "quarter", text: "Q3" }),
  row("今年前三季度，全区规上工业增加值增长", "2024-11-12", "2024-01-01..2024-09-30", { text: "今年前三季度" }),
  row("欧元区上一季度的债务比率", "2024-11-12", "2024-07-01..2024-09-30", { grain: "quarter", text: "上一季度" }),
  row("12月初，项目主体封顶", "2024-12-20", "2024-12-01..2024-12-10", { grain: "span", text: "12月初" }),
  row("3月中，樱花进入盛花期", "2024-11-12", "2024-03-11..2024-03-20", { grain: "span", text: "3月中" }),
  row("6月底前完成", "2024-11-12", "2024-06-21..2024-06-30", { grain: "span", text: "6月底" }),
  row("截至2024年4月底，两只基金年内收益率", "2024-11-12", "2024-04-21..2024-04-30", { grain: "span", text: "2024年4月底" }),
  row("今年2月下旬", "2024-11-12", "2024-02-21..2024-02-29", { grain: "span" }),
  row("11月中下旬", "2024-12-01", "2024-11-11..2024-11-30", { grain: "span" }),
  row("截至2024年底，全区共有高新技术企业", "2025-01-10", "2024-12-01..2024-12-31", { grain: "span", text: "2024年底" }),
  row("2024年年中", "2024-11-12", "2024-06-01..2024-07-31", { grain: "span" }),
  row("今年年初，区里启动了这项工程", "2024-11-12", "2024-01-01..2024-02-29", { grain: "span", text: "今年年初" }),
  row("去年底签约", "2024-11-12", "2023-12-01..2023-12-31", { grain: "span", text: "去年底" }),
  row("力争年底前建成投用", "2024-03-12", "2024-12-01..2024-12-31", { grain: "span", text: "年底" }),
  row("上个月底", "2024-11-12", "2024-10-21..2024-10-31", { grain: "span" }),
];

const RELATIVE: Row[] = [
  row("四年前哪位官员被隔离", "2024-11-12", "2020-01-01..2020-12-31", { grain: "year", text: "四年前" }),
  row("近三年，全区累计引进项目", "2024-11-12", "2021-11-12..2024-11-12", { grain: "range", text: "近三年" }),
  row("近3年来的回报率", "2024-11-12", "2021-11-12..2024-11-12", { grain: "range", text: "近3年来" }),
  row("过去三年", "2024-11-12", "2021-11-12..2024-11-12", { grain: "range" }),
  row("近一个月", "2025-03-10", "2025-02-10..2025-03-10", { grain: "range" }),
  row("今年的重大项目", "2024-11-12", "2024-01-01..2024-12-31", { grain: "year", text: "今年" }),
  row("去年实际利用外资", "2024-11-12", "2023-01-01..2023-12-31", { grain: "year", text: "去年" }),
  row("明年", "2024-11-12", "2025-01-01..2025-12-31", { grain: "year" }),
  row("明年1月起施行", "2024-11-12", "2025-01-01..2025-01-31", { grain: "month", text: "明年1月" }),
  row("上周开了什么会", "2024-11-12", "2024-11-04..2024-11-10", { grain: "week", text: "上周" }),
  row("下周", "2024-11-12", "2024-11-18..2024-11-24", { grain: "week" }),
  row("上个月签约的项目", "2024-11-12", "2024-10-01..2024-10-31", { grain: "month", text: "上个月" }),
  row("下个月", "2024-11-12", "2024-12-01..2024-12-31", { grain: "month" }),
  row("下个月", "2024-12-12", "2025-01-01..2025-01-31", { grain: "month" }),
  row("昨天的新闻", "2024-11-12", "2024-11-11..2024-11-11", { grain: "day", text: "昨天" }),
];

const HOLIDAYS: Row[] = [
  row("元旦", "2024-11-12", "2024-01-01..2024-01-01", { grain: "day" }),
  row("国庆节", "2024-11-12", "2024-10-01..2024-10-01", { grain: "day" }),
  row("国庆期间，淹城景区接待游客", "2024-11-12", "2024-10-01..2024-10-01", { text: "国庆" }),
  row("国庆假期", "2024-11-12", "2024-10-01..2024-10-07", { grain: "span" }),
  row("国庆黄金周", "2024-09-20", "2023-10-01..2023-10-07", { grain: "span" }),
  row("2023年国庆假期期间，全区接待游客", "2024-11-12", "2023-10-01..2023-10-07", { grain: "span", text: "2023年国庆假期" }),
  row("2023年国庆", "2024-11-12", "2023-10-01..2023-10-01", { grain: "day" }),
  row("劳动节", "2024-11-12", "2024-05-01..2024-05-01", { grain: "day" }),
  row("五一假期，春秋淹城游人如织", "2024-11-12", "2024-05-01..2024-05-05", { grain: "span", text: "五一假期" }),
  row("五一", "2024-11-12", "2024-05-01..2024-05-01", { grain: "day" }),
  row("圣诞节", "2024-11-12", "2023-12-25..2023-12-25", { grain: "day" }),
  row("圣诞", "2025-01-05", "2024-12-25..2024-12-25", { grain: "day" }),
  row("情人节", "2024-11-12", "2024-02-14..2024-02-14"),
  row("妇女节", "2024-11-12", "2024-03-08..2024-03-08"),
  row("儿童节", "2024-11-12", "2024-06-01..2024-06-01"),
  row("建军节", "2024-11-12", "2024-08-01..2024-08-01"),
  row("教师节", "2024-11-12", "2024-09-10..2024-09-10"),
  row("植树节", "2024-11-12", "2024-03-12..2024-03-12"),
  row("两年前的元旦", "2024-11-12", "2022-01-01..2022-01-01", { grain: "day" }),
];

/** An article read against its own date: coming events may lie ahead of it. */
const ARTICLE_FUTURE: Row[] = [
  row("12月20日将举行颁奖典礼", "2024-11-28", "2024-12-20..2024-12-20", { future: true, text: "12月20日" }),
  row("1月5日起，新线路开通", "2024-12-05", "2025-01-05..2025-01-05", { future: true, text: "1月5日" }),
  row("明年1月", "2024-11-28", "2025-01-01..2025-01-31", { future: true }),
  row("下半年将全面投产", "2024-03-15", "2024-07-01..2024-12-31", { future: true, text: "下半年" }),
  row("国庆假期", "2024-09-20", "2024-10-01..2024-10-07", { future: true }),
  row("25日，项目将正式签约", "2024-12-12", "2024-12-25..2024-12-25", { future: true, text: "25日" }),
  // More than about half a year ahead: an article looks back to last year's.
  row("11月3日", "2024-03-01", "2023-11-03..2023-11-03", { future: true }),
];

/** Same phrases read as a question's: what it names has happened, so no later than today. */
const QUESTION_PAST: Row[] = [
  row("12月20日举行的颁奖典礼上谁获奖", "2024-11-28", "2023-12-20..2023-12-20", { text: "12月20日" }),
  row("1月5日起开通了哪条新线路", "2024-12-05", "2024-01-05..2024-01-05", { text: "1月5日" }),
  row("下半年有哪些项目投产", "2024-03-15", "2023-07-01..2023-12-31", { text: "下半年" }),
];

/** Words that look like dates and are not, or are only partly. */
const NOT_DATES: Row[] = [
  row("五一路改造工程", "2024-11-12", null),
  row("国庆路", "2024-11-12", null),
  row("英国庆祝活动中有哪些人出席", "2024-11-12", null),
  row("今年初步形成产业集群", "2024-11-12", "2024-01-01..2024-12-31", { grain: "year", text: "今年" }),
  row("2024年中国经济运行平稳", "2024-11-12", "2024-01-01..2024-12-31", { grain: "year", text: "2024年" }),
  row("2020年中，在海南发生的事件", "2024-11-12", "2020-01-01..2020-12-31", { grain: "year", text: "2020年" }),
  row("每年年底召开总结大会", "2024-11-12", null),
  row("3日内办结", "2024-11-12", null),
  row("地铁1号线", "2024-11-12", null),
  row("一日游线路", "2024-11-12", null),
  row("2023财年第三季度", "2024-11-12", null),
  row("接近3年", "2024-11-12", null),
  row("上半年前完成", "2024-11-12", "2024-01-01..2024-06-30", { grain: "half", text: "上半年" }),
];

function check({ phrase, ref, range, grain, text, future }: Row): void {
  const found = findDates(phrase, parseIsoDay(ref), { future: future ?? false });
  if (range === null) {
    expect(found).toEqual([]);
    return;
  }
  let date: FoundDate | undefined;
  if (text) date = found.find((d) => d.text === text);
  else {
    expect(found).toHaveLength(1);
    date = found[0];
  }
  expect(date, `no date「${text ?? ""}」in ${JSON.stringify(found.map((d) => d.text))}`).toBeDefined();
  expect(`${dayToIso(date!.from)}..${dayToIso(date!.to)}`).toBe(range);
  if (grain) expect(date!.grain).toBe(grain);
}

const name = (r: Row): string => `「${r.phrase}」 on ${r.ref}${r.future ? " (article)" : ""} → ${r.range ?? "none"}`;

describe.each([
  ["Chinese numerals and plain dates", NUMERALS],
  ["ranges give both ends", RANGES],
  ["halves, quarters and parts of months and years", PARTS],
  ["relative to today", RELATIVE],
  ["holidays with a fixed date", HOLIDAYS],
  ["an article's coming events (future)", ARTICLE_FUTURE],
  ["a question's dates lie in the past", QUESTION_PAST],
  ["look-alikes", NOT_DATES],
])("%s", (_title, rows) => {
  it.each(rows.map((r) => [name(r), r] as const))("%s", (_label, r) => check(r));
});

describe("spans", () => {
  it("covers both ends of a range, so that no second date is found inside it", () => {
    const found = findDates("12月30日至1月2日，西太湖灯会持续开放", parseIsoDay("2025-01-05"));
    expect(found.map((d) => [d.start, d.end, d.text])).toEqual([[0, 11, "12月30日至1月2日"]]);
  });

  it("names the holiday a date comes from", () => {
    expect(findDates("2023年国庆假期期间", parseIsoDay("2024-11-12"))[0]?.holiday).toBe("国庆假期");
  });

  it("needs a reference day for dates without a year, but not for dates with one", () => {
    expect(findDates("12月4日至6日，国庆假期，三季度")).toEqual([]);
    expect(findDates("2023年3月至5月").map((d) => d.grain)).toEqual(["range"]);
  });
});

describe("document dates in Chinese numerals", () => {
  it("reads a dateline written in Chinese numerals", () => {
    expect(documentDate(undefined, "二〇二四年十二月十日　星期二")).toMatchObject({ from: parseIsoDay("2024-12-10"), grain: "day" });
    expect(documentDate(undefined, "二〇二四年十二月，全区")).toMatchObject({ from: parseIsoDay("2024-12-01"), to: parseIsoDay("2024-12-31"), grain: "month" });
  });
});

describe("data/holidays.tsv", () => {
  it("holds fixed-date holidays only, with their lengths", () => {
    const byName = new Map(holidays().map((h) => [h.name, h]));
    expect(byName.get("国庆假期")).toMatchObject({ month: 10, day: 1, days: 7 });
    expect(byName.get("教师节")).toMatchObject({ month: 9, day: 10, days: 1 });
    // Lunar holidays move in the Gregorian calendar: they have no row.
    for (const lunar of ["春节", "中秋", "中秋节", "端午", "清明"]) expect(byName.has(lunar)).toBe(false);
  });
});
