/**
 * Atomic index directories. An index folder (`vectors/`) holds generation folders `gen-*` and a
 * `CURRENT` file naming the live one. A build writes a complete new generation, fsyncs it, then
 * replaces `CURRENT` by rename, which is atomic: a build killed at any moment leaves the previous
 * generation live and loadable. One writer at a time holds the folder's writer lock (lockIndex);
 * generations no longer live are removed by a later writer once their grace period has passed
 * (removeStaleGenerations), never while a reader may still be loading them.
 */
import { randomBytes } from "node:crypto";
import { closeSync, fsyncSync, openSync } from "node:fs";
import { mkdir, readdir, readFile, rename, rm, stat, statfs, utimes, writeFile } from "node:fs/promises";
import { hostname } from "node:os";
import { join } from "node:path";
import lockfile from "proper-lockfile";
import { log } from "../log.js";
import { IndexError } from "./errors.js";

const CURRENT = "CURRENT";

/** The live generation folder of an index, or undefined when none was ever completed. */
export async function currentGeneration(indexDir: string): Promise<string | undefined> {
  let name: string;
  try {
    name = (await readFile(join(indexDir, CURRENT), "utf8")).trim();
  } catch {
    return undefined;
  }
  if (!/^gen-[\w-]+$/.test(name)) return undefined;
  return join(indexDir, name);
}

/**
 * Stops with a fix a reader can follow when the index path is a file (`--index news.jsonl`): the
 * command that builds a missing index cannot make a folder there.
 */
export async function assertIndexFolder(indexDir: string): Promise<void> {
  const st = await stat(indexDir).catch(() => undefined);
  if (st && !st.isDirectory()) {
    throw new IndexError(
      `${indexDir} is a file, not an index folder`,
      "pass --index the folder an ingest wrote (npm run -s cli -- ingest --index FOLDER makes one; the default is VECTOR_DIR, vectors/)",
    );
  }
}

function fsyncPath(path: string): void {
  const fd = openSync(path, "r");
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

export class IndexBusyError extends Error {}

/** The writer lock of an index folder: a directory (mkdir is atomic, also on shared volumes), see lockIndex. */
export const LOCK = "WRITER.lock";
/** Who holds the lock (host, pid, since when), for the busy message only; never trusted for staleness. */
const OWNER = "WRITER.owner";

export interface LockOptions {
  /**
   * A lock whose folder was not touched for this long is stale (its writer crashed or was killed)
   * and is taken over. The holder touches it every `staleMs / 6`, so a live writer's lock goes stale
   * only when its event loop stalls for the whole of it.
   */
  staleMs?: number;
  /** How long to wait for a live writer to finish before giving up with IndexBusyError (0: at once). */
  waitMs?: number;
}

/** Default stale timeout of the writer lock: see README "Several instances, one index". */
const LOCK_STALE_MS = 30_000;

export interface IndexLock {
  /** Throws when the lock was lost (its folder removed, or taken over after a stall): nothing may be published. */
  assertHeld(): void;
  release(): Promise<void>;
}

/**
 * Takes the writer lock of an index folder, one writer across processes, containers and hosts that
 * share the folder (proper-lockfile: a lock folder made with mkdir and kept fresh by touching it).
 * A lock not touched for `staleMs` is taken over; a live one makes this wait up to `waitMs` and then
 * throw IndexBusyError. The lock is released on release() and when the process exits (also on
 * SIGINT/SIGTERM); after SIGKILL or a crash it goes stale.
 */
export async function lockIndex(indexDir: string, opts: LockOptions = {}): Promise<IndexLock> {
  const staleMs = opts.staleMs ?? LOCK_STALE_MS;
  await assertIndexFolder(indexDir);
  await mkdir(indexDir, { recursive: true });
  const lockPath = join(indexDir, LOCK);
  let lost: Error | undefined;
  const options = {
    lockfilePath: lockPath,
    realpath: false,
    stale: staleMs,
    update: Math.max(1000, Math.floor(staleMs / 6)),
    onCompromised: (err: Error) => {
      lost = err;
      log.warn({ err: err.message, dir: indexDir }, "the index writer lock was lost; this write will not be published");
    },
  };
  const deadline = Date.now() + (opts.waitMs ?? 0);
  let release: () => Promise<void>;
  for (;;) {
    try {
      release = await lockfile.lock(indexDir, options);
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "ELOCKED") throw err;
      if (Date.now() >= deadline) throw new IndexBusyError(await busyMessage(indexDir, staleMs));
      await new Promise((r) => setTimeout(r, Math.min(500, Math.max(50, deadline - Date.now()))));
    }
  }
  await writeFile(join(indexDir, OWNER), JSON.stringify({ host: hostname(), pid: process.pid, since: new Date().toISOString() })).catch(() => undefined);
  // the pid file of earlier versions, left by a killed build: it locks nothing any more
  await rm(join(indexDir, "BUILD.lock"), { force: true }).catch(() => undefined);
  return {
    assertHeld: () => {
      if (lost) throw new IndexBusyError(`lost the writer lock of ${indexDir} (${lost.message}); nothing was published, run the ingest again`);
    },
    release: async () => {
      if (lost) return;
      await rm(join(indexDir, OWNER), { force: true });
      await release().catch(() => undefined);
    },
  };
}

