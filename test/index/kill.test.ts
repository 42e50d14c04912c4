import { spawn } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { NewsEmbeddings } from "../../src/embed/news.js";
import { buildIndex } from "../../src/index/build.js";
import { NewsIndex } from "../../src/index/news-index.js";
import { PROJECT_ROOT } from "../../src/paths.js";
import { writeCorpus } from "../helpers/corpus.js";
import { tempDir } from "../helpers/tmp.js";

const embeddings = new NewsEmbeddings(); // what the spawned ingest uses by default
const range = (a: number, b: number) => Array.from({ length: b - a }, (_, i) => a + i);

/** Starts an ingest in a child process and SIGKILLs it when `when` says so (or it ends by itself). */
function ingestAndKill(indexDir: string, input: string, when: { afterMs?: number; onStderr?: RegExp }): Promise<"killed" | "finished"> {
  return new Promise((resolve, reject) => {
    // node itself (not the tsx wrapper, which would leave its child running when killed)
    const p = spawn(process.execPath, ["--import", "tsx", join(PROJECT_ROOT, "src/bench/ingest-child.ts"), indexDir, "--batch", "32", input], {
      cwd: PROJECT_ROOT,
      // a killed writer's lock goes stale after 2 s (the shortest proper-lockfile allows); the next waits for it
      env: { ...process.env, BENCH_PROGRESS: "1", LOG_LEVEL: "error", BENCH_LOCK_STALE_MS: "2000", BENCH_LOCK_WAIT_MS: "15000", BENCH_GRACE_MS: "0" },
      stdio: ["ignore", "ignore", "pipe"],
    });
    let killed = false;
    const kill = () => {
      if (!killed && p.exitCode === null) {
        killed = true;
        p.kill("SIGKILL");
      }
    };
    if (when.afterMs !== undefined) setTimeout(kill, when.afterMs);
    p.stderr.on("data", (d: Buffer) => {
      if (when.onStderr?.test(d.toString())) kill();
    });
    p.on("error", reject);
    p.on("close", (code, signal) => resolve(signal === "SIGKILL" ? "killed" : code === 0 ? "finished" : (reject(new Error(`ingest exited ${code}`)) as never)));
  });
}

describe("an ingest killed at any moment leaves the previous index loadable and complete", () => {
  it("survives SIGKILL while reading, analysing and writing, and the next ingest recovers", async () => {
    const dir = tempDir("wnb-kill-");
    const idx = join(dir, "index");
    const small = join(dir, "small.jsonl");
    const big = join(dir, "big.jsonl");
    writeCorpus(small, range(0, 30));
    writeCorpus(big, range(0, 1200));
    await buildIndex({ inputs: [small], indexDir: idx, embeddings, chunking: { size: 220, overlap: 60 } });

    const moments = [{ afterMs: 300 }, { onStderr: /docs \d+% read/ }, { onStderr: /write/ }];
    let killedCount = 0;
    for (const when of moments) {
      const outcome = await ingestAndKill(idx, big, when);
      if (outcome === "killed") killedCount++;
      const index = await NewsIndex.open(idx, embeddings); // verifies every checksum
      // either the old index, whole, or (if the kill came after publishing) the new one, whole
      expect([30, 1200]).toContain(index.documentCount);
      expect(index.bm25.size).toBe(index.chunkCount);
      expect(index.manifest.counts.documents).toBe(index.documentCount);
    }
    expect(killedCount).toBeGreaterThanOrEqual(2);

    // the next ingest takes over the dead process's lock and completes
    expect(await ingestAndKill(idx, big, {})).toBe("finished");
    const index = await NewsIndex.open(idx, embeddings);
    expect(index.documentCount).toBe(1200);
    expect(readdirSync(idx).filter((n) => n.startsWith("gen-"))).toHaveLength(1);
    expect(existsSync(join(idx, "WRITER.lock"))).toBe(false);
  }, 120_000);
});
