/** The index a fit script measures on: a corpus's index in the script's work directory, built when missing. */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { loadConfig } from "../config/env.js";
import { Engine } from "../engine/engine.js";
import { chunkingFromConfig, ingest } from "../engine/ingest.js";

/** The engine over `work/name`, after ingesting `input` there when the directory holds no index (or `rebuild`). */
export async function openWorkIndex(work: string, name: string, input: string, opts: { rebuild?: boolean } = {}): Promise<Engine> {
  const cfg = loadConfig({ LOG_LEVEL: "warn" }, { dotenv: false });
  const dir = join(work, name);
  if (opts.rebuild || !existsSync(join(dir, "CURRENT"))) {
    process.stderr.write(`building the ${name} index in ${dir}\n`);
    await ingest(cfg, { inputs: [input], indexDir: dir, chunking: chunkingFromConfig(cfg), rebuild: true });
  }
  return Engine.open(cfg, dir);
}
