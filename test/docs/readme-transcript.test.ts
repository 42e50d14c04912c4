/**
 * The README's transcript is what the CLI says today: scripts/readme-transcript.ts runs the real
 * `chat` over the seed pages, and the README must show exactly that (fix: npx tsx
 * scripts/readme-transcript.ts --write).
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { makeTranscript, QUESTIONS, README, shownTranscript } from "../../scripts/readme-transcript.js";

describe("README transcript", () => {
  it("is what `npm run -s cli -- chat` answers today over the seed pages, a follow-up included", () => {
    const shown = shownTranscript(readFileSync(README, "utf8"));
    expect(shown, "README.md has no <!-- START-TRANSCRIPT --> … <!-- END-TRANSCRIPT --> block").toBeDefined();
    const today = makeTranscript();
    expect(shown, "README.md's transcript is stale: run npx tsx scripts/readme-transcript.ts --write").toBe(today);
    // the questions are in it, each answered with a cited source, and the follow-up says how it was understood
    for (const q of QUESTIONS) expect(today).toContain(`> ${q}\n`);
    expect(today.match(/^\[1\] /gmu)).toHaveLength(QUESTIONS.length);
    expect(today).toMatch(/（理解为：[^）]*叁零陆[^）]*总经理/u);
  }, 120_000);
});
