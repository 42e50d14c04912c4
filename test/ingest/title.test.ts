/** A headline only where the text gives one: 「原标题：…」 on its own line or in brackets; never made up from the body. */
import { describe, expect, it } from "vitest";
import { articleFromRecord } from "../../src/ingest/jsonl.js";
import { givenHeadline } from "../../src/ingest/title.js";
import type { Article } from "../../src/types.js";

const article = (rec: Record<string, unknown>, paper?: string): Article => {
  const a = articleFromRecord(rec, "/data/news.jsonl", 1, paper);
  if (typeof a === "string") throw new Error(a);
  return a;
};

describe("the headline a text gives", () => {
  it("a 「原标题：X」 line gives the headline X", () => {
    expect(givenHeadline("原标题：湖畔音乐节周末开幕\n湖畔音乐节将于本周六开幕。")).toBe("湖畔音乐节周末开幕");
    expect(givenHeadline("正文第一段。\n原标题: 夜市开张 \n")).toBe("夜市开张");
    expect(givenHeadline("原标题：《上交所完善交易制度》\n正文。")).toBe("上交所完善交易制度");
    expect(article({ id: "a", text: "原标题：湖畔音乐节周末开幕\n湖畔音乐节将于本周六开幕。" }).title).toBe("湖畔音乐节周末开幕");
  });

  it("「（原标题：X）」 in brackets gives X", () => {
    expect(givenHeadline("消防部门提醒注意充电安全。（原标题：夏季电动车充电要注意安全）来源：北京晚报")).toBe("夏季电动车充电要注意安全");
  });

  it("a 「原标题：」 that runs on into the body gives none: where the headline ends cannot be told", () => {
    expect(givenHeadline("原标题：高温天气持续 多地发布预警 本报讯 近日，气象部门发布高温橙色预警。")).toBe("");
  });

  it("a text that gives no headline has none: nothing is taken from its body", () => {
    for (const text of [
      "近日，城东街道新建的社区图书馆正式开放。",
      "来源：新京报 7-25 09 记者从市交通委获悉，地铁将通车。",
      "新京报贝壳财经讯（记者陈维城）记者7月24日获悉，交付新车十二万辆。",
    ]) {
      expect(givenHeadline(text)).toBe("");
      expect(article({ id: "a", text }).title).toBe("");
    }
  });

  it("a JSON Lines `title` is the headline; its `source` the paper, else PAPER_NAME, else the file name", () => {
    expect(article({ id: "a", text: "正文。", title: " 标题 " }).title).toBe("标题");
    expect(article({ id: "a", text: "正文。", source: "新京报" }, "武进日报").source).toBe("新京报");
    expect(article({ id: "a", text: "正文。" }, "武进日报").source).toBe("武进日报");
    expect(article({ id: "a", text: "正文。" }).source).toBe("news.jsonl");
  });
});
