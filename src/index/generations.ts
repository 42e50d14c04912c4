/**
 * Atomic index directories. An index folder (`vectors/`) holds generation folders `gen-*` and a
 * `CURRENT` file naming the live one. A build writes a complete new generation, fsyncs it, then
 * replaces `CURRENT` by rename, which is atomic: a build killed at any moment leaves the previous
 * generation live and loadable. Unreferenced generations are removed by the next build.
 */
import { randomBytes } from "node:crypto";
import { closeSync, fsyncSync, openSync } from "node:fs";
import { mkdir, readdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";

const CURRENT = "CURRENT";
const LOCK = "BUILD.lock";

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

function fsyncPath(path: string): void {
  const fd = openSync(path, "r");
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

export class IndexBusyError extends Error {}

/** Takes the build lock of an index folder; a stale lock (its process gone) is taken over. */
export async function lockIndex(indexDir: string): Promise<() => Promise<void>> {
  await mkdir(indexDir, { recursive: true });
  const lockPath = join(indexDir, LOCK);
  try {
    await writeFile(lockPath, String(process.pid), { flag: "wx" });
  } catch {
    const pid = Number((await readFile(lockPath, "utf8").catch(() => "")).trim());
    let alive = false;
    if (pid > 0 && pid !== process.pid) {
      try {
        process.kill(pid, 0);
        alive = true;
      } catch {
        alive = false;
      }
    }
    if (alive) throw new IndexBusyError(`another ingest (pid ${pid}) is writing ${indexDir}; wait for it to finish`);
    await writeFile(lockPath, String(process.pid));
  }
  return async () => {
    await rm(lockPath, { force: true });
  };
}

/** A fresh, empty generation folder (not yet live). */
export async function newGeneration(indexDir: string): Promise<string> {
  const name = `gen-${Date.now().toString(36)}-${randomBytes(3).toString("hex")}`;
  const dir = join(indexDir, name);
  await mkdir(dir, { recursive: true });
  return dir;
}

/** Makes a fully written generation live, atomically, and removes the generations no longer referenced. */
export async function publishGeneration(indexDir: string, genDir: string, files: string[]): Promise<void> {
  for (const f of files) fsyncPath(join(genDir, f));
  fsyncPath(genDir);
  const tmp = join(indexDir, `${CURRENT}.tmp-${process.pid}`);
  await writeFile(tmp, `${genDir.split(/[\\/]/).pop()}\n`);
  fsyncPath(tmp);
  await rename(tmp, join(indexDir, CURRENT));
  fsyncPath(indexDir);
  await removeStaleGenerations(indexDir);
}

/** Removes generation folders and temp files that `CURRENT` does not name (left by old or killed builds). */
export async function removeStaleGenerations(indexDir: string): Promise<void> {
  const live = await currentGeneration(indexDir);
  const liveName = live?.split(/[\\/]/).pop();
  for (const e of await readdir(indexDir, { withFileTypes: true }).catch(() => [])) {
    const stale = (e.name.startsWith("gen-") && e.name !== liveName) || e.name.startsWith(`${CURRENT}.tmp-`);
    if (stale) await rm(join(indexDir, e.name), { recursive: true, force: true });
  }
}
