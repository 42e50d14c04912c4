/**
 * Several serving processes on one index folder, a third one ingesting: each server notices the new
 * CURRENT within its reload interval, loads it in the background and switches to it, and no
 * question fails meanwhile (docs/operations.md, "Several instances, one index"). Two engines run in this process
 * with their reloaders, and one real `node --import tsx src/main.ts` (the terminal chat, no token)
 * answers from stdin; the ingest is `npm run -s cli -- ingest` in its own process.
 */
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { Engine } from "../../src/engine/engine.js";
import { updateFromSeeds } from "../../src/engine/ingest.js";
import { IndexReloader, type ReloadEvent } from "../../src/engine/reload.js";
import { currentGeneration } from "../../src/index/generations.js";
import { PROJECT_ROOT } from "../../src/paths.js";
import { testConfig } from "../helpers/config.js";
import { tempDir } from "../helpers/tmp.js";

const OLD_Q = "嘉泽镇花木节展出了多少个苗木品种？";
const NEW_Q = "牛塘镇氢能产业园首批入驻了多少家企业？";
const NEW_TITLE = "牛塘镇氢能产业园开园";
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The terminal chat of the production command, one question at a time (answers end with a blank line). */
class ChatProcess {
  private out = "";
  private readonly p: ChildProcessWithoutNullStreams;
  private queue: Promise<unknown> = Promise.resolve();
  stderr = "";

  constructor(env: Record<string, string>) {
    this.p = spawn(process.execPath, ["--import", "tsx", join(PROJECT_ROOT, "src/main.ts")], { cwd: PROJECT_ROOT, env: { ...process.env, ...env } });
    this.p.stdout.on("data", (d: Buffer) => (this.out += d.toString()));
    this.p.stderr.on("data", (d: Buffer) => (this.stderr += d.toString()));
  }

  /** Asks and waits for the whole answer block (`> question` … blank line), with its sources when it has them. */
  ask(q: string, timeoutMs = 60_000): Promise<string> {
    const run = async (): Promise<string> => {
      const from = this.out.length;
      this.p.stdin.write(`${q}\n`);
      const t0 = Date.now();
      for (;;) {
        const text = this.out.slice(from);
        const i = text.indexOf(`> ${q}\n`);
        let end = i >= 0 ? text.indexOf("\n\n", i) : -1;
        if (end >= 0 && text.startsWith("\n\n来源", end)) end = text.indexOf("\n\n", end + 2);
        if (end >= 0) return text.slice(i, end);
        if (this.p.exitCode !== null) throw new Error(`the chat exited: ${this.stderr}`);
        if (Date.now() - t0 > timeoutMs) throw new Error(`no answer to ${q} in ${timeoutMs} ms: ${this.stderr}`);
        await sleep(20);
      }
    };
    const next = this.queue.then(run, run);
    this.queue = next.catch(() => undefined);
    return next;
  }

  async stop(): Promise<void> {
    this.p.stdin.end();
    if (this.p.exitCode === null) await new Promise((r) => this.p.on("close", r));
  }
}

