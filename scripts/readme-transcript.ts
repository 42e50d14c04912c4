/**
 * The README's transcript, made by the real CLI over the seed pages, so that it cannot go stale:
 *
 *   npx tsx scripts/readme-transcript.ts            prints it
 *   npx tsx scripts/readme-transcript.ts --write    puts it into README.md between its markers
 *   npx tsx scripts/readme-transcript.ts --check    exit 1 when README.md shows another one
 *
 * It indexes seeds/ into a temporary folder and asks the questions below through `chat`, as
 * `npm run -s cli -- chat` shows them (a piped chat echoes each question after 「> 」, as a terminal
 * shows what was typed), with no setting from the environment or `.env`: the offline defaults.
 * test/docs/readme-transcript.test.ts checks the README against it.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { DEFAULT_SEEDS, PROJECT_ROOT } from "../src/paths.js";

/** Three questions: a photo caption's fact, one in traditional characters, and a follow-up. */
export const QUESTIONS = ["TOPCon电池项目预计什么时候投产？", "叁零陸動力部件在哪裡？", "总经理是谁？"] as const;

export const START = "<!-- START-TRANSCRIPT -->";
export const END = "<!-- END-TRANSCRIPT -->";
export const README = join(PROJECT_ROOT, "README.md");

/** The command the transcript shows. */
const SHOWN = "$ npm run -s cli -- chat";

function run(args: string[], input = ""): string {
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? "",
    HOME: process.env.HOME ?? tmpdir(),
    DOTENV_CONFIG_PATH: "/nonexistent/.env",
    LOG_LEVEL: "warn",
  };
  if (process.env.TMPDIR) env.TMPDIR = process.env.TMPDIR;
  const r = spawnSync(process.execPath, ["--import", "tsx", join(PROJECT_ROOT, "src/cli/main.ts"), ...args], {
    cwd: PROJECT_ROOT,
    env,
    input,
    encoding: "utf8",
    timeout: 120_000,
  });
  if (r.status !== 0) throw new Error(`cli ${args[0]} failed (exit ${r.status ?? r.signal}): ${r.stderr.trim()}`);
  return r.stdout;
}

/** The transcript block as the README shows it: the command, then the chat's output. */
export function makeTranscript(): string {
  const dir = mkdtempSync(join(tmpdir(), "wnb-readme-"));
  try {
    const index = join(dir, "vectors");
    run(["ingest", "--input", DEFAULT_SEEDS, "--index", index, "--json"]);
    const out = run(["chat", "--index", index], QUESTIONS.map((q) => `${q}\n`).join(""));
    return ["```", SHOWN, out.trimEnd(), "```"].join("\n");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The transcript block a README shows between its markers (undefined without them). */
export function shownTranscript(readme: string): string | undefined {
  const start = readme.indexOf(START);
  const end = readme.indexOf(END);
  if (start < 0 || end < start) return undefined;
  return readme.slice(start + START.length, end).trim();
}

/** The README with `transcript` between its markers. */
export function withTranscript(readme: string, transcript: string): string {
  const start = readme.indexOf(START);
  const end = readme.indexOf(END);
  if (start < 0 || end < start) throw new Error(`README.md has no ${START} … ${END} markers`);
  return `${readme.slice(0, start + START.length)}\n${transcript}\n${readme.slice(end)}`;
}

function main(): number {
  const { values } = parseArgs({ options: { write: { type: "boolean", default: false }, check: { type: "boolean", default: false } } });
  const transcript = makeTranscript();
  const readme = readFileSync(README, "utf8");
  if (values.check) {
    const same = shownTranscript(readme) === transcript;
    process.stderr.write(same ? "README.md's transcript is current\n" : "README.md's transcript is stale: run npx tsx scripts/readme-transcript.ts --write\n");
    return same ? 0 : 1;
  }
  if (values.write) {
    writeFileSync(README, withTranscript(readme, transcript));
    process.stderr.write("README.md: transcript written\n");
    return 0;
  }
  process.stdout.write(`${transcript}\n`);
  return 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) process.exitCode = main();
