/**
 * Reload time and memory during a switch of index generations (not part of the tests):
 *   node --expose-gc --import tsx scripts/reload-switch.ts [--index /tmp/crud-idx] [--input ../shared/corpora/crud-news.jsonl.gz]
 * Builds the index when the folder has none (the crud-news corpus: ~30 s), starts a serving process
 * (an Engine with its IndexReloader, as `npm start` has) that answers a stream of questions, then
 * ingests a small extra JSONL from another process (`npm run -s cli -- ingest`) and reports how long
 * the server took to load and switch to the new generation, its resident memory before, at the peak of
 * the switch (two indexes briefly in memory) and after, and the questions answered meanwhile.
 */
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { createInterface } from "node:readline";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { loadConfig } from "../src/config/env.js";
import { Engine } from "../src/engine/engine.js";
import { IndexReloader, type ReloadEvent } from "../src/engine/reload.js";
import { setLogLevel } from "../src/log.js";
import { PROJECT_ROOT } from "../src/paths.js";

const args = process.argv.slice(2);
const opt = (name: string, def: string): string => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1]! : def;
};
const indexDir = resolve(opt("index", "/tmp/crud-idx"));
const mb = (b: number) => Math.round(b / 2 ** 20);
const gc = (globalThis as { gc?: () => void }).gc;

async function serve(): Promise<void> {
  setLogLevel("warn");
  const cfg = loadConfig({ ...process.env, VECTOR_DIR: indexDir, LOG_LEVEL: "warn" }, { dotenv: false });
  const t0 = performance.now();
  const engine = await Engine.open(cfg);
  const openSeconds = (performance.now() - t0) / 1000;
  gc?.();
  const heapBefore = process.memoryUsage();
  const samples: Array<[number, number]> = [];
  const sampler = setInterval(() => samples.push([performance.now(), process.memoryUsage.rss()]), 10);
  const lag = monitorEventLoopDelay({ resolution: 10 });
  // a stream of questions all along: none may fail, and their latency shows what the switch costs them
  const questions = ["武进区有哪些新能源项目？", "高新区最近有什么新闻？", "湖塘镇有什么新变化？", "西太湖有什么新项目？"];
  let stop = false;
  const latencies: Array<[number, number]> = [];
  let failed = 0;
  const load = (async () => {
    for (let i = 0; !stop; i++) {
      const s = performance.now();
      try {
        await engine.ask(questions[i % questions.length]!);
      } catch {
        failed++;
      }
      latencies.push([s, performance.now() - s]);
      await new Promise((r) => setImmediate(r));
    }
  })();
  const reloader = new IndexReloader(engine, cfg, { intervalMs: 500 }).start();
  const done = new Promise<ReloadEvent>((r) => engine.events.on("reloaded", r));
  process.stdout.write(
    `${JSON.stringify({ ready: true, openSeconds, documents: engine.index.documentCount, rss_mb: mb(process.memoryUsage.rss()), maxrss_mb: Math.round(process.resourceUsage().maxRSS / 1024) })}\n`,
  );
  const maxRssBefore = process.resourceUsage().maxRSS;
  const event = await done;
  const end = performance.now();
  const start = end - event.seconds * 1000;
  lag.enable();
  await new Promise((r) => setTimeout(r, 3000)); // the old index is let go: what remains after the switch
  stop = true;
  await load;
  reloader.stop();
  clearInterval(sampler);
  const before = samples.filter(([t]) => t < start).at(-1)?.[1] ?? 0;
  const peak = Math.max(...samples.filter(([t]) => t >= start && t <= end + 3000).map(([, r]) => r));
  const after = samples.at(-1)![1];
  gc?.();
  await new Promise((r) => setTimeout(r, 200));
  gc?.();
  const heapAfter = process.memoryUsage();
  const during = latencies.filter(([t]) => t >= start - 1000 && t <= end);
  process.stdout.write(
    `${JSON.stringify({
      event,
      rss_before_mb: mb(before),
      rss_peak_mb: mb(peak),
      rss_3s_after_mb: mb(after),
      rss_after_gc_mb: mb(process.memoryUsage.rss()),
      // what V8 and Buffers hold (the rest of RSS is allocator pages not yet handed back to the system)
      heap_and_buffers_before_mb: mb(heapBefore.heapUsed + heapBefore.external),
      heap_and_buffers_after_gc_mb: mb(heapAfter.heapUsed + heapAfter.external),
      maxrss_before_mb: Math.round(maxRssBefore / 1024),
      maxrss_after_mb: Math.round(process.resourceUsage().maxRSS / 1024),
      questions_during_switch: during.length,
      slowest_question_during_switch_ms: Math.round(Math.max(0, ...during.map(([, l]) => l))),
      questions_total: latencies.length,
      failed,
    })}\n`,
  );
  process.exit(0);
}

function run(cmd: string, argv: string[]): Promise<number> {
  return new Promise((res, rej) => {
    const t0 = performance.now();
    const p = spawn(cmd, argv, { cwd: PROJECT_ROOT, stdio: ["ignore", "inherit", "inherit"], env: { ...process.env, LOG_LEVEL: "warn" } });
    p.on("close", (code) => (code === 0 ? res((performance.now() - t0) / 1000) : rej(new Error(`${cmd} ${argv.join(" ")} exited ${code}`))));
  });
}

async function orchestrate(): Promise<void> {
  if (!existsSync(join(indexDir, "CURRENT"))) {
    const input = resolve(opt("input", join(PROJECT_ROOT, "../shared/corpora/crud-news.jsonl.gz")));
    process.stderr.write(`building ${indexDir} from ${input}…\n`);
    await run("npm", ["run", "-s", "cli", "--", "ingest", "--input", input, "--index", indexDir]);
  }
  const server = spawn(process.execPath, ["--expose-gc", "--import", "tsx", join(PROJECT_ROOT, "scripts/reload-switch.ts"), "--serve", "--index", indexDir], {
    cwd: PROJECT_ROOT,
    stdio: ["ignore", "pipe", "inherit"],
  });
  const lines = createInterface({ input: server.stdout });
  const next = (): Promise<Record<string, unknown>> => new Promise((r) => lines.once("line", (l) => r(JSON.parse(l) as Record<string, unknown>)));
  const ready = await next();
  process.stdout.write(`server: ${JSON.stringify(ready)}\n`);
  const dir = mkdtempSync(join(tmpdir(), "wnb-extra-"));
  const stamp = Date.now().toString(36);
  writeFileSync(
    join(dir, `extra-${stamp}.jsonl`),
    [1, 2, 3]
      .map((i) =>
        JSON.stringify({
          id: `reload-${stamp}-${i}`,
          title: `测试：第${i}篇追加报道`,
          text: `这是为测量索引切换而追加的第${i}篇报道，编号${stamp}。`,
          date: "2024-12-01",
        }),
      )
      .join("\n") + "\n",
  );
  const ingestSeconds = await run("npm", ["run", "-s", "cli", "--", "ingest", "--input", dir, "--index", indexDir]);
  process.stdout.write(`ingest (another process): ${ingestSeconds.toFixed(2)} s\n`);
  const result = await next();
  process.stdout.write(`switch: ${JSON.stringify(result, null, 1)}\n`);
}

await (args.includes("--serve") ? serve() : orchestrate());
