/** A real redis-server on 127.0.0.1 and a random free port, for the session-store tests. */
import { spawn, type ChildProcess } from "node:child_process";
import { findExecutable } from "../helpers/needs.js";
import { freePort, sleep } from "./harness.js";

const INSTALL = "install it (Debian: apt-get install -y redis-server; .ci/run does this) and re-run";

/** Why the Redis tests cannot run here (redis-server is not on PATH), or undefined when they can. */
export function redisMissing(): string | undefined {
  return findExecutable("redis-server") ? undefined : `redis-server is not installed (no executable redis-server on PATH): ${INSTALL}`;
}

function redisServerPath(): string {
  const found = findExecutable("redis-server");
  if (!found) throw new Error(redisMissing());
  return found;
}

export class RedisServer {
  proc?: ChildProcess;
  private constructor(
    readonly bin: string,
    readonly port: number,
  ) {}

  static async start(): Promise<RedisServer> {
    const r = new RedisServer(redisServerPath(), await freePort());
    await r.up();
    return r;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  async up(): Promise<void> {
    const proc = spawn(this.bin, ["--port", String(this.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--protected-mode", "yes"], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    this.proc = proc;
    let out = "";
    // A process that could not be started at all (not executable, out of processes…) says why here.
    let failed: Error | undefined;
    proc.once("error", (err) => (failed = err));
    proc.stdout!.on("data", (d: Buffer) => (out += d.toString()));
    proc.stderr!.on("data", (d: Buffer) => (out += d.toString()));
    const deadline = Date.now() + 10_000;
    while (!/Ready to accept connections/i.test(out)) {
      if (failed) throw new Error(`could not start ${this.bin}: ${failed.message}`);
      if (proc.exitCode !== null) throw new Error(`${this.bin} exited with code ${proc.exitCode} before it was ready: ${out.trim() || "(no output)"}`);
      if (Date.now() > deadline) throw new Error(`${this.bin} did not say it was ready within 10 s: ${out.trim() || "(no output)"}`);
      await sleep(20);
    }
  }

  async down(): Promise<void> {
    const p = this.proc;
    if (!p || p.exitCode !== null) return;
    const exited = new Promise((r) => p.once("exit", r));
    p.kill("SIGKILL");
    await exited;
  }
}
