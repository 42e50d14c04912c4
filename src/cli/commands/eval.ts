import type { Command } from "commander";
import { evalAnswers } from "../../eval/answers.js";
import { evalRetrieval } from "../../eval/retrieval.js";
import { config, openEngine, parsePositiveInt, printJson } from "../context.js";
import { readQueries } from "../queries.js";

export function registerEval(program: Command): void {
  program
    .command("eval")
    .description("score search and ask against gold data (shared/spec/quality.md); prints one metrics object")
    .requiredOption("--queries <file>", "JSON Lines with gold ids, evidence strings or facts")
    .option("--index <dir>", "index folder (default: vectors/ or VECTOR_DIR)")
    .option("--k <n>", "results retrieved per question", parsePositiveInt, 10)
    .option("--mode <mode>", "search | ask | all (default: all that the file supports)", "all")
    .action(async (opts: { queries: string; index?: string; k: number; mode: string }) => {
      config();
      const items = await readQueries(opts.queries);
      const engine = await openEngine(opts.index);
      const out: Record<string, unknown> = { queries: items.length };
      if (opts.mode !== "ask") out.search = await evalRetrieval(engine, items, opts.k);
      if (opts.mode !== "search") out.ask = await evalAnswers(engine, items);
      printJson(out);
    });
}