describe("serving instances switch to an index another process ingested", () => {
  it("two engines and a spawned server answer from the new page within the reload interval, with no failed answer meanwhile", async () => {
    const root = tempDir("wnb-reload-");
    const seeds = join(root, "seeds");
    cpSync(testConfig().SEEDS_DIR, seeds, { recursive: true });
    writeFileSync(
      join(seeds, "base.jsonl"),
      `${JSON.stringify({ id: "base-1", title: "嘉泽镇花木节开幕", text: "嘉泽镇第十届花木节昨日开幕，展出苗木品种320个，吸引游客5万人次。", date: "2024-11-20" })}\n`,
    );
    const idx = join(root, "vectors");
    const env = { SEEDS_DIR: seeds, VECTOR_DIR: idx, SEEDS_RESCAN_SECONDS: "0" };
    await updateFromSeeds(testConfig(env));

    const cfg = testConfig({ ...env, RELOAD_SECONDS: "1" });
    const engines = [await Engine.open(cfg), await Engine.open(cfg)];
    const events: ReloadEvent[] = [];
    for (const e of engines) e.events.on("reloaded", (ev) => events.push(ev));
    const reloaders = engines.map((e) => new IndexReloader(e, cfg, { intervalMs: 250 }).start());
    const chat = new ChatProcess({
      ...env,
      RELOAD_SECONDS: "1",
      TELEGRAM_BOT_TOKEN: "",
      DOTENV_CONFIG_PATH: join(root, "no.env"),
      LOG_LEVEL: "silent",
      HEALTH_PORT: "0",
    });
    try {
      for (const e of engines) expect((await e.ask(OLD_Q)).result.answer).toContain("320");
      expect(await chat.ask(OLD_Q)).toContain("320");
      const before = await currentGeneration(idx);

      // a load of questions on every server while the index changes under them
      const failures: string[] = [];
      let asked = 0;
      let stop = false;
      const firstNew = new Map<string, number>();
      const load = async (name: string, ask: (q: string) => Promise<string>): Promise<void> => {
        while (!stop) {
          for (const q of [OLD_Q, NEW_Q]) {
            try {
              const text = await ask(q);
              asked++;
              if (q === OLD_Q && !text.includes("320")) failures.push(`${name}: ${text}`);
              if (q === NEW_Q && text.includes("12家") && text.includes(NEW_TITLE) && !firstNew.has(name)) firstNew.set(name, Date.now());
            } catch (err) {
              failures.push(`${name}: ${(err as Error).message}`);
            }
          }
          await sleep(10);
        }
      };
      const engineAsk = (e: Engine) => async (q: string) => {
        const { result } = await e.ask(q);
        return `${result.answer}\n${result.sources.map((s) => s.title).join("\n")}`;
      };
      const loads = [load("engine-1", engineAsk(engines[0]!)), load("engine-2", engineAsk(engines[1]!)), load("process", (q) => chat.ask(q))];

      // the third process: an ingest of one new page into the same folder
      const extra = join(root, "extra");
      mkdirSync(extra);
      writeFileSync(
        join(extra, "2024-12-01.jsonl"),
        `${JSON.stringify({ id: "live-1", title: NEW_TITLE, text: "牛塘镇氢能产业园昨日开园，首批入驻企业12家，主要生产燃料电池电堆和储氢瓶。", date: "2024-12-01" })}\n`,
      );
      const ingested = await new Promise<number>((resolve, reject) => {
        const p = spawn("npm", ["run", "-s", "cli", "--", "ingest", "--input", extra, "--index", idx], {
          cwd: PROJECT_ROOT,
          env: { ...process.env, DOTENV_CONFIG_PATH: join(root, "no.env"), LOG_LEVEL: "silent" },
          stdio: ["ignore", "ignore", "pipe"],
        });
        let err = "";
        p.stderr.on("data", (d: Buffer) => (err += d.toString()));
        p.on("close", (code) => (code === 0 ? resolve(Date.now()) : reject(new Error(`ingest exited ${code}: ${err}`))));
      });
      expect(await currentGeneration(idx)).not.toBe(before);

      // every server answers from the new page within its reload interval (plus the load itself)
      const deadline = ingested + 15_000;
      while (firstNew.size < 3 && Date.now() < deadline) await sleep(50);
      // and keeps answering afterwards
      await sleep(500);
      stop = true;
      await Promise.all(loads);
      expect(failures).toEqual([]);
      expect([...firstNew.keys()].sort()).toEqual(["engine-1", "engine-2", "process"]);
      // the reload interval, plus loading the generation and a question in flight (with room for a busy CI machine)
      for (const name of ["engine-1", "engine-2"]) expect(firstNew.get(name)! - ingested).toBeLessThan(250 + 4000);
      expect(firstNew.get("process")! - ingested).toBeLessThan(1000 + 6000);
      expect(asked).toBeGreaterThan(20);
      expect(events.filter((e) => e.outcome === "reloaded")).toHaveLength(2);
      expect(events[0]!.seconds).toBeGreaterThan(0);
      for (const e of engines) expect(e.index.generation).toBe(await currentGeneration(idx));
    } finally {
      for (const r of reloaders) r.stop();
      await chat.stop();
    }
  }, 120_000);
});

