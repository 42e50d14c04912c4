/** Estimated issue dates as the bot shows them: source lines, the 原文 message and /sources. */
import { beforeAll, describe, expect, it } from "vitest";
import type { AnswerResult } from "../../src/answer/types.js";
import type { Config } from "../../src/config/env.js";
import type { Engine } from "../../src/engine/engine.js";
import { answerParagraphs, renderMessages, sourceParagraphs } from "../../src/bot/format.js";
import { MSG } from "../../src/bot/messages.js";
import { setLogLevel } from "../../src/log.js";
import { tempDir } from "../helpers/tmp.js";
import { commandUpdate, fakeBot, seedEngine } from "./fake.js";

const visible = (html: string): string =>
  html
    .replace(/<\/?(b|i|code)>/g, "")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");

function withSourceDate(date: string, dateEstimated: boolean): AnswerResult {
  const source = { n: 1, id: "d", chunkId: "d::0", title: "标题", byline: "记者 王五", source: "p.txt", date, excerpt: "", highlights: [] };
  return { question: "q", standalone: "q", found: true, answer: "答案。[1]", sources: [dateEstimated ? { ...source, dateEstimated } : source] };
}

describe("estimated dates in the bot", () => {
  let engine: Engine;
  let cfg: Config;

  beforeAll(async () => {
    ({ engine, cfg } = await seedEngine(tempDir("wnb-bot-dates-")));
    setLogLevel("silent");
  });

  it("a source line marks an estimated date and leaves a printed one as is", () => {
    expect(visible(renderMessages(answerParagraphs(withSourceDate("2024-12-07", true))).join("\n"))).toContain("记者 王五 · 2024-12-07（推断）");
    const printed = visible(renderMessages(answerParagraphs(withSourceDate("2024-12-09", false))).join("\n"));
    expect(printed).toContain("记者 王五 · 2024-12-09");
    expect(printed).not.toContain("推断");
  });

  it("the 原文 message of a seed article marks its estimated date", () => {
    const doc = [...engine.index.liveDocs()].find((d) => d.source.startsWith("000_"))!;
    expect(doc.dateEstimated).toBe(true);
    expect(visible(renderMessages(sourceParagraphs(1, doc, "正文。")).join("\n"))).toContain("2024-12-07（推断）");
  });

  it("/sources dates every seed article (estimated where the page prints none), never shows a file name or 日期未知", async () => {
    const { bot, api } = await fakeBot(engine, cfg);
    await bot.handleUpdate(commandUpdate(601, "/sources"));
    const text = visible(api.sent(601)[0]!.text.replace(/<\/?(a|blockquote)[^>]*>/g, ""));
    expect(text).toMatch(/\n2024-12-07（推断）\n· 沈东专题调研全区重大项目建设\n/);
    // seeds/004 prints no day and names none: it is dated to the month its text tells, after the dated days
    expect(text).toContain("\n2024-12（推断）\n· 沈东专题调研区人大常委会工作");
    expect(text).toContain("· 图片说明");
    expect(text).not.toContain(MSG.undated);
    expect(text).not.toMatch(/\.txt|日期未知/);
  });
});
