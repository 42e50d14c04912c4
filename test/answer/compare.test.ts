import { describe, expect, it } from "vitest";
import { composeComparison, type EventEvidence } from "../../src/answer/compare.js";
import { unitRange, writeDate } from "../../src/answer/date-words.js";
import { annotateDates, dateOfEvent, type EventDate } from "../../src/answer/event-date.js";
import type { Sentence } from "../../src/answer/evidence.js";
import { WordMatcher } from "../../src/answer/match.js";
import type { QuestionAnalysis } from "../../src/question/analyse.js";
import type { Comparison } from "../../src/question/comparison.js";
import { dayNumber } from "../../src/text/dates.js";

/** A sentence of an article, as the evidence ranker hands it over. */
function sentence(docId: string, text: string, title = docId): Sentence {
  const doc = { id: docId, title, byline: "", reporters: [], source: "test.jsonl", position: 0, chars: text.length, hash: "h" };
  const chunk = { chunkId: `${docId}::0`, docId, n: 0, start: 0, end: text.length, text };
  return {
    docId,
    rank: 0,
    hit: { docId, chunkId: chunk.chunkId, score: 1, title, text, doc, chunk },
    index: 0,
    text,
    lower: text.toLowerCase(),
    features: [],
    score: 1,
  };
}

const day = (y: number, m: number, d: number) => dayNumber(y, m, d);
const onDay = (y: number, m: number, d: number): EventDate => ({
  from: day(y, m, d),
  to: day(y, m, d),
  grain: "day",
  source: "text",
  estimated: false,
  written: "",
});
const event = (name: string, date: EventDate | undefined, text = `${name}。`): EventEvidence => ({
  name,
  sentence: sentence(name, text),
  ...(date ? { date } : {}),
});
const question = { words: [], type: "what" } as unknown as QuestionAnalysis;
const comparison = (relation: Comparison["relation"], parameter: string, events: string[], bounds: Comparison["bounds"] = []): Comparison => ({
  relation,
  parameter,
  cue: "",
  events,
  bounds,
});
const reply = (c: Comparison, events: EventEvidence[]) => composeComparison(question, c, events, "q", "q");

describe("the reply to a comparison in time", () => {
  it("answers 是的 with the month they share, then each event with its date and citation", () => {
    const r = reply(comparison("same", "month", ["A", "B"]), [event("A", onDay(2023, 8, 3)), event("B", onDay(2023, 8, 21))]);
    expect(r.found).toBe(true);
    expect(r.answer.split("\n")).toEqual(["是的，都在2023年8月。", "A：2023年8月3日[1]", "B：2023年8月21日[2]"]);
    expect(r.sources.map((s) => s.id)).toEqual(["A", "B"]);
  });

  it("answers 不是 with both months, earlier first", () => {
    const r = reply(comparison("same", "month", ["A", "B"]), [event("A", onDay(2021, 5, 2)), event("B", onDay(2021, 3, 9))]);
    expect(r.answer.split("\n")[0]).toBe("不是：B在2021年3月9日，A在2021年5月2日。");
  });

  it("does not guess when a date is too vague for the grain asked", () => {
    const month: EventDate = { from: day(2023, 8, 1), to: day(2023, 8, 31), grain: "month", source: "text", estimated: false, written: "8月" };
    const r = reply(comparison("same", "day", ["A", "B"]), [event("A", month), event("B", onDay(2023, 8, 21))]);
    expect(r.answer.split("\n")[0]).toMatch(/^无法确定/u);
  });

  it("names the earlier (or the last) event in the question's words", () => {
    const events = [event("北京东城法院判决的商标侵权案件", onDay(2019, 12, 13)), event("斯里兰卡海关退还洋垃圾事件", onDay(2019, 7, 23))];
    expect(
      reply(
        comparison(
          "order",
          "first",
          events.map((e) => e.name),
        ),
        events,
      ).answer.split("\n")[0],
    ).toBe("更早的是斯里兰卡海关退还洋垃圾事件。");
    expect(
      reply(
        comparison(
          "order",
          "last",
          events.map((e) => e.name),
        ),
        events,
      ).answer.split("\n")[0],
    ).toBe("更晚的是北京东城法院判决的商标侵权案件。");
  });

  it("says which event it could not find, and refuses to compare", () => {
    const r = reply(comparison("order", "first", ["A", "B"]), [event("A", onDay(2019, 7, 23)), { name: "B" }]);
    expect(r.found).toBe(false);
    expect(r.answer).toContain("没有找到关于「B」的报道");
    expect(r.answer).toContain("A：2019年7月23日[1]");
  });

  it("checks every event against a date the question names (「都是2019年的吗」)", () => {
    const y2019 = { from: day(2019, 1, 1), to: day(2019, 12, 31), grain: "year" as const };
    const r = reply(comparison("within", "-", ["A", "B"], [y2019]), [event("A", onDay(2019, 3, 1)), event("B", onDay(2020, 1, 5))]);
    expect(r.answer.split("\n")[0]).toBe("不是：B在2020年1月5日。");
  });

  it("gives the gap in days", () => {
    const r = reply(comparison("gap", "day", ["A", "B"]), [event("A", onDay(2024, 12, 4)), event("B", onDay(2024, 12, 6))]);
    expect(r.answer.split("\n")[0]).toBe("相隔2天：A在前，B在后。");
  });

  it("marks a date that rests on an estimated page date", () => {
    const r = reply(comparison("same", "day", ["A", "B"]), [event("A", { ...onDay(2024, 12, 6), estimated: true }), event("B", onDay(2024, 12, 6))]);
    expect(r.answer.split("\n")[0]).toBe("是的，都在2024年12月6日（推断）。");
    expect(r.answer).toContain("A：2024年12月6日（推断）[1]");
  });
});

