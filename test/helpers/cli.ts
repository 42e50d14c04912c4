import { spawnSync } from "node:child_process";
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
