/** How a source is named to a reader (src/answer/source-name.ts): by its headline, else by paper and date, never by a body phrase or a file name. */
import { describe, expect, it } from "vitest";
import { quotePrefix, sourceLine, type SourceFacts } from "../../src/answer/source-name.js";

const src = (facts: Partial<SourceFacts>): SourceFacts => ({ title: "", byline: "", source: "004_c0f6460f45f37c11.txt", ...facts });

describe("naming a source", () => {
  it("quotes by headline when the article has one", () => {
    expect(quotePrefix(src({ title: "中德技术赋能平台揭牌", source: "武进日报" }))).toBe("据《中德技术赋能平台揭牌》报道：");
  });

  it("quotes an article without a headline by its paper and date, or its date alone", () => {
    expect(quotePrefix(src({ source: "新京报", date: "2023-07-25" }))).toBe("据新京报2023-07-25报道：");
    expect(quotePrefix(src({ date: "2023-07-25" }))).toBe("据2023-07-25的报道：");
    expect(quotePrefix(src({ date: "2024-12", dateEstimated: true }))).toBe("据2024-12（推断）的报道：");
    expect(quotePrefix(src({ source: "新京报" }))).toBe("据新京报报道：");
    expect(quotePrefix(src({ title: null }))).toBe("据报道：");
  });

  it("quotes a photo caption as 图片说明", () => {
    expect(quotePrefix(src({ kind: "caption", photographers: ["钱垒"], source: "武进日报" }))).toBe("据图片说明：");
  });

  it("every quotation starts with 据 and says 报道, except a caption's", () => {
    const forms = [src({ title: "标题" }), src({ source: "新京报", date: "2023-07-25" }), src({ date: "2023-07-25" }), src({ source: "新京报" }), src({})];
    for (const f of forms) expect(quotePrefix(f)).toMatch(/^据.*报道：$/u);
    expect(quotePrefix(src({ kind: "caption" }))).toMatch(/^据/u);
  });

  it("lists a source with headline (or 图片说明, or （无标题）), who made it, paper and date — never a file name", () => {
    expect(sourceLine(src({ title: "叁零陆动力部件", byline: "记者 张宁", date: "2024-12", dateEstimated: true }))).toBe(
      "叁零陆动力部件 — 记者 张宁 · 2024-12（推断）",
    );
    expect(sourceLine(src({ kind: "caption", photographers: ["钱垒"], source: "武进日报" }))).toBe("图片说明 — 摄影 钱垒 · 武进日报");
    expect(sourceLine(src({ source: "新京报", date: "2023-07-25" }))).toBe("（无标题） — 新京报 · 2023-07-25");
    expect(sourceLine(src({ source: "crud-news.jsonl.gz" }))).toBe("（无标题）");
  });
});
