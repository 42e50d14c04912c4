import type { Command } from "commander";
import { benchTable, corpusExists, DEFAULT_CORPUS, DEFAULT_QUERIES, runBench } from "../../bench/run.js";
import { config, parsePositiveInt, printJson, UsageError } from "../context.js";

export function registerBench(program: Command): void {
  program
    .command("bench")
    .description("speed and memory benchmark: ingest, load, search/ask latency, incremental add (shared/spec/quality.md)")
    .option("--corpus <path>", `JSON Lines corpus (.jsonl or .jsonl.gz; default ${DEFAULT_CORPUS})`)
    .option("--queries <path>", `question file (default ${DEFAULT_QUERIES})`)
    .option("--limit <n>", "questions to time", parsePositiveInt, 1000)
    .option("--work <dir>", "build the index here and keep it (default: a temporary folder)")
    .option("--json", "print one JSON object")
    .action(async (opts: { corpus?: string; queries?: string; limit: number; work?: string; json?: boolean }) => {
      const corpus = opts.corpus ?? DEFAULT_CORPUS;
      const queries = opts.queries ?? DEFAULT_QUERIES;
      if (!corpusExists(corpus)) throw new UsageError(`benchmark corpus not found: ${corpus}; pass --corpus PATH (a .jsonl or .jsonl.gz file)`);
      if (!corpusExists(queries)) throw new UsageError(`benchmark questions not found: ${queries}; pass --queries PATH (JSON Lines with "q")`);
      const result = await runBench(config(), {
        corpus,
        queries,
        limit: opts.limit,
        ...(opts.work ? { workDir: opts.work } : {}),
        log: (l) => process.stderr.write(`${l}\n`),
      });
      if (opts.json) printJson(result);
      else process.stdout.write(benchTable(result));
    });
}
