/** The engine's own guard on input: whatever a caller passes, no stack trace and no invented answer. */
import { beforeAll, describe, expect, it } from "vitest";
import { NOT_A_QUESTION, type Engine } from "../../src/engine/engine.js";
import { emptyConversation } from "../../src/conversation/state.js";
import { inventedFigures, seedEngine } from "./seed-engine.js";

describe("odd input to the engine", () => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await seedEngine({ MAX_QUESTION_CHARS: "200" });
  });

  it("answers input without words with a hint, and leaves the conversation as it was", async () => {
    const state = (await engine.ask("叁零陆的总经理是谁？")).state;
    for (const raw of ["", "   ", "😀🎉👍", "？？！！……", "\u0000\u0007"]) {
      const { result, state: after } = await engine.ask(raw, { state });
      expect(result, JSON.stringify(raw)).toMatchObject({ found: false, answer: NOT_A_QUESTION, sources: [] });
      expect(after).toEqual(state);
    }
  });

  it("cuts a 200,000-character paste to the cap and answers its start", async () => {
    const paste = "叁零陆扁线电机产线的自动化率是多少？".repeat(12_000);
    expect(paste.length).toBeGreaterThan(200_000);
    const { result } = await engine.ask(paste, { state: emptyConversation() });
    expect(result.question.length).toBeLessThanOrEqual(200);
    expect(result.found).toBe(true);
    expect(result.answer).toContain("70%");
  });

  it("keeps HTML- and Markdown-looking text literal and gives a clear reply with nothing invented", async () => {
    for (const raw of [
      "<b>区政协主席</b>是**谁**？",
      "[点我](http://x.y) 政协 `rm -rf`",
      "<script>alert(1)</script>",
      "TOPCon电池项目 total investment 是多少？",
      "Сколько 项目 في 武进?",
    ]) {
      const { result } = await engine.ask(raw);
      expect(result.question).toBe(raw);
      expect(result.answer.length).toBeGreaterThan(0);
      expect(inventedFigures(result)).toEqual([]);
    }
  });
});
