import { describe, expect, it } from "vitest";
import { pageDate, splitPage } from "../../src/ingest/page.js";
import { SEED_FILES, seedArticles, seedText } from "../helpers/seeds.js";

const EXPECTED = [
  ["沈东专题调研全区重大项目建设", "记者 朱梦琪"],
  ["长三角液流电池产业生态大会在我区举行", "记者 史莲寅"],
  ["区政协召开2025年度工作思路研讨会", "记者 吴梦婷"],
  ["我区开展2024年第六个“学习日”活动", "记者 李燕 谢丽娟 张敏 秦金宁"],
  ["沈东专题调研区人大常委会工作", "记者 朱梦琪"],
  ["沈东专题调研区政协工作", "记者 朱梦琪"],
  ["中德技术赋能平台揭牌", "高玲 陈舒娟 记者 何晓丹"],
  ["叁零陆动力部件：冲刺四季度“抢赢”更多订单", "记者 张宁"],
] as const;

describe("splitting the seed pages into articles", () => {
  const articles = seedArticles();

  it("finds the nine items with their headlines and bylines", () => {
    expect(articles).toHaveLength(9);
    for (const [title, byline] of EXPECTED) {
      const a = articles.find((x) => x.title === title);
      expect(a, title).toBeDefined();
      expect(a!.byline).toBe(byline);
    }
  });

  it("keeps the sub-headline of the first article apart from its body", () => {
    const a = articles.find((x) => x.title === "沈东专题调研全区重大项目建设")!;
    expect(a.subtitle).toContain("全力以赴抓招商攻项目兴产业");
    expect(a.body.startsWith("项目是稳定经济运行")).toBe(true);
  });

  it("makes the TOPCon photo caption its own item: no headline made up, the photographer as photographer (not byline), the column label as metadata", () => {
    const photo = articles.find((x) => x.body.includes("10GW TOPCon"))!;
    expect(photo.kind).toBe("caption");
    expect(photo.title).toBe("");
    expect(photo.byline).toBe("");
    expect(photo.reporters).toEqual([]);
    expect(photo.photographers).toEqual(["钱垒"]);
    expect(photo.column).toBe("重点项目 进行时");
    expect(photo.body).not.toContain("钱垒");
    for (const a of articles) expect(a.body).not.toMatch(/重点项目\s*进行时/);
    const sanlinglu = articles.find((x) => x.title.startsWith("叁零陆"))!;
    expect(sanlinglu.body).not.toContain("TOPCon");
  });

  it("joins paragraphs broken by the page layout, on both pages", () => {
    const all = articles.map((a) => a.body).join("\n");
    expect(all).toContain("场北河水上运动公园驿站");
    expect(all).toContain("最大程度发挥效能");
    expect(all).toContain("竣工16个，完成率133.3%");
    expect(all).toContain("目前已经集聚了星辰新能");
    expect(all).toContain("有力度、有特色");
    expect(all).toContain("一府一委两院");
    expect(all).toContain("在服务发展、履职为民");
    // No paragraph of any article is left hanging mid-sentence.
    for (const a of articles) {
      for (const p of a.body.split("\n")) expect(p, `${a.title}: ${p.slice(-20)}`).toMatch(/[。！？”」）)]$/u);
    }
  });

  it("repairs the OCR slip 人驻 → 入驻", () => {
    expect(articles.map((a) => a.body).join("")).toContain("首家入驻我市");
    expect(articles.map((a) => a.body).join("")).not.toContain("人驻");
  });

  it("gives stable ids and positions per page", () => {
    expect(articles.map((a) => a.id)).toEqual([
      ...[0, 1, 2, 3].map((i) => `${SEED_FILES[0]!.replace(/\.txt$/, "")}#${i}`),
      ...[0, 1, 2, 3, 4].map((i) => `${SEED_FILES[1]!.replace(/\.txt$/, "")}#${i}`),
    ]);
  });
});

describe("splitting other pages of the same paper", () => {
  it("does not depend on where the articles sit on the page", () => {
    // The same two articles in the other order, with Windows line ends and extra blank lines.
    const page = seedText(SEED_FILES[0]!);
    const parts = page.split(/\n(?=长三角液流电池产业生态大会在我区举行)/);
    const swapped = `${parts[1]}\n\n\n${parts[0]}`.replace(/\n/g, "\r\n");
    const titles = splitPage(swapped, { source: "p.txt" }).map((a) => a.title);
    expect(titles[0]).toBe("长三角液流电池产业生态大会在我区举行");
    expect(titles).toContain("沈东专题调研全区重大项目建设");
    expect(titles).toHaveLength(4);
  });

  it("reads a page with Markdown headings, a lead without parentheses, and a photo caption", () => {
    const page = [
      "# 湖塘镇新建三座口袋公园",
      "",
      "本报讯 记者 王小明 昨天，湖塘镇三座口袋公园同时开园，",
      "",
      "市民可就近休闲。公园总面积1.2万平方米。",
      "",
      "## 夜市开张",
      "",
      "本报讯（通讯员 李四 记者 赵五）西太湖畔的夜市于周五开张，首批入驻摊位80个，吸引了大批市民前来。",
    ].join("\n");
    const arts = splitPage(page, { source: "2024-12-08.txt", date: pageDate(page, "2024-12-08.txt") });
    expect(arts.map((a) => a.title)).toEqual(["湖塘镇新建三座口袋公园", "夜市开张"]);
    expect(arts[0]!.body).toContain("同时开园，市民可就近休闲。");
    expect(arts[1]!.reporters).toEqual(["李四", "赵五"]);
    expect(arts[1]!.date).toBe("2024-12-08");
  });

  it("finds no articles in a page with no text", () => {
    expect(splitPage("\n\n   \n", { source: "blank.txt" })).toEqual([]);
  });
});
