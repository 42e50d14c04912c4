/**
 * The terminal conversation: the same engine and the same follow-up handling as the bot. Reads
 * lines from stdin (a prompt when it is a terminal), answers each, exits at end of input.
 */
import { createInterface } from "node:readline";
import { emptyConversation } from "../conversation/state.js";
import type { Engine } from "../engine/engine.js";
import { cleanQuestion } from "../input/question.js";
import { formatAnswerText } from "./format.js";

export async function runChat(engine: Engine, opts: { date?: string } = {}): Promise<void> {
  const interactive = Boolean(process.stdin.isTTY);
  const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: interactive });
  let state = emptyConversation();
  if (interactive) {
    process.stdout.write(`已载入 ${engine.library.count()} 篇报道。直接输入问题；/reset 重新开始，/exit 退出。\n`);
    rl.setPrompt("你> ");
    rl.prompt();
  }
  const max = engine.config.MAX_QUESTION_CHARS;
  for await (const line of rl) {
    const clean = cleanQuestion(line, max);
    const q = clean.text;
    if (q === "/exit" || q === "/quit") break;
    if (q === "/reset") {
      state = emptyConversation();
      if (!interactive) process.stdout.write(`> ${q}\n`);
      process.stdout.write("好的，我们重新开始。\n");
    } else if (q) {
      const { result, state: next } = await engine.ask(q, { date: opts.date, state });
      state = next;
      if (!interactive) process.stdout.write(`> ${q}\n`);
      if (clean.truncated) process.stdout.write(`（问题太长，只读了前 ${max} 个字。）\n`);
      process.stdout.write(`${formatAnswerText(result)}\n\n`);
    }
    if (interactive) rl.prompt();
  }
  rl.close();
}
