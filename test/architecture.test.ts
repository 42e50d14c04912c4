import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { PROJECT_ROOT } from "../src/paths.js";

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : path.endsWith(".ts") ? [path] : [];
  });
}

describe("data flows one way", () => {
  it("the bot and the CLI reach the index only through the engine", () => {
    const offenders: string[] = [];
    for (const folder of ["src/bot", "src/cli"]) {
      for (const file of sourceFiles(join(PROJECT_ROOT, folder))) {
        for (const m of readFileSync(file, "utf8").matchAll(/from\s+"([^"]+)"/gu)) {
          if (/(^|\/)index\//u.test(m[1]!)) offenders.push(`${relative(PROJECT_ROOT, file)} imports ${m[1]}`);
        }
      }
    }
    expect(offenders).toEqual([]);
  });
});
