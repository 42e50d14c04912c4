import type { Command } from "commander";
import { buildReport, renderReport } from "../../feedback/report.js";
import { createFeedbackStore } from "../../feedback/store.js";
import { config, DATE_RE, parsePositiveInt, printJson, UsageError } from "../context.js";

function parseSince(value: string): string {
  if (!DATE_RE.test(value) || Number.isNaN(Date.parse(value))) throw new UsageError(`--since expects YYYY-MM-DD, got "${value}"`);
  return value;
}

export function registerReport(program: Command): void {
  program
    .command("report")
    .description("what readers asked the bot: the most asked questions, the unanswered ones and the 👎 ones, with counts")
    .option("--since <date>", "only questions and votes on or after this day (YYYY-MM-DD, in TIMEZONE)", parseSince)
    .option("--limit <n>", "questions listed per section (default 20)", parsePositiveInt)
    .option("--dir <dir>", "read the files of this folder (default: Redis when REDIS_URL is set, else FEEDBACK_DIR)")
    .option("--json", "the report as one JSON line")
    .action(async (opts: { since?: string; limit?: number; dir?: string; json?: boolean }) => {
      const store = createFeedbackStore(config(), opts.dir ? { dir: opts.dir } : {});
      try {
        const report = buildReport(await store.read(opts.since), {
          ...(opts.since ? { since: opts.since } : {}),
          ...(opts.limit ? { limit: opts.limit } : {}),
        });
        if (opts.json) {
          printJson({
            since: report.since,
            from: report.from,
            to: report.to,
            asked: report.asked,
            answered: report.answered,
            unanswered: report.unanswered,
            readers: report.readers,
            votes: report.votes,
            most_asked: report.mostAsked,
            unanswered_questions: report.unansweredQuestions,
            down_voted: report.downVoted.map(({ docIds, ...d }) => ({ ...d, doc_ids: docIds })),
          });
        } else process.stdout.write(renderReport(report));
      } finally {
        await store.close();
      }
    });
}
