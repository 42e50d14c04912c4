/** Plain-text rendering of an answer for the terminal (the bot has its own, in src/bot/). */
import { markExcerpt } from "../answer/highlight.js";
import { sourceLine } from "../answer/source-name.js";
import { understoodQuestion, type EngineAnswer } from "../engine/cited-sources.js";

/** The answer, then its sources as the bot lists them (headline, byline, paper, date; never a file name). */
export function formatAnswerText(r: EngineAnswer): string {
  const lines: string[] = [];
  // Show how a follow-up was understood, so that a wrong rewrite is visible.
  const understood = understoodQuestion(r);
  if (understood) lines.push(`（理解为：${understood}）`);
  lines.push(r.answer);
  if (r.sources.length) {
    lines.push("", "来源：");
    for (const s of r.sources) {
      lines.push(`[${s.n}] ${sourceLine(s)}`);
      lines.push(`    「${markExcerpt(s.excerpt, s.highlights)}」`);
    }
  }
  return lines.join("\n");
}
