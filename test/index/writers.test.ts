/**
 * One writer, many readers (docs/operations.md, "Several instances, one index"): the writer lock of an index
 * folder holds across processes; a killed writer's lock goes stale and a live writer's does not;
 * cleanup never removes a generation that is live, being written, or superseded within its grace
 * period; two `ingest` processes on one folder never both write.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { NewsEmbeddings } from "../../src/embed/news.js";
import { buildIndex } from "../../src/index/build.js";
import { currentGeneration, IndexBusyError, lockIndex, LOCK, removeStaleGenerations } from "../../src/index/generations.js";
import { NewsIndex } from "../../src/index/news-index.js";
import { PROJECT_ROOT } from "../../src/paths.js";
import { writeCorpus } from "../helpers/corpus.js";
import { tempDir } from "../helpers/tmp.js";

const embeddings = new NewsEmbeddings(); // what the spawned ingest uses by default
const chunking = { size: 220, overlap: 60 };
const range = (a: number, b: number) => Array.from({ length: b - a }, (_, i) => a + i);

function lockChild(args: string[], env: Record<string, string> = {}): ChildProcess {
  return spawn(process.execPath, ["--import", "tsx", join(PROJECT_ROOT, "test/helpers/lock-child.ts"), ...args], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
}

const exited = (p: ChildProcess): Promise<number | null> => new Promise((r) => (p.exitCode !== null ? r(p.exitCode) : p.on("close", (code) => r(code))));
const said = (p: ChildProcess, what: string): Promise<void> =>
  new Promise((resolve, reject) => {
    let out = "";
    p.stdout!.on("data", (d: Buffer) => {
      out += d.toString();
      if (out.includes(what)) resolve();
    });
    p.on("close", () => reject(new Error(`exited before saying ${what}`)));
  });

describe("the writer lock of an index folder", () => {
  it("two writer processes never hold it at once", async () => {
    const dir = tempDir("wnb-lock-");
    const logFile = join(dir, "log.txt");
    writeFileSync(logFile, "");
    const a = lockChild([join(dir, "idx"), logFile, "a", "6", "60"]);
    const b = lockChild([join(dir, "idx"), logFile, "b", "6", "60"]);
    expect(await Promise.all([exited(a), exited(b)])).toEqual([0, 0]);
    const lines = readFileSync(logFile, "utf8").trim().split("\n");
    expect(lines).toHaveLength(24);
    // every start is followed by the end of the same writer: no overlap
    for (let i = 0; i < lines.length; i += 2) {
      expect(lines[i]).toMatch(/^start [ab]$/);
      expect(lines[i + 1]).toBe(lines[i]!.replace("start", "end"));
    }
    expect(new Set(lines)).toEqual(new Set(["start a", "end a", "start b", "end b"]));
  }, 60_000);

  it("a live writer's lock is not taken over after the stale timeout; a killed writer's is", async () => {
    const dir = tempDir("wnb-lock-");
    const idx = join(dir, "idx");
    const holder = lockChild([idx, "-", "h", "0", "0"], { LOCK_STALE_MS: "2000" });
    try {
      await said(holder, "locked");
      // well past the stale timeout: the holder kept touching its lock
      await new Promise((r) => setTimeout(r, 3500));
      const busy = await lockIndex(idx, { staleMs: 2000 }).catch((e: Error) => e);
      expect(busy).toBeInstanceOf(IndexBusyError);
      expect((busy as Error).message.split("\n")).toHaveLength(1);
      expect((busy as Error).message).toMatch(/is writing the index .*wait for it to finish/);
    } finally {
      holder.kill("SIGKILL");
      await exited(holder);
    }
    // SIGKILL leaves the lock folder behind; it goes stale and is taken over
    expect(existsSync(join(idx, LOCK))).toBe(true);
    const t0 = Date.now();
    const lock = await lockIndex(idx, { staleMs: 2000, waitMs: 10_000 });
    expect(Date.now() - t0).toBeLessThan(6000);
    lock.assertHeld();
    await lock.release();
    expect(existsSync(join(idx, LOCK))).toBe(false);
  }, 60_000);

  it("a writer that stalled past the stale timeout and lost its lock publishes nothing", async () => {
    const idx = join(tempDir("wnb-lock-"), "idx");
    const stalled = lockChild([idx, "-", "s", "-1", "5000"], { LOCK_STALE_MS: "2000" });
    let out = "";
    stalled.stdout!.on("data", (d: Buffer) => (out += d.toString()));
    await said(stalled, "locked");
    const taker = await lockIndex(idx, { staleMs: 2000, waitMs: 4500 }); // stale while the writer is stalled: taken over
    expect(await exited(stalled)).toBe(0);
    expect(out).toMatch(/lost: lost the writer lock .*nothing was published/);
    taker.assertHeld();
    expect(existsSync(join(idx, LOCK))).toBe(true); // the stalled writer's release left the new holder's lock alone
    await taker.release();
  }, 30_000);

  it("in one process too, a second writer waits or fails", async () => {
    const idx = join(tempDir("wnb-lock-"), "idx");
    const first = await lockIndex(idx);
    await expect(lockIndex(idx)).rejects.toBeInstanceOf(IndexBusyError);
    const waiting = lockIndex(idx, { waitMs: 5000 });
    setTimeout(() => void first.release(), 300);
    const second = await waiting;
    second.assertHeld();
    await second.release();
  });
});

describe("cleanup of old generations", () => {
  const ago = (path: string, ms: number) => utimesSync(path, new Date(Date.now() - ms), new Date(Date.now() - ms));

  it("removes only generations superseded (or abandoned) longer than the grace period, never the live one", async () => {
    const dir = tempDir("wnb-clean-");
    const idx = join(dir, "idx");
    const file = join(dir, "news.jsonl");
    writeCorpus(file, range(0, 10));
    await buildIndex({ inputs: [file], indexDir: idx, embeddings, chunking });
    const first = (await currentGeneration(idx))!;
    ago(first, 3600_000); // built an hour ago, live until the next publish
    writeCorpus(file, range(0, 12));
    await buildIndex({ inputs: [file], indexDir: idx, embeddings, chunking, cleanup: { graceMs: 60_000 } });
    const second = (await currentGeneration(idx))!;
    // superseded just now: a reader that read CURRENT a moment ago may be loading it
    expect(existsSync(first)).toBe(true);
    // a generation another writer is writing (fresh, not yet live) and one a killed writer left long ago
    const writing = join(idx, "gen-writing");
    const abandoned = join(idx, "gen-abandoned");
    mkdirSync(writing);
    mkdirSync(abandoned);
    ago(abandoned, 3600_000);
    ago(second, 3600_000); // live: never removed, however old

    const lock = await lockIndex(idx);
    try {
      expect((await removeStaleGenerations(idx, lock, { graceMs: 60_000 })).sort()).toEqual(["gen-abandoned"]);
      ago(first, 120_000);
      expect(await removeStaleGenerations(idx, lock, { graceMs: 60_000 })).toEqual([first.split("/").pop()]);
    } finally {
      await lock.release();
    }
    expect(existsSync(second) && existsSync(writing)).toBe(true);
    expect((await NewsIndex.open(idx, embeddings)).documentCount).toBe(12);
  });

  it("a start-up or ingest while another writer holds the lock deletes nothing and writes nothing", async () => {
    const dir = tempDir("wnb-clean-");
    const idx = join(dir, "idx");
    const file = join(dir, "news.jsonl");
    writeCorpus(file, range(0, 10));
    await buildIndex({ inputs: [file], indexDir: idx, embeddings, chunking });
    const holder = lockChild([idx, "-", "h", "0", "0"]);
    try {
      await said(holder, "locked");
      const inProgress = join(idx, "gen-in-progress");
      mkdirSync(inProgress);
      ago(inProgress, 3600_000); // even an old-looking one: the writer holding the lock owns it
      writeCorpus(file, range(0, 11));
      const before = readdirSync(idx).sort();
      await expect(buildIndex({ inputs: [file], indexDir: idx, embeddings, chunking, cleanup: { graceMs: 0 } })).rejects.toBeInstanceOf(IndexBusyError);
      expect(readdirSync(idx).sort()).toEqual(before);
    } finally {
      holder.kill("SIGTERM");
      await exited(holder);
    }
    // SIGTERM released the lock (proper-lockfile removes it on exit)
    expect(existsSync(join(idx, LOCK))).toBe(false);
  }, 30_000);
});

describe("two ingest processes on one folder", () => {
  it("never both write: one waits or fails with the busy message, and the index stays whole", async () => {
    const dir = tempDir("wnb-ingest2-");
    const idx = join(dir, "idx");
    const a = join(dir, "a.jsonl");
    const b = join(dir, "b.jsonl");
    writeCorpus(a, range(0, 1500));
    writeCorpus(b, range(2000, 2600));
    const run = (input: string) =>
      new Promise<{ code: number | null; stderr: string }>((resolve) => {
        const p = spawn(process.execPath, ["--import", "tsx", join(PROJECT_ROOT, "src/cli/main.ts"), "ingest", "--input", input, "--index", idx, "--json"], {
          cwd: PROJECT_ROOT,
          env: { ...process.env, DOTENV_CONFIG_PATH: "/nonexistent", LOG_LEVEL: "error" },
          stdio: ["ignore", "pipe", "pipe"],
        });
        let stderr = "";
        p.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
        p.on("close", (code) => resolve({ code, stderr }));
      });
    const t0 = Date.now();
    const first = run(a);
    // the second starts once the first holds the lock
    while (!existsSync(join(idx, LOCK)) && Date.now() - t0 < 20_000) await new Promise((r) => setTimeout(r, 50));
    const second = await run(b);
    const one = await first;
    expect(one.code).toBe(0);
    const index = await NewsIndex.open(idx, embeddings); // every checksum verified
    if (second.code === 0) {
      expect(index.documentCount).toBe(2100); // it waited, or came after: both sets, written one after the other
    } else {
      const lines = second.stderr
        .trim()
        .split("\n")
        .filter((l) => l.startsWith("error:"));
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/^error: another process \(host .*\) is writing the index .*; wait for it to finish/);
      expect(index.documentCount).toBe(1500);
    }
    // the superseded generation of the first write, if any, stays for its grace period
    expect(readdirSync(idx).filter((n) => n.startsWith("gen-")).length).toBe(second.code === 0 ? 2 : 1);
  }, 120_000);
});