describe("instances starting on one shared index folder", () => {
  const lockChild = (dir: string) =>
    spawn(process.execPath, ["--import", "tsx", join(PROJECT_ROOT, "test/helpers/lock-child.ts"), dir, "-", "h", "0", "0"], {
      cwd: PROJECT_ROOT,
      stdio: ["ignore", "pipe", "ignore"],
    });

  it("several starting on an empty folder: one builds, the others wait for it, all answer", async () => {
    const root = tempDir("wnb-start-");
    const seeds = join(root, "seeds");
    cpSync(testConfig().SEEDS_DIR, seeds, { recursive: true });
    writeFileSync(
      join(seeds, "base.jsonl"),
      `${JSON.stringify({ id: "base-1", title: "嘉泽镇花木节开幕", text: "嘉泽镇第十届花木节昨日开幕，展出苗木品种320个，吸引游客5万人次。", date: "2024-11-20" })}\n`,
    );
    const env = {
      SEEDS_DIR: seeds,
      VECTOR_DIR: join(root, "vectors"),
      SEEDS_RESCAN_SECONDS: "0",
      TELEGRAM_BOT_TOKEN: "",
      DOTENV_CONFIG_PATH: join(root, "no.env"),
      LOG_LEVEL: "silent",
      HEALTH_PORT: "0",
    };
    const chats = [new ChatProcess(env), new ChatProcess(env), new ChatProcess(env)];
    try {
      for (const answer of await Promise.all(chats.map((c) => c.ask(OLD_Q)))) expect(answer).toContain("320");
      expect(readdirSync(join(root, "vectors")).filter((n) => n.startsWith("gen-"))).toHaveLength(1); // built once
    } finally {
      await Promise.all(chats.map((c) => c.stop()));
    }
  }, 90_000);

  it("one starting while another process writes the index serves the live index instead of failing", async () => {
    const root = tempDir("wnb-start-");
    const seeds = join(root, "seeds");
    cpSync(testConfig().SEEDS_DIR, seeds, { recursive: true });
    const idx = join(root, "vectors");
    await updateFromSeeds(testConfig({ SEEDS_DIR: seeds, VECTOR_DIR: idx }));
    // a page the start-up would take in, but another writer holds the lock
    writeFileSync(
      join(seeds, "base.jsonl"),
      `${JSON.stringify({ id: "base-1", title: "嘉泽镇花木节开幕", text: "嘉泽镇第十届花木节昨日开幕，展出苗木品种320个，吸引游客5万人次。", date: "2024-11-20" })}\n`,
    );
    const holder = lockChild(idx);
    await new Promise<void>((r) => holder.stdout.on("data", () => r()));
    const before = readdirSync(idx).sort();
    const chat = new ChatProcess({
      SEEDS_DIR: seeds,
      VECTOR_DIR: idx,
      SEEDS_RESCAN_SECONDS: "0",
      TELEGRAM_BOT_TOKEN: "",
      DOTENV_CONFIG_PATH: join(root, "no.env"),
      LOG_LEVEL: "silent",
      HEALTH_PORT: "0",
    });
    try {
      const answer = await chat.ask(OLD_Q);
      expect(answer).not.toContain("320"); // the live index, without the page it could not write
      expect(readdirSync(idx).sort()).toEqual(before); // nothing written, nothing removed
    } finally {
      holder.kill("SIGKILL");
      await chat.stop();
    }
    expect(existsSync(idx)).toBe(true);
  }, 60_000);
});
