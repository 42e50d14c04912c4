/** Over the seed pages: a photo caption is cited as 图片说明 with its photographer, and no source is named by a file name. */
import { beforeAll, describe, expect, it } from "vitest";
import { answerParagraphs, renderMessages } from "../../src/bot/format.js";
import { formatAnswerText } from "../../src/cli/format.js";
import type { Engine } from "../../src/engine/engine.js";
import { seedEngine } from "./seed-engine.js";

describe("sources named as a reader can read them", () => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await seedEngine();
  });

  it("the TOPCon photo caption is cited as 图片说明, with its photographer as photographer", async () => {
    const { result } = await engine.ask("TOPCon电池项目的建筑面积有多大？");
    expect(result.found).toBe(true);
    expect(result.answer).toMatch(/^据图片说明：/u);
    const caption = result.sources.find((s) => s.kind === "caption")!;
    expect(caption).toMatchObject({ title: "", byline: "", photographers: ["钱垒"] });
    expect(formatAnswerText(result)).toMatch(/\[\d\] 图片说明 — 摄影 钱垒/u);
    expect(renderMessages(answerParagraphs(result)).join("\n")).toMatch(/<b>图片说明<\/b> — 摄影 钱垒/u);
  });

  it("the CLI and the chat show headline, byline and date, never the page's file name", async () => {
    const { result } = await engine.ask("叁零陆的总经理是谁");
    const text = formatAnswerText(result);
    expect(text).toMatch(/\[1\] 叁零陆动力部件：冲刺四季度“抢赢”更多订单 — 记者 张宁/u);
    expect(text).not.toMatch(/\.txt/u);
  });
});
