/**
 * The bootstrap source of a worker thread that runs a TypeScript module: workers load the sources
 * through tsx's loader, so they work under `tsx`, vitest and `node --import tsx` alike.
 */
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";

export function tsWorkerSource(entry: URL): string {
  const tsxRoot = dirname(createRequire(import.meta.url).resolve("tsx/package.json"));
  const tsxApi = pathToFileURL(join(tsxRoot, "dist/esm/api/index.mjs")).href;
  return `import(${JSON.stringify(tsxApi)}).then((m) => { (m.register ?? m.default.register)(); return import(${JSON.stringify(entry.href)}); });`;
}
