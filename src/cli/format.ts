/** Plain-text rendering of an answer for the terminal (the bot has its own, in src/bot/). */
import { markExcerpt } from "../answer/highlight.js";
import type { AnswerResult } from "../answer/types.js";

export function formatAnswerText(r: AnswerResult): string {
  const lines = [r.answer];
  if (r.sources.length) {
    lines.push("", "来源：");
    for (const s of r.sources) {
      const meta = [s.byline, s.source, s.date].filter(Boolean).join(" · ");
      lines.push(`[${s.n}] ${s.title}${meta ? ` — ${meta}` : ""}`);
      lines.push(`    「${markExcerpt(s.excerpt, s.highlights)}」`);
    }
  }
  return lines.join("\n");
}
