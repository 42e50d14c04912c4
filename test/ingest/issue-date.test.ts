/** Issue dates of pages without a printed one, estimated from what the page says (src/ingest/issue-date.ts). */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { estimateIssueDate, issueDate, pageYear, shownDate } from "../../src/ingest/issue-date.js";
import { emptyReport, readArticles } from "../../src/ingest/sources.js";
import { DEFAULT_SEEDS } from "../../src/paths.js";
import type { Article } from "../../src/types.js";
import { tempDir } from "../helpers/tmp.js";

/** A page of blocks separated by blank lines, as the seed pages are laid out. */
const page = (...blocks: string[]): string => `\n\n${blocks.join("\n\n")}\n`;

async function articlesOf(paths: string[]): Promise<Article[]> {
  const out: Article[] = [];
  for await (const a of readArticles(paths, emptyReport())) out.push(a);
  return out;
}

describe("estimated issue date", () => {
  it("a page reporting 昨天 events was printed the day after the latest day it names", () => {
    const text = page(
      "我区举办2024年第三个“读书日”活动",
      "本报讯 (记者 王小明) 9月12日是今年第三个“读书日”。各单位组织开展了形式多样的读书活动。",
      "湖塘镇口袋公园开园",
      "本报讯 (记者 李四) 昨天上午，湖塘镇三座口袋公园同时开园，2024年全镇已建成口袋公园12座。",
    );
    expect(estimateIssueDate(text)).toBe("2024-09-13");
    expect(issueDate(text, "p.txt")).toEqual({ date: "2024-09-13", estimated: true });
  });

  it("without 昨天 the latest day named is the estimate, and a range counts to its last day", () => {
    const text = page("本报讯 (记者 张三) 11月18日—20日，2024年区运动会在体育中心举行，共有2000名运动员参加。");
    expect(estimateIssueDate(text)).toBe("2024-11-20");
  });

  it("a page that names only a year is dated to its year, no more", () => {
    const text = page("本报讯 (记者 张三) 昨天，区政协各委室汇报了2024年工作情况，并回顾了2024年履职亮点。");
    expect(pageYear(text)).toBe(2024);
    expect(estimateIssueDate(text)).toBe("2024");
    expect(issueDate(text, "p.txt")).toEqual({ date: "2024", estimated: true });
  });

  it("a page with no day but words of the time of year is dated to the one month they allow", () => {
    const text = page("本报讯 (记者 张三) 冲刺四季度，全力抓生产。2024年以来，企业订单持续增长。年末岁尾，各项工作进入收官阶段。");
    expect(estimateIssueDate(text)).toBe("2024-12");
    // 四季度 alone leaves three months: only the year is told
    expect(estimateIssueDate(page("本报讯 (记者 张三) 冲刺四季度，2024年订单持续增长。"))).toBe("2024");
  });

  it("seasons in a forecast or as a deadline do not date the page", () => {
    expect(estimateIssueDate(page("本报讯 (记者 张三) 2024年以来订单增长，项目预计四季度投产，力争到年底完成全年目标。"))).toBe("2024");
  });

  it("a page naming no year of its own is dated by the anniversaries it names", () => {
    const text = page("本报讯 (记者 张三) 昨天下午，区委书记专题调研，强调要学习在庆祝全国人民代表大会成立70周年大会上的重要讲话精神。");
    expect(pageYear(text)).toBeUndefined();
    expect(estimateIssueDate(text)).toBe("2024");
    expect(estimateIssueDate(page("本报讯 (记者 张三) 纪念中国人民政治协商会议成立七十五周年座谈会举行。年末岁尾，筹备工作进入关键阶段。"))).toBe("2024-12");
  });

  it("a page that speaks of 明年 and plans for a year is of the year before", () => {
    expect(estimateIssueDate(page("本报讯 (记者 张三) 项目预计2025年一季度投产，明年1月还将举办全体会议。"))).toBe("2024");
    // plans alone (without 明年) say nothing of the page's own year
    expect(estimateIssueDate(page("本报讯 (记者 张三) 项目预计2025年一季度投产。"))).toBeUndefined();
  });

  it("a page with days but no year to put them in gets no date", () => {
    expect(estimateIssueDate(page("本报讯 (记者 张三) 昨天下午，12月5日开幕的展会落下帷幕。"))).toBeUndefined();
  });

  it("planned and forecast years and days do not date the page", () => {
    const text = page(
      "区政协召开2025年度工作思路研讨会",
      "本报讯 (记者 吴梦婷) 昨天上午，区政协召开2025年度工作思路研讨会。各专委会汇报了2024年工作情况。",
      "该项目预计2025年一季度投产，区人代会将于12月20日召开。12月3日，项目通过验收。",
    );
    expect(pageYear(text)).toBe(2024);
    expect(estimateIssueDate(text)).toBe("2024-12-04");
  });

  it("a printed header date wins and is not marked as estimated", () => {
    const text = page("2024年12月9日 星期一", "本报讯 (记者 张三) 昨天，12月6日开幕的展会落下帷幕。2024年共办展12场。");
    expect(issueDate(text, "p.txt")).toEqual({ date: "2024-12-09", estimated: false });
    expect(issueDate(page("本报讯 (记者 张三) 昨天，展会落下帷幕。"), "2024-12-10.txt")).toEqual({ date: "2024-12-10", estimated: false });
  });

  it("every article of an ingested page shares the page's date, marked only when estimated", async () => {
    const dir = tempDir();
    writeFileSync(
      join(dir, "a.txt"),
      page("展会闭幕", "本报讯 (记者 张三) 昨天，12月6日开幕的2024年家居展落下帷幕。", "新园开放", "本报讯 (记者 李四) 湖塘镇新建公园对市民开放。"),
    );
    writeFileSync(join(dir, "b.txt"), page("2024年12月9日 星期一", "新园开放", "本报讯 (记者 李四) 昨天，12月6日开幕的展会落下帷幕。"));
    const arts = await articlesOf([dir]);
    const bySource = (s: string): Article[] => arts.filter((a) => a.source === s);
    expect(bySource("a.txt").map((a) => [a.date, a.dateEstimated])).toEqual([
      ["2024-12-07", true],
      ["2024-12-07", true],
    ]);
    expect(bySource("b.txt").map((a) => [a.date, a.dateEstimated])).toEqual([["2024-12-09", undefined]]);
  });

  it("shows an estimated date marked as such", () => {
    expect(shownDate("2024-12-07", true)).toBe("2024-12-07（推断）");
    expect(shownDate("2024-12-07", false)).toBe("2024-12-07");
  });
});

describe("the seed pages", () => {
  it("all nine seed articles carry a date, marked as estimated", async () => {
    const arts = await articlesOf([DEFAULT_SEEDS]);
    expect(arts).toHaveLength(9);
    for (const a of arts) expect([a.id, Boolean(a.date), a.dateEstimated]).toEqual([a.id, true, true]);
  });

  it("000 (12月4日—6日, 12月6日是今年第六个学习日, 昨天上午) is dated 2024-12-07; 004 (no day; 70 and 75 years of the NPC and CPPCC, 明年 after plans for 2025, 冲刺四季度, 年末岁尾) to December 2024", async () => {
    const arts = await articlesOf([DEFAULT_SEEDS]);
    const first = arts.filter((a) => a.source.startsWith("000_"));
    const second = arts.filter((a) => a.source.startsWith("004_"));
    expect(first.length).toBeGreaterThan(0);
    expect(second.length).toBeGreaterThan(0);
    for (const a of first) expect([a.date, a.dateEstimated]).toEqual(["2024-12-07", true]);
    for (const a of second) expect([a.date, a.dateEstimated]).toEqual(["2024-12", true]);
  });
});
