/**
 * Time in the news, end to end over a small corpus of dated articles: comparisons answered first with
 * each event's date and citation, 「A当天，B」 answered from A's day, timelines in date order within a
 * window, and the event the news does not report named as missing.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { Engine } from "../../src/engine/engine.js";
import { chunkingFromConfig, ingest } from "../../src/engine/ingest.js";
import { writeCorpus } from "../helpers/corpus.js";
import { testConfig } from "../helpers/config.js";
import { tempDir } from "../helpers/tmp.js";
import { seedEngine } from "./seed-engine.js";

const ARTICLES = [
  {
    id: "hy-open",
    title: "常州氢湾国际创新社区开园",
    text: "2023年8月3日，常州氢湾国际创新社区正式开园，首批12家氢能企业入驻，涵盖燃料电池、制氢装备等领域。",
  },
  { id: "auto-fair", title: "新能源汽车零部件招商大会举行", text: "2023年8月21日，武进区举行新能源汽车零部件招商大会，现场签约项目20个，总投资86亿元。" },
  { id: "heat", title: "常州发布高温橙色预警", text: "2023年8月21日，常州市气象台发布高温橙色预警，预计最高气温将达39摄氏度，提醒市民注意防暑。" },
  { id: "incubator", title: "生物医药孵化器启动建设", text: "2021年3月9日，西太湖科技产业园启动生物医药孵化器建设，计划引进创新团队30个。" },
  { id: "library", title: "常州大学西太湖校区图书馆开放", text: "2021年5月2日，常州大学西太湖校区图书馆落成并对外开放，藏书120万册。" },
  { id: "hy-phase2", title: "常州氢湾二期项目开工", text: "2024年1月5日，常州氢湾二期项目开工建设，将新建氢能检测中心和中试基地。" },
];

let engine: Engine;

beforeAll(async () => {
  const dir = tempDir("wnb-time-");
  const input = join(dir, "news.jsonl");
  writeCorpus(
    join(dir, "filler.jsonl"),
    Array.from({ length: 30 }, (_, i) => i),
  );
  writeFileSync(input, ARTICLES.map((a) => JSON.stringify(a)).join("\n") + "\n");
  const cfg = testConfig();
  await ingest(cfg, { inputs: [input, join(dir, "filler.jsonl")], indexDir: join(dir, "index"), chunking: chunkingFromConfig(cfg), prune: true });
  engine = await Engine.open(cfg, join(dir, "index"));
}, 60_000);

const ask = async (q: string, date = "2024-03-01") => (await engine.ask(q, { date })).result;

describe("comparisons across articles", () => {
  it("answers 是的 for two events of the same month, each with its date and its article", async () => {
    const r = await ask("常州氢湾国际创新社区开园和新能源汽车零部件招商大会是同一个月吗？");
    expect(r.found).toBe(true);
    expect(r.answer.split("\n")[0]).toBe("是的，都在2023年8月。");
    expect(r.answer).toContain("2023年8月3日");
    expect(r.answer).toContain("2023年8月21日");
    expect(r.sources.map((s) => s.id).sort()).toEqual(["auto-fair", "hy-open"]);
  });

  it("answers 不是 with both months for events months apart", async () => {
    const r = await ask("生物医药孵化器启动建设和常州大学图书馆开放是同一个月发生的吗？");
    expect(r.answer.split("\n")[0]).toBe("不是：生物医药孵化器启动建设在2021年3月9日，常州大学图书馆开放在2021年5月2日。");
  });

  it("names the earlier event in the question's own words", async () => {
    const r = await ask("常州大学图书馆开放和生物医药孵化器启动建设，哪个更早？");
    expect(r.answer.split("\n")[0]).toBe("更早的是生物医药孵化器启动建设。");
  });

  it("says which event the news does not report instead of comparing", async () => {
    const r = await ask("常州氢湾国际创新社区开园和火星基地建成哪个更早？");
    expect(r.found).toBe(false);
    expect(r.answer).toContain("「火星基地建成」");
  });
});

describe("a question about the day of another event", () => {
  it("answers from the articles of that day, and says which day it was", async () => {
    const r = await ask("新能源汽车零部件招商大会举行当天，常州发布了什么预警？");
    expect(r.found).toBe(true);
    expect(r.answer).toContain("高温橙色预警");
    expect(r.answer).toContain("2023年8月21日");
  });
});

describe("timelines", () => {
  it("lists the articles about a topic newest first, one dated line each", async () => {
    const r = await ask("最近关于常州氢湾有什么报道？");
    const lines = r.answer.split("\n");
    expect(lines[0]).toMatch(/：$/u);
    expect(lines[1]).toContain("2024年1月5日");
    expect(lines[2]).toContain("2023年8月3日");
    expect(r.sources.map((s) => s.id)).toEqual(["hy-phase2", "hy-open"]);
  });

  it("keeps to the window a question names (上个月)", async () => {
    const r = await ask("上个月有什么新闻？", "2023-09-10");
    expect(r.found).toBe(true);
    expect(r.sources.map((s) => s.id).sort()).toEqual(["auto-fair", "heat", "hy-open"]);
  });
});

describe("the seed pages, which print no date", () => {
  it("answer when the 液流电池 conference was held with the day before the estimated issue date, marked estimated", async () => {
    const seeds = await seedEngine();
    const r = (await seeds.ask("液流电池产业生态大会是哪天举行的？")).result;
    expect(r.found).toBe(true);
    expect(r.answer).toContain("昨天（2024年12月6日，推断）");
    expect(r.sources[0]).toMatchObject({ date: "2024-12-07", dateEstimated: true });
  });
});
