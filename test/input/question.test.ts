import { describe, expect, it } from "vitest";
import { cleanQuestion } from "../../src/input/question.js";

describe("cleaning what a user typed", () => {
  it("removes control and zero-width characters and collapses whitespace", () => {
    const q = cleanQuestion("  叁零陆\u0000的\u200b总经理\t\n是谁？\u0007 ", 500);
    expect(q).toMatchObject({ text: "叁零陆的总经理 是谁？", kind: "ok", truncated: false });
  });

  it("caps a 200,000-character message and says so", () => {
    const q = cleanQuestion("新能源".repeat(70_000), 500);
    expect(q.text).toHaveLength(500);
    expect(q.truncated).toBe(true);
    expect(q.originalLength).toBe(210_000);
  });

  it("does not split an emoji when cutting", () => {
    const q = cleanQuestion("😀".repeat(10), 3);
    expect(q.text).toBe("😀😀😀");
  });

  it("tells empty input and input without any word apart from a question", () => {
    expect(cleanQuestion(" \n\t ", 500).kind).toBe("empty");
    expect(cleanQuestion("？？！！…", 500).kind).toBe("no-words");
    expect(cleanQuestion("😀🎉👍", 500).kind).toBe("no-words");
    expect(cleanQuestion("<b>政协</b>", 500)).toMatchObject({ kind: "ok", text: "<b>政协</b>" });
  });
});
