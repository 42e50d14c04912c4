/** Plain-text rendering of an answer for the terminal (the bot has its own, in src/bot/). */
import { markExcerpt } from "../answer/highlight.js";
import type { AnswerResult } from "../answer/types.js";
import { shownDate } from "../ingest/issue-date.js";

export function formatAnswerText(r: AnswerResult): string {
  const lines: string[] = [];
  // Show how a follow-up was understood, so that a wrong rewrite is visible.
  if (r.standalone && r.standalone.replace(/[？?\s]/gu, "") !== r.question.replace(/[？?\s]/gu, "")) lines.push(`（理解为：${r.standalone}）`);
  lines.push(r.answer);
  if (r.sources.length) {
    lines.push("", "来源：");
    for (const s of r.sources) {
      const meta = [s.byline, s.source, s.date && shownDate(s.date, s.dateEstimated)].filter(Boolean).join(" · ");
      lines.push(`[${s.n}] ${s.title}${meta ? ` — ${meta}` : ""}`);
      lines.push(`    「${markExcerpt(s.excerpt, s.highlights)}」`);
    }
  }
  return lines.join("\n");
}
