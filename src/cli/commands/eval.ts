import type { Command } from "commander";
import { evalAnswers } from "../../eval/answers.js";
import { evalConversations } from "../../eval/conversations.js";
import { evalRetrieval } from "../../eval/retrieval.js";
import { evalShortAnswers, hasShortAnswer } from "../../eval/short-answers.js";
import { splitOf, type Split } from "../../eval/split.js";
import { config, openEngine, parseDate, parsePositiveInt, printJson, UsageError } from "../context.js";
import { readQueries, type QueryItem } from "../queries.js";

/** `--where docs=single`: keeps the items whose field has that value. */
function whereFilter(expr: string | undefined): (item: QueryItem) => boolean {
  if (!expr) return () => true;
  const m = /^([A-Za-z_][\w-]*)=(.*)$/u.exec(expr);
  if (!m) throw new UsageError(`--where expects FIELD=VALUE, got "${expr}"`);
  return (item) => String(item.raw[m[1]!] ?? "") === m[2];
}

function splitFilter(split: string | undefined): (item: QueryItem) => boolean {
  if (!split || split === "all") return () => true;
  if (split !== "fit" && split !== "holdout") throw new UsageError(`--split expects fit, holdout or all, got "${split}"`);
  return (item) => splitOf(item.id) === (split as Split);
}

export function registerEval(program: Command): void {
  program
    .command("eval")
    .description("score search and ask against gold data (shared/spec/quality.md); prints one metrics object")
    .requiredOption("--queries <file>", "JSON Lines with gold ids, evidence strings, facts or short answers")
    .option("--index <dir>", "index folder (default: vectors/ or VECTOR_DIR)")
    .option("--k <n>", "results retrieved per question", parsePositiveInt, 10)
    .option("--mode <mode>", "search | ask | all (default: all that the file supports)", "all")
    .option("--where <field=value>", "only the items whose field has that value (e.g. docs=single)")
    .option("--split <half>", "fit | holdout | all: the fixed half of the questions to score (src/eval/split.ts)", "all")
    .option("--exclude-gold", "leave each question's gold articles out of the search: refusal rate and confident leads")
    .option(
      "--conversations",
      "ask the questions written about one item (ids <group>-<n>) in order in one chat: later turns and topic switches against the same questions alone",
    )
    .option("--date <YYYY-MM-DD>", "today, for the relative dates of items that give no date of their own", parseDate)
    .action(
      async (opts: {
        queries: string;
        index?: string;
        k: number;
        mode: string;
        where?: string;
        split?: string;
        excludeGold?: boolean;
        conversations?: boolean;
        date?: string;
      }) => {
        config();
        const keep = whereFilter(opts.where);
        const inSplit = splitFilter(opts.split);
        const items = (await readQueries(opts.queries)).filter((i) => keep(i) && inSplit(i)).map((i) => (i.date || !opts.date ? i : { ...i, date: opts.date }));
        const engine = await openEngine(opts.index);
        const out: Record<string, unknown> = { queries: items.length };
        if (opts.conversations) {
          out.conversations = await evalConversations(engine, items, opts.date ? { date: opts.date } : {});
          printJson(out);
          return;
        }
        if (opts.mode !== "ask" && !opts.excludeGold) out.search = await evalRetrieval(engine, items, opts.k);
        if (opts.mode !== "search") {
          const short = items.filter(hasShortAnswer);
          if (short.length) out.answers = await evalShortAnswers(engine, short, { excludeGold: Boolean(opts.excludeGold) });
          if (short.length < items.length && !opts.excludeGold)
            out.ask = await evalAnswers(
              engine,
              items.filter((i) => !hasShortAnswer(i)),
            );
        }
        printJson(out);
      },
    );
}
