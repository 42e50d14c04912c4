/**
 * The fake Bot API of test/helpers/fake-bot-api.ts as a process, for scripts/container-check.sh:
 * prints `apiRoot=http://127.0.0.1:PORT` on its first line, then, for every line read on stdin
 * (`CHAT_ID question…`), delivers that question and prints each message the bot sends as
 * `sent CHAT_ID <the text, its lines joined by " | ">`.
 *
 *   node --import tsx scripts/fake-bot-api.ts [--get-me-error 401] [--get-updates-error 409]
 */
import { createInterface } from "node:readline";
import { startFakeBotApi, type ApiFailure } from "../test/helpers/fake-bot-api.js";

const DESCRIPTIONS: Record<number, string> = {
  401: "Unauthorized",
  409: "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running",
};
function failure(flag: string): ApiFailure | undefined {
  const i = process.argv.indexOf(flag);
  if (i < 0) return undefined;
  const code = Number(process.argv[i + 1]);
  return { error_code: code, description: DESCRIPTIONS[code] ?? "Error" };
}

const getMe = failure("--get-me-error");
const getUpdates = failure("--get-updates-error");
const api = await startFakeBotApi({ ...(getMe ? { getMe } : {}), ...(getUpdates ? { getUpdates } : {}) });
process.stdout.write(`apiRoot=${api.apiRoot}\n`);

let reported = 0;
setInterval(() => {
  for (; reported < api.sent.length; reported++) {
    const m = api.sent[reported]!;
    process.stdout.write(`sent ${String(m.chat_id)} ${m.text.replace(/\n/gu, " | ")}\n`);
  }
}, 50).unref();

const rl = createInterface({ input: process.stdin });
rl.on("line", (line) => {
  const m = /^\s*(-?\d+)\s+(.+)$/u.exec(line);
  if (m) api.message(Number(m[1]), m[2]!);
});
const shutdown = (): void => void api.close().then(() => process.exit(0));
rl.on("close", () => setTimeout(shutdown, 200));
process.once("SIGTERM", shutdown);
process.once("SIGINT", shutdown);
