/**
 * Writes CMRC 2018 as a corpus and a query file the CLI can ingest and evaluate (src/eval/cmrc.ts):
 *
 *   npx tsx scripts/prepare-cmrc.ts [--input ../shared/corpora/cmrc2018.jsonl.gz] [--out DIR]
 *   npm run -s cli -- ingest --input DIR/cmrc-passages.jsonl --index DIR/index
 *   npm run -s cli -- eval --mode ask --index DIR/index --queries DIR/cmrc-questions.jsonl --split holdout
 */
import { existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { cmrcAsCorpus } from "../src/eval/cmrc.js";
import { PROJECT_ROOT } from "../src/paths.js";

const { values: args } = parseArgs({
  options: {
    input: { type: "string", default: resolve(PROJECT_ROOT, "..", "shared", "corpora", "cmrc2018.jsonl.gz") },
    out: { type: "string", default: join(tmpdir(), "wnb-cmrc") },
  },
});
if (!existsSync(args.input!)) {
  process.stderr.write(`prepare-cmrc: ${args.input} not found: give --input\n`);
  process.exit(2);
}
const files = cmrcAsCorpus(args.input!, args.out!);
process.stderr.write(`wrote ${files.corpus} and ${files.queries}\n`);