describe("dating an event", () => {
  const words = (...w: string[]) => new WordMatcher(w.map((word) => ({ word, weight: 1, forms: [], synonyms: [], narrower: [] })));
  const article = { range: { from: day(2024, 12, 7), to: day(2024, 12, 7), grain: "day" as const }, estimated: true };

  it("takes the date nearest before the event's words, read against the article's date", () => {
    const d = dateOfEvent(["2019年6月8日，王先生遇袭。6月10日，救援人员找到王先生。"], words("救援人员"), {
      range: { from: day(2019, 6, 8), to: day(2019, 6, 8), grain: "day" },
      estimated: false,
    });
    expect(d).toMatchObject({ from: day(2019, 6, 10), source: "text" });
  });

  it("reads 「昨天」 against an estimated page date and marks it estimated", () => {
    expect(dateOfEvent(["昨天上午，长三角液流电池产业生态大会在武进举行。"], words("液流电池"), article)).toMatchObject({
      from: day(2024, 12, 6),
      estimated: true,
    });
  });

  it("falls back on the article's date, and prefers it to a coarser date that holds it", () => {
    const plain = { range: { from: day(2016, 4, 11), to: day(2016, 4, 11), grain: "day" as const }, estimated: false };
    expect(dateOfEvent(["大会在武进举行。"], words("大会"), plain)).toMatchObject({ from: day(2016, 4, 11), source: "article" });
    expect(dateOfEvent(["魏则西在2016年去世。"], words("去世"), plain)).toMatchObject({ from: day(2016, 4, 11), source: "article" });
  });

  it("is unknown without a date in the text or on the article", () => {
    expect(dateOfEvent(["大会在武进举行。"], words("大会"), undefined)).toBeUndefined();
  });

  it("says in a quote what 「昨天」 and a year-less range were", () => {
    expect(annotateDates("昨天上午，大会举行。", article, false)).toBe("昨天（2024年12月6日，推断）上午，大会举行。");
    expect(annotateDates("12月4日—6日，沈东调研。", { ...article, estimated: false }, true)).toBe("12月4日—6日（2024年12月4日至6日），沈东调研。");
    expect(annotateDates("12月4日—6日，沈东调研。", article, false)).toBe("12月4日—6日，沈东调研。");
  });
});

describe("dates as a reply writes them", () => {
  it("writes a day, a month, a year and a range at their precision", () => {
    expect(writeDate({ from: day(2019, 7, 16), to: day(2019, 7, 16), grain: "day" })).toBe("2019年7月16日");
    expect(writeDate(unitRange(day(2019, 7, 16), "month"))).toBe("2019年7月");
    expect(writeDate(unitRange(day(2019, 7, 16), "year"))).toBe("2019年");
    expect(writeDate({ from: day(2024, 12, 4), to: day(2024, 12, 6), grain: "range" })).toBe("2024年12月4日至6日");
    expect(writeDate({ from: day(2024, 12, 30), to: day(2025, 1, 2), grain: "range" })).toBe("2024年12月30日至2025年1月2日");
  });
});
