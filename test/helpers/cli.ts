import { spawn, spawnSync } from "node:child_process";
import { join } from "node:path";
import { PROJECT_ROOT } from "../../src/paths.js";

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
  json: Array<Record<string, unknown>>;
}

const TSX = join(PROJECT_ROOT, "node_modules", ".bin", "tsx");

/** Runs the CLI as a user would (`npm run -s cli -- …` runs exactly this), without the developer's .env. */
export function cli(args: string[], opts: { env?: Record<string, string>; input?: string } = {}): CliResult {
  const r = spawnSync(TSX, [join(PROJECT_ROOT, "src/cli/main.ts"), ...args], {
    cwd: PROJECT_ROOT,
    encoding: "utf8",
    input: opts.input ?? "",
    env: { ...process.env, LOG_LEVEL: "warn", DOTENV_CONFIG_PATH: "/nonexistent/.env", ...opts.env },
    timeout: 60_000,
  });
  const json = r.stdout
    .split("\n")
    .filter((l) => l.trim().startsWith("{"))
    .map((l) => JSON.parse(l) as Record<string, unknown>);
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr, json };
}

/**
 * The same as cli(), without blocking the test process: for runs that talk to a server the test
 * itself serves (a fake LLM, a fake Bot API), which a blocked event loop could not answer.
 */
export function cliAsync(args: string[], opts: { env?: Record<string, string>; input?: string } = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(TSX, [join(PROJECT_ROOT, "src/cli/main.ts"), ...args], {
      cwd: PROJECT_ROOT,
      env: { ...process.env, LOG_LEVEL: "warn", DOTENV_CONFIG_PATH: "/nonexistent/.env", ...opts.env },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString("utf8")));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString("utf8")));
    child.stdin.end(opts.input ?? "");
    const timer = setTimeout(() => child.kill("SIGKILL"), 60_000);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      const json = stdout
        .split("\n")
        .filter((l) => l.trim().startsWith("{"))
        .map((l) => JSON.parse(l) as Record<string, unknown>);
      resolve({ code: code ?? -1, stdout, stderr, json });
    });
  });
}
