/** A real redis-server on 127.0.0.1 and a random free port, for the session-store tests. */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { freePort, sleep } from "./harness.js";

export function redisServerPath(): string {
  const found = spawnSync("sh", ["-c", "command -v redis-server"], { encoding: "utf8" }).stdout.trim();
  if (!found) {
    throw new Error("redis-server is not installed, so the Redis session tests cannot run: install it (Debian: apt-get install -y redis-server; .ci/run does this) and re-run");
  }
  return found;
}

export class RedisServer {
  proc?: ChildProcess;
  private constructor(readonly bin: string, readonly port: number) {}

  static async start(): Promise<RedisServer> {
    const r = new RedisServer(redisServerPath(), await freePort());
    await r.up();
    return r;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  async up(): Promise<void> {
    const proc = spawn(this.bin, ["--port", String(this.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--protected-mode", "yes"], { stdio: ["ignore", "pipe", "pipe"] });
    this.proc = proc;
    let out = "";
    proc.stdout!.on("data", (d: Buffer) => (out += d.toString()));
    const deadline = Date.now() + 10_000;
    while (!/Ready to accept connections/i.test(out)) {
      if (proc.exitCode !== null) throw new Error(`redis-server exited (${proc.exitCode}): ${out}`);
      if (Date.now() > deadline) throw new Error(`redis-server did not start: ${out}`);
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
