import type { Command } from "commander";
import { embeddingsFromConfig } from "../../embed/factory.js";
import { openLibrary } from "../../engine/library.js";
import { dateOf, sourceName } from "../../answer/source-name.js";
import { config, indexDir, printJson } from "../context.js";

export function registerArticles(program: Command): void {
  program
    .command("articles")
    .description("list the documents the index holds")
    .option("--index <dir>", "index folder (default: vectors/ or VECTOR_DIR)")
    .option("--json", "one JSON line per document")
    .action(async (opts: { index?: string; json?: boolean }) => {
      const library = await openLibrary(indexDir(opts.index), embeddingsFromConfig(config()));
      for (const d of library.articles()) {
        const row = {
          id: d.id,
          title: d.title || null,
          byline: d.byline,
          source: d.source,
          date: d.date ?? null,
          ...(d.date && d.dateEstimated ? { date_estimated: true } : {}),
          chars: d.chars,
          subtitle: d.subtitle ?? null,
          column: d.column ?? null,
          reporters: d.reporters,
          ...(d.kind ? { kind: d.kind } : {}),
          ...(d.photographers?.length ? { photographers: d.photographers } : {}),
        };
        if (opts.json) printJson(row);
        else process.stdout.write(`${d.id}\t${sourceName(d)}\t${d.byline}\t${dateOf(d) ?? ""}\t${d.chars} chars\n`);
      }
    });
}
