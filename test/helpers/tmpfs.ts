/**
 * A real small file system for the disk-full tests: a size-limited tmpfs, mounted on a temporary
 * folder. Mounting needs root (CI runs as root). Elsewhere the tests that need it are skipped with
 * one line saying why; under CI=true a missing capability is a failure, not a skip.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { tempDir } from "./tmp.js";

/** Why a tmpfs cannot be mounted here (undefined: it can). */
function tmpfsUnavailable(): string | undefined {
  if (process.platform !== "linux") return "mounting a tmpfs needs Linux";
  if (process.getuid?.() !== 0) return "mounting a size-limited tmpfs needs root (CI runs as root; run the tests as root to include them)";
  return undefined;
}

/** True when the tests should run; prints one line and returns false when they are skipped. Under CI=true it never skips. */
export function tmpfsTestsRun(what: string): boolean {
  const why = tmpfsUnavailable();
  if (!why) return true;
  if (process.env.CI === "true") return true; // the mount fails and says why: CI must not skip
  process.stderr.write(`skipping ${what}: ${why}\n`);
  return false;
}

function run(cmd: string, args: string[]): void {
  const r = spawnSync(cmd, args, { encoding: "utf8" });
  if (r.status !== 0)
    throw new Error(
      `${cmd} ${args.join(" ")} failed (${r.stderr.trim() || r.error?.message || `exit ${r.status}`}); the disk-full tests need a size-limited tmpfs, which needs root`,
    );
}

export interface Tmpfs {
  dir: string;
  /** Changes its size (bytes); what it holds stays. */
  resize(bytes: number): void;
  unmount(): void;
}

/** Mounts a tmpfs of `bytes` on a fresh temporary folder. */
export function mountTmpfs(bytes: number, prefix = "wnb-tmpfs-"): Tmpfs {
  const dir = join(tempDir(prefix), "fs");
  mkdirSync(dir);
  run("mount", ["-t", "tmpfs", "-o", `size=${bytes}`, "tmpfs", dir]);
  let mounted = true;
  return {
    dir,
    resize: (b) => run("mount", ["-o", `remount,size=${b}`, dir]),
    unmount: () => {
      if (mounted) run("umount", ["-l", dir]);
      mounted = false;
    },
  };
}
