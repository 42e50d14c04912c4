/**
 * Tests that need something a machine may lack — a service such as redis-server, or data under
 * ../shared — say so in one line and are skipped when it is missing. Under CI=true they are never
 * skipped: they run and fail with the same reason, so CI keeps installing and running everything.
 */
import { accessSync, constants, existsSync } from "node:fs";
import { delimiter, join } from "node:path";

/** True on a CI run (CI=true or CI=1), where a missing service or data set fails the run instead. */
const onCi = (): boolean => /^(?:true|1)$/iu.test(process.env.CI ?? "");

/** The path of an executable found on PATH, or undefined (looked up in-process: no shell to fail). */
export function findExecutable(name: string, path = process.env.PATH ?? ""): string | undefined {
  for (const dir of path.split(delimiter).filter(Boolean)) {
    const file = join(dir, name);
    try {
      accessSync(file, constants.X_OK);
      return file;
    } catch {
      // not in this folder (or not executable): look in the next one
    }
  }
  return undefined;
}

/** Why a data file the test needs is missing (what it is and how to get it), or undefined when it is there. */
export function missingFile(file: string, what: string, howToGet: string): string | undefined {
  return existsSync(file) ? undefined : `${what} not found at ${file}: ${howToGet}`;
}

/**
 * Whether to skip tests whose need is `missing` (a reason, or undefined when nothing is missing).
 * Skipping writes the reason as one line on stderr; on CI nothing is skipped.
 */
export function skipWhenMissing(missing: string | undefined, tests: string): boolean {
  if (missing === undefined || onCi()) return false;
  process.stderr.write(`skipped ${tests}: ${missing}\n`);
  return true;
}
