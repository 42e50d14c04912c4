/** The index a fit script measures on: a corpus's index in the script's work directory, built when missing. */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { loadConfig } from "../config/env.js";
import { Engine } from "../engine/engine.js";
import { chunkingFromConfig, ingest } from "../engine/ingest.js";
import { sharedCorpus } from "../paths.js";

/** The options that name the two dev sets a fit measures on (ChronoQA and crud-qa-dev over their corpora), with their defaults. */
export const DEV_SET_OPTIONS = {
  "chrono-corpus": { type: "string", default: sharedCorpus("chronoqa-corpus.jsonl") },
  "chrono-queries": { type: "string", default: sharedCorpus("chronoqa-dev.jsonl") },
  "crud-corpus": { type: "string", default: sharedCorpus("crud-news.jsonl.gz") },
  "crud-queries": { type: "string", default: sharedCorpus("crud-qa-dev.jsonl") },
  // "today" for questions that give none: crud-qa-dev's questions were written about news of 2023
  // (its articles run to 2023-08-19), so 「今年」 there is 2023, whatever day the fit runs.
  "crud-date": { type: "string", default: "2023-08-31" },
} as const;

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
