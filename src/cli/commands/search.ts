import type { Command } from "commander";
import { config, openEngine, parseDate, parsePositiveInt, printJson, UsageError } from "../context.js";
import { cleanQuestion } from "../../input/question.js";
import { queryItems } from "../queries.js";

export function registerSearch(program: Command): void {
  program
    .command("search")
    .description("retrieval only: the best documents for each question")
    .argument("[question]", "a question (or use --queries)")
    .option("--index <dir>", "index folder (default: vectors/ or VECTOR_DIR)")
    .option("--k <n>", "results per question", parsePositiveInt, 5)
    .option("--date <YYYY-MM-DD>", "today, for relative dates in questions", parseDate)
    .option("--queries <file>", "JSON Lines query file")
    .action(async (question: string | undefined, opts: { index?: string; k: number; date?: string; queries?: string }) => {
      config();
      const items = await queryItems(question, opts.queries, requireQuestion);
      const engine = await openEngine(opts.index);
      for (const item of items) {
        const q = item.turns.map((t) => t.q).join(" ");
        const hits = await engine.search(q, { k: opts.k, date: opts.date ?? item.date });
        printJson({
          id: item.id,
          results: hits.map((h) => ({ id: h.docId, chunkId: h.chunkId, score: Number(h.score.toFixed(6)), title: h.title || null, text: h.text })),
        });
      }
    });
}

/** The question from the command line, cleaned (src/input/question.ts); a notice on stderr when it was cut. */
export function requireQuestion(q: string | undefined): string {
  const clean = cleanQuestion(q ?? "", config().MAX_QUESTION_CHARS);
  if (clean.kind === "empty") throw new UsageError("give a question, or --queries FILE");
  if (clean.truncated) {
    process.stderr.write(
      `note: the question had ${clean.originalLength} characters; only the first ${config().MAX_QUESTION_CHARS} are used (MAX_QUESTION_CHARS)\n`,
    );
  }
  return clean.text;
}
