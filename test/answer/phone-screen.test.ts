/** Every reply's first message fits a phone screen: at most 400 characters before the sources, lists and 「更多」 included. */
import { beforeAll, describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Engine } from "../../src/engine/engine.js";
import { emptyConversation } from "../../src/conversation/state.js";
import { PROJECT_ROOT } from "../../src/paths.js";
import { replyShape } from "../../src/answer/reply-shape.js";
import { seedEngine } from "../engine/seed-engine.js";

const PHONE_SCREEN = 400;

let engine: Engine;
beforeAll(async () => {
  engine = await seedEngine();
});

const seedQuestions = (): string[] =>
  readFileSync(join(PROJECT_ROOT, "test", "fixtures", "seeds-dev.jsonl"), "utf8")
    .split("\n")
    .filter((l) => l.trim())
    .flatMap((l) => {
      const r = JSON.parse(l) as { q?: string; turns?: Array<{ q: string }> };
      return r.q ? [r.q] : (r.turns ?? []).map((t) => t.q);
    });

describe("replies on a phone", () => {
  it("open with at most 400 characters before the sources, for every seed question and its 「还有吗」", async () => {
    const questions = [...seedQuestions(), "武进国家高新区有哪些新能源项目？", "区政协领导有哪些人？", "沈东在西太湖去了哪些项目现场？"];
    for (const q of questions) {
      const first = await engine.ask(q, { state: emptyConversation() });
      expect([...first.result.answer].length, q).toBeLessThanOrEqual(PHONE_SCREEN);
      const more = await engine.ask("还有吗？", { state: first.state });
      expect([...more.result.answer].length, `${q} → 还有吗`).toBeLessThanOrEqual(PHONE_SCREEN);
    }
  });

  it("quote a clause, not whole sentences, when they do not lead with the answer", async () => {
    const { result } = await engine.ask("叁零陆动力部件在哪里？");
    const lines = result.answer.split("\n");
    expect(lines.length).toBeLessThanOrEqual(2);
    // the clause itself, without 「据…报道：」, its [n], its full stop and the … of a cut
    const clause = (line: string): string =>
      line
        .replace(/^据.*?：/u, "")
        .replace(/\[\d+\]$/u, "")
        .replace(/[。…]/gu, "");
    for (const line of lines) expect(clause(line).length).toBeLessThanOrEqual(replyShape().quote.max);
  });
});
