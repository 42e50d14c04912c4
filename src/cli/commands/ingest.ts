import type { Command } from "commander";
import cliProgress from "cli-progress";
import { chunkingFromConfig, ingest } from "../../engine/ingest.js";
import { describeRecognised, recognisedJson } from "../../ingest/recognised.js";
import { config, indexDir, printJson } from "../context.js";

export function registerIngest(program: Command): void {
  program
    .command("ingest")
    .description("build or update the index from newspaper pages (.txt) and JSON Lines (.jsonl, .jsonl.gz)")
    .option("--input <path>", "a file or folder to read (repeatable; default: seeds/)", (v: string, acc: string[]) => [...acc, v], [])
    .option("--index <dir>", "index folder (default: vectors/ or VECTOR_DIR)")
    .option("--prune", "remove documents that are no longer in the inputs")
    .option("--rebuild", "ignore the existing index and build from scratch")
    .option("--json", "print the summary as one JSON line")
    .action(async (opts: { input: string[]; index?: string; prune?: boolean; rebuild?: boolean; json?: boolean }) => {
      const cfg = config();
      const bar = new cliProgress.SingleBar(
        {
          format: "ingest |{bar}| {percentage}% · {documents} articles · {chunks} chunks · {rate} articles/s · ETA {eta_formatted} · {phase}",
          stream: process.stderr,
          hideCursor: true,
          etaBuffer: 50,
        },
        cliProgress.Presets.shades_classic,
      );
      const started = performance.now();
      let barStarted = false;
      const summary = await ingest(cfg, {
        inputs: opts.input.length ? opts.input : [cfg.SEEDS_DIR],
        indexDir: indexDir(opts.index),
        chunking: chunkingFromConfig(cfg),
        prune: opts.prune ?? false,
        rebuild: opts.rebuild ?? false,
        requireArticles: true,
        onProgress: (p) => {
          const rate = Math.round(p.documents / Math.max(0.001, (performance.now() - started) / 1000));
          const payload = { documents: p.documents, chunks: p.chunks, rate, phase: p.phase };
          if (!barStarted) {
            bar.start(1000, 0, payload);
            barStarted = true;
          }
          bar.update(Math.round(p.fraction * 1000), payload);
        },
      });
      if (barStarted) bar.stop();
      for (const s of summary.input.skipped.slice(0, 20)) process.stderr.write(`skipped ${s.file}:${s.line}: ${s.reason}\n`);
      if (summary.input.skipped.length > 20) process.stderr.write(`… and ${summary.input.skipped.length - 20} more skipped lines\n`);
      if (summary.input.duplicates.length)
        process.stderr.write(`ignored ${summary.input.duplicates.length} duplicate document id(s), e.g. ${summary.input.duplicates[0]}\n`);
      for (const f of summary.input.emptyPages) process.stderr.write(`no articles recognised in ${f}\n`);
      for (const f of summary.input.emptyFiles) process.stderr.write(`empty input (no articles): ${f}\n`);
      for (const b of summary.input.badFiles) process.stderr.write(`skipped file: ${b.reason}\n`);
      for (const p of summary.input.partialFiles) process.stderr.write(`read only in part: ${p.file} (${p.reason})\n`);
      if (summary.keptUnread)
        process.stderr.write(
          `--prune kept ${summary.keptUnread} document(s) of input files that could not be read completely; fix those files and run again to prune them\n`,
        );
      // what the pages and documents held, and what could not be told (docs/pages.md)
      for (const line of describeRecognised(summary.input.recognised)) process.stderr.write(`${line}\n`);
      const out = {
        documents: summary.documents,
        chunks: summary.chunks,
        added: summary.added + summary.changed,
        unchanged: summary.unchanged,
        removed: summary.removed,
        seconds: Number(summary.seconds.toFixed(3)),
        changed: summary.changed,
        skipped: summary.input.skipped.length,
        duplicates: summary.input.duplicates.length,
        bad_files: summary.input.badFiles.length,
        partial_files: summary.input.partialFiles.length,
        kept_unread: summary.keptUnread,
        recognised: recognisedJson(summary.input.recognised),
      };
      if (opts.json) printJson(out);
      else
        process.stdout.write(
          `Indexed ${out.documents} documents in ${out.chunks} chunks (${out.added} added or changed, ${out.unchanged} unchanged, ${out.removed} removed) in ${out.seconds.toFixed(2)} s → ${indexDir(opts.index)}\n`,
        );
    });
}
