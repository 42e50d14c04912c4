import { describe, expect, it } from "vitest";
import { chunkArticle, chunkSpans } from "../../src/chunk/chunker.js";
import { sentences } from "../../src/chunk/sentences.js";
import { seedArticles } from "../helpers/seeds.js";

describe("sentence splitting", () => {
  it("ends sentences at 。！？； and keeps closing quotes with them", () => {
    expect(sentences("“四季度订单量增加了20%~30%。”企业正在筹备第三条智能化产线。真的吗？好！")).toEqual([
      "“四季度订单量增加了20%~30%。”",
      "企业正在筹备第三条智能化产线。",
      "真的吗？",
      "好！",
    ]);
  });

  it("keeps a short attribution with the quotation it follows (「秦金玉说。」 alone says nothing)", () => {
    expect(sentences("“四季度订单量增加了20%~30%。”公司总经理秦金玉介绍。真的吗？")).toEqual([
      "“四季度订单量增加了20%~30%。”公司总经理秦金玉介绍。",
      "真的吗？",
    ]);
    expect(sentences("“我们将抢占更多市场份额。”秦金玉说。")).toEqual(["“我们将抢占更多市场份额。”秦金玉说。"]);
  });

  it("does not split decimals", () => {
    expect(sentences("完成率133.3%，总投资14.3亿元。")).toEqual(["完成率133.3%，总投资14.3亿元。"]);
  });
});

describe("chunking", () => {
  const opts = { size: 220, overlap: 60 };

  it("keeps chunks within the size, at sentence ends, with offsets into the body", () => {
    for (const a of seedArticles()) {
      const chunks = chunkArticle(a, opts);
      expect(chunks.length).toBeGreaterThan(0);
      for (const c of chunks) {
        expect(a.body.slice(c.start, c.end)).toBe(c.text);
        expect(c.text.length).toBeLessThanOrEqual(opts.size);
        expect(c.text).toMatch(/[。！？；;”]$/u);
        expect(c.chunkId).toBe(`${a.id}::${c.n}`);
      }
    }
  });

  it("covers every sentence of the article, with overlap between neighbours", () => {
    const a = seedArticles()[0]!;
    const chunks = chunkArticle(a, opts);
    for (const s of sentences(a.body)) expect(chunks.some((c) => c.text.includes(s))).toBe(true);
    const overlapping = chunks.slice(1).filter((c, i) => c.start < chunks[i]!.end);
    expect(overlapping.length).toBeGreaterThan(0);
  });

  it("cuts a sentence longer than the size at a comma", () => {
    const body = `${"甲乙丙丁戊己庚辛，".repeat(40)}结束。`;
    const spans = chunkSpans(body, { size: 100, overlap: 20 });
    expect(spans.length).toBeGreaterThan(3);
    for (const s of spans) expect(s.end - s.start).toBeLessThanOrEqual(100);
    expect(spans.at(-1)!.end).toBe(body.length);
  });
});
