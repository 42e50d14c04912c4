import { describe, expect, it } from "vitest";
import { comparisonOf } from "../../src/question/comparison.js";
import { timelineOf } from "../../src/question/timeline.js";
import { dayNumber, findDates } from "../../src/text/dates.js";

const TODAY = dayNumber(2024, 12, 10);
const compare = (q: string) => comparisonOf(q, findDates(q, TODAY));
const timeline = (q: string) => timelineOf(q, findDates(q, TODAY));

describe("questions that compare events in time", () => {
  it("reads 「是同一个月吗」 as a same-month question about two events, in the question's own words", () => {
    const c = compare("液流电池产业生态大会和区政协工作思路研讨会是在同一个月举行的吗");
    expect(c).toMatchObject({ relation: "same", parameter: "month" });
    expect(c!.events).toEqual(["液流电池产业生态大会", "区政协工作思路研讨会"]);
  });

  it("tells same day, same year, which first and which last apart", () => {
    expect(compare("沈东调研区政协和区人大常委会是同一天吗")).toMatchObject({ relation: "same", parameter: "day" });
    expect(compare("氢湾开园与学习日活动是同一年发生的吗")).toMatchObject({ relation: "same", parameter: "year" });
    expect(compare("氢湾开园和学习日活动哪个更早")).toMatchObject({ relation: "order", parameter: "first" });
    expect(compare("氢湾开园、学习日活动和政协研讨会，哪个事件发生得最晚")).toMatchObject({ relation: "order", parameter: "last" });
  });

  it("splits a list at 、 and its last conjunction, and reads a frame before a colon", () => {
    expect(compare("以下事件哪个最早发生：氢湾开园、学习日活动、政协研讨会召开")!.events).toEqual(["氢湾开园", "学习日活动", "政协研讨会召开"]);
    expect(compare("氢湾开园、学习日活动以及政协研讨会召开，这三个事件中哪个最早发生")!.events).toEqual(["氢湾开园", "学习日活动", "政协研讨会召开"]);
  });

  it("keeps a name whole: 「三、四轮车」, a title with a colon, Latin words with their spaces", () => {
    const c = compare("Apple Vision Pro发布、《黑神话：悟空》上线和违规电动三、四轮车规定实施，哪个最早");
    expect(c!.events).toEqual(["Apple Vision Pro发布", "《黑神话：悟空》上线", "违规电动三、四轮车规定实施"]);
  });

  it("splits a pair at 和 before 与 (与 joins the parties of one event)", () => {
    expect(compare("尼加拉瓜与厄瓜多尔断绝外交关系和习近平与波兰总统会谈哪个更早")!.events).toEqual(["尼加拉瓜与厄瓜多尔断绝外交关系", "习近平与波兰总统会谈"]);
  });

  it("lets a date that opens the list bound every event, and reads 「都是…吗」 against a date", () => {
    const c = compare("2024年宁波限制供水、星舰试射、受贿案开庭，哪一个事件最早发生");
    expect(c!.bounds).toEqual([expect.objectContaining({ from: dayNumber(2024, 1, 1), to: dayNumber(2024, 12, 31) })]);
    expect(c!.events[0]).toBe("2024年宁波限制供水");
    const w = compare("氢湾开园和学习日活动都是2024年发生的吗");
    expect(w).toMatchObject({ relation: "within" });
    expect(w!.bounds).toHaveLength(1);
  });

  it("is not a comparison without two events or without a relation", () => {
    expect(compare("中国最早的高铁是哪条")).toBeUndefined();
    expect(compare("曼城和阿森纳的比赛最终比分是多少")).toBeUndefined();
  });
});

describe("timeline questions", () => {
  it("reads 「最近关于X有什么报道」 as newest first about X", () => {
    expect(timeline("最近关于液流电池有什么报道")).toMatchObject({ order: "newest", topic: "液流电池" });
  });

  it("reads 「X的来龙去脉」 as oldest first", () => {
    expect(timeline("常州氢湾项目的来龙去脉")).toMatchObject({ order: "oldest", topic: "常州氢湾项目" });
  });

  it("leaves the window to the dates: 「上周有什么新闻」 has no topic", () => {
    expect(timeline("上周有什么新闻？")).toMatchObject({ topic: "" });
  });

  it("is not a timeline when the question asks something else", () => {
    expect(timeline("高新区有哪些新能源项目")).toBeUndefined();
  });
});
