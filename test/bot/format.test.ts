/** Telegram formatting: escaping by construction, splitting long replies, cleaning questions, callback data. */
import { describe, expect, it } from "vitest";
import type { AnswerResult } from "../../src/answer/types.js";
import { answerParagraphs, escapeHtml, passageOf, quote, renderMessages, textParagraphs } from "../../src/bot/format.js";
import { paperName } from "../../src/answer/source-name.js";
import { decodeCallback, encodeCallback } from "../../src/bot/keyboards.js";
import { refCheck as check } from "../../src/engine/library.js";

const visible = (html: string): string =>
  html
    .replace(/<\/?(b|i|code)>/g, "")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");
const balanced = (html: string): boolean => {
  const stack: string[] = [];
  for (const m of html.matchAll(/<(\/?)(b|i|code)>/g)) {
    if (!m[1]) stack.push(m[2]!);
    else if (stack.pop() !== m[2]) return false;
  }
  return stack.length === 0 && !/<(?!\/?(b|i|code)>)/.test(html);
};

function result(answer: string, title = "标题"): AnswerResult {
  return {
    question: "q",
    standalone: "q",
    found: true,
    answer,
    sources: [{ n: 1, id: "d", chunkId: "d::0", title, byline: "记者 <王>", source: "p.txt", excerpt: "", highlights: [] }],
  };
}

describe("bot formatting", () => {
  it("escapes reader and article text so it can never become markup", () => {
    expect(escapeHtml(`<b>&"x"</b>`)).toBe('&lt;b&gt;&amp;"x"&lt;/b&gt;');
    const [html] = renderMessages(answerParagraphs(result("答案 <i>斜体</i> & <a href='x'>链接</a> [1]", "</b><script>")));
    expect(balanced(html!)).toBe(true);
    expect(visible(html!)).toContain("<a href='x'>链接</a>");
    expect(visible(html!)).toContain("</b><script>");
  });

  it("splits replies over 4096 characters at paragraph boundaries, losing nothing", () => {
    const paragraphs = Array.from({ length: 60 }, (_, i) => `第${i}段。` + "武进新闻".repeat(40));
    const parts = renderMessages(answerParagraphs(result(paragraphs.join("\n"))));
    expect(parts.length).toBeGreaterThan(1);
    for (const p of parts) {
      expect(visible(p).length).toBeLessThanOrEqual(4096);
      expect(balanced(p)).toBe(true);
    }
    const joined = parts.map(visible).join("\n");
    for (const p of paragraphs) expect(joined).toContain(p); // no paragraph was cut
  });

  it("cuts a single paragraph longer than a message without breaking characters or tags", () => {
    const huge = "😀长".repeat(5000);
    const parts = renderMessages([[{ text: huge, style: "bold" }]]);
    expect(parts.length).toBeGreaterThan(2);
    for (const p of parts) {
      expect(visible(p).length).toBeLessThanOrEqual(4096);
      expect(balanced(p)).toBe(true);
      expect(p).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
    }
    expect(parts.map(visible).join("")).toBe(huge);
  });

  it("removes control characters from what it sends", () => {
    const [html] = renderMessages(textParagraphs("a\u0000b\u0007c\u202ed\u001b[31m"));
    expect(html).toBe("abcd[31m");
  });

  it("callback data stays under 64 bytes and round-trips; garbage is rejected", () => {
    const data = encodeCallback({ kind: "source", label: 123_456_789, check: check("some/very/long/document-id#42::17"), n: 12 });
    expect(Buffer.byteLength(data)).toBeLessThan(64);
    expect(decodeCallback(data)).toEqual({ kind: "source", label: 123_456_789, check: check("some/very/long/document-id#42::17"), n: 12 });
    expect(decodeCallback("more")).toEqual({ kind: "more" });
    for (const bad of ["", "s:1", "s:x:abcdef:1", "x:1:abcdef:2", "<b>", "s:1:abc:1"]) expect(decodeCallback(bad)).toBeUndefined();
  });

  it("a source passage is widened to whole paragraphs of the article", () => {
    const body = "第一段。\n第二段前半，被引用的句子，第二段后半。\n第三段。";
    const start = body.indexOf("被引用");
    expect(passageOf(body, start, start + 6)).toBe("第二段前半，被引用的句子，第二段后半。");
  });
});

describe("blockquotes, links and source names", () => {
  it("consecutive quoted paragraphs share one expandable blockquote; bold inside stays balanced", () => {
    const [html] = renderMessages([
      [{ text: "答案" }],
      quote([{ text: "「甲" }, { text: "<乙>", style: "bold" }, { text: "」" }]),
      quote([{ text: "「丙」" }]),
      [{ text: "尾" }],
    ]);
    expect(html).toBe("答案\n<blockquote expandable>「甲<b>&lt;乙&gt;</b>」\n「丙」</blockquote>\n尾");
  });

  it("a quote split across messages is closed and reopened in each", () => {
    const lines = Array.from({ length: 40 }, (_, i) => quote([{ text: `第${i}条摘录。` + "武进".repeat(60) }]));
    const parts = renderMessages(lines);
    expect(parts.length).toBeGreaterThan(1);
    for (const p of parts) {
      expect(p.startsWith("<blockquote expandable>")).toBe(true);
      expect(p.endsWith("</blockquote>")).toBe(true);
      expect(p.match(/<blockquote expandable>/g)).toHaveLength(1);
    }
  });

  it("links are https only, with the URL escaped; anything else is plain text", () => {
    expect(renderMessages([[{ text: "标题", href: "https://t.me/Bot?start=a_1_abcdef" }]])[0]).toBe('<a href="https://t.me/Bot?start=a_1_abcdef">标题</a>');
    expect(renderMessages([[{ text: "x", href: 'javascript:alert("1")' }]])[0]).toBe("x");
    expect(renderMessages([[{ text: "x", href: 'https://a.b/"><script>' }]])[0]).toBe("x");
  });

  it("a paper is named by its JSON Lines source, never by a file name", () => {
    expect(paperName("常州日报")).toBe("常州日报");
    for (const f of ["004_c0f6460f45f37c11.txt", "crud-news.jsonl.gz", "news.jsonl", "page-2024-12-07.txt", "", undefined])
      expect(paperName(f)).toBeUndefined();
    const r = result("答案 [1]");
    r.sources[0]!.excerpt = "摘录里的句子";
    r.sources[0]!.highlights = [[3, 5]];
    const html = renderMessages(answerParagraphs(r)).join("\n");
    expect(html).not.toContain("p.txt");
    expect(html).toContain("<blockquote expandable>[1] 「摘录里<b>的句</b>子」</blockquote>");
  });

  it("/sources page and article callback data round-trip and stay short", () => {
    expect(decodeCallback(encodeCallback({ kind: "page", page: 12 }))).toEqual({ kind: "page", page: 12 });
    const a = encodeCallback({ kind: "article", label: 123_456_789, check: check("x::0") });
    expect(Buffer.byteLength(a)).toBeLessThan(64);
    expect(decodeCallback(a)).toEqual({ kind: "article", label: 123_456_789, check: check("x::0") });
    for (const bad of ["p:", "p:-1", "p:x", "a:1:abc", "a:1:abcdef:2"]) expect(decodeCallback(bad)).toBeUndefined();
  });
});
