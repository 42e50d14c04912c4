/** What every CLI command shares: settings, the engine, and the contract's output rules. */
import { loadConfig, type Config } from "../config/env.js";
import { Engine } from "../engine/engine.js";
import { setLogLevel } from "../log.js";

let cached: Config | undefined;

export function config(): Config {
  if (!cached) {
    cached = loadConfig();
    setLogLevel(cached.LOG_LEVEL);
  }
  return cached;
}

export function indexDir(opt: string | undefined): string {
  return opt ?? config().VECTOR_DIR;
}

export function openEngine(index: string | undefined): Promise<Engine> {
  return Engine.open(config(), indexDir(index));
}

/** One JSON object a line on stdout (JSON Lines), as shared/spec/cli.md requires. */
export function printJson(obj: unknown): void {
  process.stdout.write(`${JSON.stringify(obj)}\n`);
}

/** A failure the user can fix: printed as one line on stderr, exit code 1. */
export class UsageError extends Error {}

export const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;

export function parseDate(value: string): string {
  if (!DATE_RE.test(value) || Number.isNaN(Date.parse(value))) throw new UsageError(`--date expects YYYY-MM-DD, got "${value}"`);
  return value;
}

export function parsePositiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`expected a positive whole number, got "${value}"`);
  return n;
}
