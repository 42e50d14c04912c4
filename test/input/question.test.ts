import { describe, expect, it } from "vitest";
import { cleanQuestion, stripControl } from "../../src/input/question.js";

describe("cleaning what a user typed", () => {
  it("removes control, zero-width and bidi characters and collapses whitespace", () => {
    const q = cleanQuestion("  叁零陆\u0000的\u200b总经理\t\n是谁？\u0007\u202e ", 500);
    expect(q).toMatchObject({ text: "叁零陆的总经理 是谁？", kind: "ok", truncated: false });
    expect(stripControl("a\u0000b\u0007c\u202ed\u001b[31m\uD800")).toBe("abcd[31m");
  });

  it("caps a 200,000-character message and says so", () => {
    const q = cleanQuestion("新能源".repeat(70_000), 500);
    expect(q.text).toHaveLength(500);
    expect(q.truncated).toBe(true);
    expect(q.originalLength).toBe(210_000);
    expect(cleanQuestion("问".repeat(200_000), 500)).toMatchObject({ kind: "ok", text: "问".repeat(500), truncated: true });
  });

  it("does not split an emoji when cutting", () => {
    expect(cleanQuestion("😀".repeat(10), 3).text).toBe("😀😀😀");
  });

  it("tells empty input and input without any word apart from a question", () => {
    expect(cleanQuestion(" \n\t ", 500).kind).toBe("empty");
    expect(cleanQuestion("\u0000\u0001", 500).kind).toBe("empty");
    expect(cleanQuestion("？？！！…。.,!?", 500).kind).toBe("no-words");
    expect(cleanQuestion("😀🎉👍", 500).kind).toBe("no-words");
    // The part that is kept has no word, even though the whole message had one at its end.
    expect(cleanQuestion(`${"😀".repeat(600)}问`, 500).kind).toBe("no-words");
    expect(cleanQuestion("<b>政协</b>", 500)).toMatchObject({ kind: "ok", text: "<b>政协</b>" });
  });
});