async function busyMessage(indexDir: string, staleMs: number): Promise<string> {
  let who = "another process";
  try {
    const o = JSON.parse(await readFile(join(indexDir, OWNER), "utf8")) as { host?: string; pid?: number; since?: string };
    who = `another process (host ${o.host}, pid ${o.pid}, since ${o.since})`;
  } catch {
    // the owner note is only informative
  }
  return `${who} is writing the index ${indexDir}; wait for it to finish (a lock left by a crashed writer is taken over ${Math.round(staleMs / 1000)} s after its last update)`;
}

/** A fresh, empty generation folder (not yet live). */
export async function newGeneration(indexDir: string): Promise<string> {
  const name = `gen-${Date.now().toString(36)}-${randomBytes(3).toString("hex")}`;
  const dir = join(indexDir, name);
  await mkdir(dir, { recursive: true });
  return dir;
}

/**
 * How long a generation that is no longer live (or was never published: a crashed writer's) is
 * kept: a process that read `CURRENT` just before a switch may still be loading it. Its age counts
 * from when it was superseded (publishing touches it) or last written.
 */
const GENERATION_GRACE_MS = 10 * 60_000;

export interface CleanupOptions {
  /** See GENERATION_GRACE_MS. */
  graceMs?: number;
}

/**
 * Makes a fully written generation live, atomically, and removes the generations superseded long
 * enough ago. Only the holder of the writer lock publishes, and only while it still holds it.
 */
export async function publishGeneration(indexDir: string, genDir: string, files: string[], lock: IndexLock, opts: CleanupOptions = {}): Promise<void> {
  for (const f of files) fsyncPath(join(genDir, f));
  fsyncPath(genDir);
  const tmp = join(indexDir, `${CURRENT}.tmp-${process.pid}-${randomBytes(3).toString("hex")}`);
  try {
    await writeFile(tmp, `${genDir.split(/[\\/]/).pop()}\n`);
    fsyncPath(tmp);
  } catch (err) {
    await rm(tmp, { force: true }).catch(() => undefined);
    throw err;
  }
  // the live generation's grace period starts now: a reader may have just read CURRENT naming it
  const previous = await currentGeneration(indexDir);
  if (previous) await utimes(previous, new Date(), new Date()).catch(() => undefined);
  lock.assertHeld();
  await rename(tmp, join(indexDir, CURRENT));
  fsyncPath(indexDir);
  await removeStaleGenerations(indexDir, lock, opts);
}

/** A write failed for want of space (ENOSPC, or a quota: EDQUOT). */
export const isNoSpace = (err: unknown): boolean => ["ENOSPC", "EDQUOT"].includes((err as NodeJS.ErrnoException)?.code ?? "");

/** Bytes free to this process on the file system that holds `dir` (undefined when it cannot be told). */
export async function freeBytes(dir: string): Promise<number | undefined> {
  try {
    const st = await statfs(dir);
    return st.bavail * st.bsize;
  } catch {
    return undefined;
  }
}

/** The disk holding an index folder is too full for the new generation: says how much it needs and how much is free. */
export class IndexSpaceError extends Error {
  readonly code = "ENOSPC";
}

const mb = (bytes: number): string => (bytes / 1e6 < 10 ? (bytes / 1e6).toFixed(1) : Math.ceil(bytes / 1e6).toString());

/** The error for a generation that did not fit: `needed` is the estimate of what it takes, `free` what is free now. */
export function noSpaceError(indexDir: string, needed: number, free: number | undefined): IndexSpaceError {
  const have = free === undefined ? "" : `, and ${mb(free)} MB are free`;
  const need =
    free !== undefined && needed <= free ? `more than the ${mb(free)} MB that are free (about ${mb(needed)} MB by estimate)` : `about ${mb(needed)} MB${have}`;
  return new IndexSpaceError(
    `not enough space (ENOSPC) on the disk of ${indexDir} for the new index generation: it needs ${need}; the partial generation was removed and the live index is unchanged; free some space there, or put the index on a larger disk (VECTOR_DIR or --index), and run the ingest again`,
  );
}

/**
 * Removes a generation folder whose write or publish failed (its space is given back at once, not
 * after the grace period), unless `CURRENT` names it after all.
 */
export async function discardGeneration(indexDir: string, genDir: string): Promise<boolean> {
  const live = await currentGeneration(indexDir);
  if (live && live.split(/[\\/]/).pop() === genDir.split(/[\\/]/).pop()) return false;
  await rm(genDir, { recursive: true, force: true });
  return true;
}

/**
 * Removes what `CURRENT` does not name and nobody may still need: generation folders untouched for
 * the grace period (superseded, or left by a killed build), and temp files of `CURRENT`. Only the
 * holder of the writer lock cleans up, so a generation another writer is writing is never touched,
 * and one that a reader may be loading is kept for the grace period.
 */
export async function removeStaleGenerations(indexDir: string, lock: IndexLock, { graceMs = GENERATION_GRACE_MS }: CleanupOptions = {}): Promise<string[]> {
  lock.assertHeld();
  const live = await currentGeneration(indexDir);
  const liveName = live?.split(/[\\/]/).pop();
  const removed: string[] = [];
  const now = Date.now();
  for (const e of await readdir(indexDir, { withFileTypes: true }).catch(() => [])) {
    let stale = e.name.startsWith(`${CURRENT}.tmp-`);
    if (e.name.startsWith("gen-") && e.name !== liveName) {
      const st = await stat(join(indexDir, e.name)).catch(() => undefined);
      stale = st !== undefined && (graceMs <= 0 || now - st.mtimeMs > graceMs);
    }
    if (stale) {
      lock.assertHeld();
      await rm(join(indexDir, e.name), { recursive: true, force: true });
      removed.push(e.name);
    }
  }
  return removed;
}
