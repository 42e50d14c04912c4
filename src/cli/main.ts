/**
 * The command line (shared/spec/cli.md): `npm run -s cli -- <command> [options]`.
 * Output on stdout (JSON Lines with --json); messages, progress and logs on stderr;
 * failures are one line on stderr and a non-zero exit code.
 */
import { Command, CommanderError } from "commander";
import { ConfigError } from "../config/env.js";
import { IndexBusyError, IndexError, IndexSpaceError } from "../engine/errors.js";
import { InputError } from "../ingest/sources.js";
import { redact } from "../log.js";
import { registerArticles } from "./commands/articles.js";
import { registerAsk } from "./commands/ask.js";
import { registerBench } from "./commands/bench.js";
import { registerReport } from "./commands/report.js";
import { registerChat } from "./commands/chat.js";
import { registerEval } from "./commands/eval.js";
import { registerIngest } from "./commands/ingest.js";
import { registerSearch } from "./commands/search.js";
import { UsageError } from "./context.js";

const program = new Command()
  .name("cli")
  .description("Ask the local news: ingest, search and cited answers over newspaper articles")
  .showHelpAfterError("(add --help for usage)")
  .exitOverride();

registerIngest(program);
registerArticles(program);
registerSearch(program);
registerAsk(program);
registerChat(program);
registerEval(program);
registerBench(program);
registerReport(program);

const KNOWN = [UsageError, ConfigError, IndexError, IndexBusyError, IndexSpaceError, InputError];

// `articles --json | head -1`: the reader closed the pipe and wants no more; that is not a failure.
process.stdout.on("error", (err: NodeJS.ErrnoException) => {
  if (err.code === "EPIPE") process.exit(0);
  throw err;
});

try {
  await program.parseAsync(process.argv);
} catch (err) {
  if (err instanceof CommanderError) {
    process.exitCode = err.exitCode;
  } else {
    const e = err as Error;
    const known = KNOWN.some((K) => e instanceof K);
    process.stderr.write(`error: ${redact(known ? e.message : `unexpected failure: ${e.message}`)}\n`);
    if (!known && process.env.DEBUG) process.stderr.write(`${e.stack ?? ""}\n`);
    process.exitCode = known ? 1 : 2;
  }
}
