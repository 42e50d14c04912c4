import { writeFileSync } from "node:fs";

const PLACES = ["湖塘镇", "牛塘镇", "洛阳镇", "遥观镇", "南夏墅街道", "西湖街道", "嘉泽镇", "雪堰镇", "前黄镇", "礼嘉镇"];
const THINGS = ["社区食堂", "口袋公园", "农贸市场", "文化礼堂", "体育中心", "养老驿站", "智能工厂", "图书馆分馆", "污水管网", "充电站"];
const ACTS = ["正式开放", "完成改造", "开工建设", "通过验收", "投入运营"];

/** A small synthetic news corpus: article i is about a distinct (place, thing) pair, several sentences long. */
export function syntheticArticle(i: number, variant = 0): { id: string; title: string; text: string; date: string } {
  const place = PLACES[i % PLACES.length]!;
  const thing = THINGS[Math.floor(i / PLACES.length) % THINGS.length]!;
  const act = ACTS[(i + variant) % ACTS.length]!;
  const n = 100 + i * 7 + variant;
  const sentences = [
    `${place}${thing}${act}，这是第${i}号报道。`,
    `项目总投资${n}万元，建筑面积${n * 3}平方米，预计服务周边居民${n * 10}人。`,
    `负责人介绍，${thing}建成后将成为${place}的民生新地标。`,
    `下一步，${place}将继续推进${thing}配套设施建设，提升群众获得感。`,
  ];
  if (variant) sentences.push(`更正：该项目编号为变更${variant}。`);
  return {
    id: `syn-${i}`,
    title: `${place}${thing}${act}`,
    text: sentences.join("").repeat(1 + (i % 3)),
    date: `2024-11-${String((i % 28) + 1).padStart(2, "0")}`,
  };
}

export function writeCorpus(file: string, ids: number[], variants: Record<number, number> = {}): void {
  writeFileSync(file, ids.map((i) => JSON.stringify(syntheticArticle(i, variants[i] ?? 0))).join("\n") + "\n");
}
