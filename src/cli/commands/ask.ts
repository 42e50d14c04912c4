import type { Command } from "commander";
import type { ConversationState } from "../../conversation/state.js";
import { config, openEngine, parseDate, printJson } from "../context.js";
import { formatAnswerText } from "../format.js";
import { queryItems } from "../queries.js";
import { requireQuestion } from "./search.js";

export function registerAsk(program: Command): void {
  program
    .command("ask")
    .description("a full cited answer, as the bot gives it")
    .argument("[question]", "a question (or use --queries)")
    .option("--index <dir>", "index folder (default: vectors/ or VECTOR_DIR)")
    .option("--date <YYYY-MM-DD>", "today, for relative dates in questions", parseDate)
    .option("--queries <file>", "JSON Lines query file; {turns:[…]} lines are conversations")
    .option("--json", "one JSON line per question or turn")
    .action(async (question: string | undefined, opts: { index?: string; date?: string; queries?: string; json?: boolean }) => {
      config();
      const items = await queryItems(question, opts.queries, requireQuestion);
      const engine = await openEngine(opts.index);
      for (const item of items) {
        let state: ConversationState | undefined;
        for (const [turn, t] of item.turns.entries()) {
          const { result, state: next } = await engine.ask(t.q, { date: opts.date ?? item.date, state });
          state = next;
          if (opts.json) {
            printJson({
              id: item.id,
              turn,
              question: result.question,
              standalone: result.standalone,
              found: result.found,
              answer: result.answer,
              sources: result.sources.map((s) => ({
                n: s.n,
                id: s.id,
                title: s.title || null,
                byline: s.byline,
                source: s.source,
                date: s.date ?? null,
                ...(s.date && s.dateEstimated ? { date_estimated: true } : {}),
                ...(s.kind ? { kind: s.kind } : {}),
                ...(s.photographers?.length ? { photographers: s.photographers } : {}),
                excerpt: s.excerpt,
                chunkId: s.chunkId,
                highlights: s.highlights,
              })),
            });
          } else {
            if (items.length > 1 || item.turns.length > 1) process.stdout.write(`\n# ${item.id}${item.turns.length > 1 ? ` turn ${turn}` : ""}: ${t.q}\n`);
            process.stdout.write(`${formatAnswerText(result)}\n`);
          }
        }
      }
    });
}
