import type { Command } from "commander";
import { runChat } from "../chat.js";
import { config, openEngine, parseDate } from "../context.js";

export function registerChat(program: Command): void {
  program
    .command("chat")
    .description("a conversation in the terminal with the same engine as the bot (reads stdin when piped)")
    .option("--index <dir>", "index folder (default: vectors/ or VECTOR_DIR)")
    .option("--date <YYYY-MM-DD>", "today, for relative dates in questions", parseDate)
    .action(async (opts: { index?: string; date?: string }) => {
      config();
      await runChat(await openEngine(opts.index), { date: opts.date });
    });
}
