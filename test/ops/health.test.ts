/**
 * The operator's view (issue 14 items 3 and 5): /healthz, /readyz following Redis down and back,
 * /metrics counting a question answered and one refused with no ids or text in its labels, and one
 * JSON log line per update with its id, chat type, outcome and timings.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Config } from "../../src/config/env.js";
import { startBot, type RunningBot } from "../../src/bot/run.js";
import { setLogLevel } from "../../src/log.js";
import { metricsText } from "../../src/ops/metrics.js";
import { startHealthServer } from "../../src/ops/health.js";
import { tempDir } from "../helpers/tmp.js";
import { BOT_INFO, captureStderr, commandUpdate, FakeApi, fakeBot, seedEngine, textUpdate } from "../bot/fake.js";
import { Emulator, freePort, sleep } from "../bot/harness.js";
import { redisMissing, RedisServer } from "../bot/redis.js";
import { skipWhenMissing } from "../helpers/needs.js";
import { Engine } from "../../src/engine/engine.js";
import { SeedRefresher } from "../../src/engine/refresh.js";
import { startFakeOpenAI } from "../helpers/fake-openai.js";
import { NewsEmbeddings } from "../../src/embed/news.js";
import { NewsIndex } from "../../src/index/news-index.js";
import { HybridRetriever } from "../../src/retrieve/hybrid.js";

/** Offline embeddings whose query side is down (an embeddings endpoint that fails). */
class DownEmbeddings extends NewsEmbeddings {
  override async embedQuery(): Promise<number[]> {
    throw new Error("embeddings endpoint down");
  }
  override embedWeighted(): number[] {
    throw new Error("embeddings down");
  }
}

const ANSWERED = "西太湖有什么生物医药项目？";
const REFUSED = "火星上的殖民地什么时候建成？";
const USER = 7_345_678_901;

let engine: Engine;
let cfg: Config;

beforeAll(async () => {
  ({ engine, cfg } = await seedEngine(tempDir("wnb-ops-")));
  setLogLevel("silent");
});
afterAll(() => setLogLevel("silent"));

/** The value of one sample in the Prometheus text (0 when absent). */
function sample(text: string, name: string, labels: Record<string, string> = {}): number {
  const want = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  for (const line of text.split("\n")) {
    if (line.startsWith("#")) continue;
    const m = /^([a-zA-Z_:][\w:]*)(\{([^}]*)\})? (\S+)$/u.exec(line);
    if (!m || m[1] !== name) continue;
    const have = (m[3] ?? "").split(",").filter(Boolean);
    if (want.every((w) => have.includes(w)) && have.length === want.length) return Number(m[4]);
  }
  return 0;
}

describe("/metrics", () => {
  it("counts a question answered and one refused, with stage latencies, and no ids or text in labels", async () => {
    const before = (await metricsText()).body;
    const api = new FakeApi();
    const { bot } = await fakeBot(engine, cfg, api);
    await bot.handleUpdate(textUpdate(USER, ANSWERED));
    await bot.handleUpdate(textUpdate(USER, REFUSED));
    expect(api.sent(USER)).toHaveLength(2);

    const server = await startHealthServer(0, []);
    try {
      const res = await fetch(`http://127.0.0.1:${server.port}/metrics`);
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toMatch(/text\/plain/);
      const after = await res.text();
      const delta = (name: string, labels: Record<string, string> = {}) => sample(after, name, labels) - sample(before, name, labels);
      expect(delta("newsbot_questions_total", { outcome: "answered" })).toBe(1);
      expect(delta("newsbot_questions_total", { outcome: "refused" })).toBe(1);
      expect(delta("newsbot_questions_total", { outcome: "error" })).toBe(0);
      expect(delta("newsbot_updates_total", { outcome: "answered" })).toBe(1);
      expect(delta("newsbot_stage_duration_seconds_count", { stage: "retrieval" })).toBeGreaterThanOrEqual(2);
      expect(delta("newsbot_stage_duration_seconds_count", { stage: "answer" })).toBe(2);
      expect(delta("newsbot_stage_duration_seconds_count", { stage: "send" })).toBe(2);
      // no question text, no user or chat id anywhere in the labels
      const labels = after
        .split("\n")
        .filter((l) => !l.startsWith("#"))
        .flatMap((l) => [...l.matchAll(/="([^"]*)"/gu)].map((m) => m[1]!));
      for (const v of labels) {
        expect(v).not.toMatch(/\p{Script=Han}/u);
        expect(v).not.toContain(String(USER));
      }
      expect(after).not.toContain(String(USER));
      expect(after).not.toContain("西太湖");
    } finally {
      await server.close();
    }
  });

  it("says how many articles the index holds", async () => {
    const { setDocumentsSource } = await import("../../src/ops/metrics.js");
    setDocumentsSource(() => engine.library.count());
    expect(sample((await metricsText()).body, "newsbot_index_documents")).toBe(engine.library.count());
    expect(engine.library.count()).toBeGreaterThan(0);
  });
});

describe("one JSON log line per update", () => {
  it("has the update id, chat type, outcome and timings, and no text or ids", async () => {
    setLogLevel("info");
    const err = captureStderr();
    let lines: Array<Record<string, unknown>>;
    const { bot } = await fakeBot(engine, cfg, new FakeApi());
    const updates = [textUpdate(USER, ANSWERED), textUpdate(USER, REFUSED), commandUpdate(USER, "/help")];
    try {
      for (const u of updates) await bot.handleUpdate(u);
    } finally {
      err.restore();
      setLogLevel("silent");
      lines = err
        .text()
        .split("\n")
        .filter(Boolean)
        .map((l) => JSON.parse(l) as Record<string, unknown>);
    }
    const perUpdate = lines.filter((l) => l.msg === "update");
    expect(perUpdate.map((l) => l.update)).toEqual(updates.map((u) => u.update_id));
    expect(perUpdate.map((l) => l.outcome)).toEqual(["answered", "refused", "command"]);
    for (const l of perUpdate) {
      expect(l.chatType).toBe("private");
      for (const k of ["ms", "retrievalMs", "answerMs", "sendMs"]) expect(typeof l[k], k).toBe("number");
      expect(Object.keys(l).sort()).toEqual(["answerMs", "chatType", "level", "ms", "msg", "outcome", "retrievalMs", "sendMs", "time", "update"]);
    }
    expect(perUpdate[0]!.retrievalMs as number).toBeGreaterThanOrEqual(0);
    expect(perUpdate[0]!.ms as number).toBeGreaterThanOrEqual((perUpdate[0]!.retrievalMs as number) + (perUpdate[0]!.sendMs as number) - 1);
    const all = err.text();
    expect(all).not.toContain(String(USER));
    expect(all).not.toContain("西太湖");
  });

  it("says rate-limited when a reader's questions are over the limit", async () => {
    const limited = { ...cfg, RATE_LIMIT_PER_MINUTE: 1 };
    const { bot } = await fakeBot(engine, limited, new FakeApi());
    setLogLevel("info");
    const err = captureStderr();
    try {
      await bot.handleUpdate(textUpdate(USER + 1, ANSWERED));
      await bot.handleUpdate(textUpdate(USER + 1, ANSWERED));
    } finally {
      err.restore();
      setLogLevel("silent");
    }
    const outcomes = err
      .text()
      .split("\n")
      .filter(Boolean)
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .filter((l) => l.msg === "update")
      .map((l) => l.outcome);
    expect(outcomes).toEqual(["answered", "rate-limited"]);
  });
});

const noRedis = skipWhenMissing(redisMissing(), "/healthz and /readyz (the bot runs on Redis sessions there)");

describe.skipIf(noRedis)("/healthz and /readyz", () => {
  let redis: RedisServer;
  let running: RunningBot;
  let base: string;

  beforeAll(async () => {
    redis = await RedisServer.start();
    const api = new FakeApi();
    const port = await freePort();
    const healthPort = await freePort();
    running = await startBot(
      engine,
      {
        ...cfg,
        SESSION_STORE: "redis",
        REDIS_URL: redis.url,
        WEBHOOK_URL: `http://127.0.0.1:${port}/hook`,
        WEBHOOK_SECRET: "s3cret-Token_for-webhook",
        PORT: port,
        HEALTH_PORT: healthPort,
      },
      { botInfo: BOT_INFO, transformers: [api.transformer] },
    );
    expect(running.healthPort).toBe(healthPort);
    base = `http://127.0.0.1:${healthPort}`;
  });
  afterAll(async () => {
    await running?.stop();
    await redis?.down();
  });

  const postUpdate = (update: unknown) =>
    fetch(`http://127.0.0.1:${running.port}/hook`, {
      method: "POST",
      headers: { "content-type": "application/json", "X-Telegram-Bot-Api-Secret-Token": "s3cret-Token_for-webhook" },
      body: JSON.stringify(update),
    });
  const readyz = async (): Promise<{ status: number; body: { ready: boolean; checks: Record<string, string> } }> => {
    const res = await fetch(`${base}/readyz`);
    return { status: res.status, body: (await res.json()) as never };
  };
  const until = async (status: number): Promise<{ status: number; body: { ready: boolean; checks: Record<string, string> } }> => {
    const deadline = Date.now() + 15_000;
    for (;;) {
      const r = await readyz();
      if (r.status === status || Date.now() > deadline) return r;
      await sleep(100);
    }
  };

  it("/healthz answers 200 ok", async () => {
    const res = await fetch(`${base}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe("ok");
  });

  it("/readyz is ready, turns unready when Redis stops, and ready again when it returns", async () => {
    const ready = await until(200);
    expect(ready).toEqual({ status: 200, body: { ready: true, checks: { index: "ok", updates: "ok", redis: "ok" } } });
    await redis.down();
    const down = await until(503);
    expect(down.status).toBe(503);
    expect(down.body.ready).toBe(false);
    expect(down.body.checks.redis).toMatch(/redis/);
    expect(down.body.checks.index).toBe("ok");
    // an update meanwhile is still answered, with its session in memory: the sessions' Redis is degraded
    const degraded = async () => sample(await (await fetch(`${base}/metrics`)).text(), "newsbot_redis_degraded", { user: "sessions" });
    expect((await postUpdate(textUpdate(USER + 4, ANSWERED))).status).toBe(200);
    expect(await degraded()).toBe(1);
    await redis.up();
    const back = await until(200);
    expect(back.status).toBe(200);
    expect(back.body.checks.redis).toBe("ok");
    const deadline = Date.now() + 15_000;
    while ((await degraded()) !== 0 && Date.now() < deadline) {
      await postUpdate(textUpdate(USER + 4, ANSWERED));
      await sleep(200);
    }
    expect(await degraded()).toBe(0);
  });

  it("/metrics counts the running bot's index reloads by outcome, with their time", async () => {
    const text = async () => await (await fetch(`${base}/metrics`)).text();
    const before = await text();
    engine.events.emit("reloaded", { outcome: "reloaded", seconds: 0.4, generation: "gen-test", documents: engine.library.count() });
    engine.events.emit("reloaded", { outcome: "failed", seconds: 0.1, generation: "gen-test2", documents: engine.library.count(), error: "unreadable" });
    const after = await text();
    const delta = (name: string, labels: Record<string, string> = {}) => sample(after, name, labels) - sample(before, name, labels);
    expect(delta("newsbot_index_reloads_total", { outcome: "reloaded" })).toBe(1);
    expect(delta("newsbot_index_reloads_total", { outcome: "failed" })).toBe(1);
    expect(delta("newsbot_index_reload_seconds_count")).toBe(2);
    expect(after).not.toContain("gen-test");
  });

  it("other paths are 404", async () => {
    expect((await fetch(`${base}/other`)).status).toBe(404);
  });
});

describe("/readyz in polling mode", () => {
  it("is ready while getUpdates answers, and says updates stopped arriving when the Bot API goes away", async () => {
    const emu = await Emulator.start();
    const healthPort = await freePort();
    const running = await startBot(
      engine,
      { ...cfg, TELEGRAM_BOT_TOKEN: "44444444:AAPollingHealthToken_abcdefghijklmnop", TELEGRAM_API_ROOT: emu.apiRoot, HEALTH_PORT: healthPort },
      { updatesStaleMs: 1500, maxRetryAttempts: 0 },
    );
    const readyz = async () => {
      const res = await fetch(`http://127.0.0.1:${healthPort}/readyz`);
      return { status: res.status, body: (await res.json()) as { ready: boolean; checks: Record<string, string> } };
    };
    const until = async (status: number) => {
      const deadline = Date.now() + 15_000;
      for (;;) {
        const r = await readyz();
        if (r.status === status || Date.now() > deadline) return r;
        await sleep(100);
      }
    };
    try {
      await sleep(2000); // longer than updatesStaleMs: ready only because getUpdates keeps answering
      expect(await until(200)).toEqual({ status: 200, body: { ready: true, checks: { index: "ok", updates: "ok" } } });
      await emu.stop();
      const down = await until(503);
      expect(down.status).toBe(503);
      expect(down.body.checks.updates).toMatch(/no getUpdates answered for \d+ s/);
      expect(down.body.checks.index).toBe("ok");
    } finally {
      await running.stop();
    }
    await expect(fetch(`http://127.0.0.1:${healthPort}/healthz`)).rejects.toThrow(); // closed with the bot
  }, 40_000);
});

describe("HEALTH_PORT = PORT in webhook mode", () => {
  it("the webhook server answers /healthz, /readyz and /metrics itself, and still takes updates only with the secret", async () => {
    const port = await freePort();
    const api = new FakeApi();
    const running = await startBot(
      engine,
      { ...cfg, WEBHOOK_URL: `http://127.0.0.1:${port}/hook`, WEBHOOK_SECRET: "s3cret-Token_for-webhook", PORT: port, HEALTH_PORT: port },
      { botInfo: BOT_INFO, transformers: [api.transformer] },
    );
    try {
      expect(running.healthPort).toBe(port);
      const base = `http://127.0.0.1:${port}`;
      expect(await (await fetch(`${base}/healthz`)).text()).toBe("ok");
      const ready = await fetch(`${base}/readyz`);
      expect(ready.status).toBe(200);
      expect(await ready.json()).toEqual({ ready: true, checks: { index: "ok", updates: "ok" } });
      expect(await (await fetch(`${base}/metrics`)).text()).toContain("newsbot_questions_total");
      const hook = (headers: Record<string, string>) =>
        fetch(`${base}/hook`, {
          method: "POST",
          headers: { "content-type": "application/json", ...headers },
          body: JSON.stringify(textUpdate(USER + 2, ANSWERED)),
        });
      expect((await hook({})).status).toBe(401);
      expect((await hook({ "X-Telegram-Bot-Api-Secret-Token": "s3cret-Token_for-webhook" })).status).toBe(200);
    } finally {
      await running.stop();
    }
  });
});

describe("/metrics of the other stages", () => {
  const delta = async (run: () => Promise<unknown>, name: string, labels: Record<string, string> = {}): Promise<number> => {
    const before = sample((await metricsText()).body, name, labels);
    await run();
    return sample((await metricsText()).body, name, labels) - before;
  };

  it("counts LLM calls that failed or were rejected as fallbacks", async () => {
    const fake = await startFakeOpenAI();
    try {
      const withLlm = await Engine.open({ ...cfg, LLM_BASE_URL: fake.baseUrl, LLM_MODEL: "fake-model", LLM_TIMEOUT_MS: 400 });
      fake.behaviour = "hang";
      expect(await delta(() => withLlm.ask(ANSWERED), "newsbot_llm_calls_total", { call: "answer", result: "failed" })).toBe(1);
      fake.behaviour = "garbage";
      expect(await delta(() => withLlm.ask(ANSWERED), "newsbot_llm_fallbacks_total", { call: "answer" })).toBe(1);
    } finally {
      await fake.close();
    }
  });

  it("counts each search that ran without the vector channel because the query embeddings failed", async () => {
    const retriever = new HybridRetriever(await NewsIndex.open(cfg.VECTOR_DIR, new DownEmbeddings({ file: cfg.EMBEDDINGS_VECTORS })));
    const searchTwice = async () => {
      expect((await retriever.search(ANSWERED, { k: 3 })).length).toBeGreaterThan(0); // the keyword channels still answer
      await retriever.search(REFUSED, { k: 3 });
    };
    expect(await delta(searchTwice, "newsbot_embeddings_fallbacks_total")).toBe(2);
  });

  it("counts rescans of SEEDS_DIR by result", async () => {
    expect(await delta(() => new SeedRefresher(engine, cfg, 0).check(), "newsbot_rescans_total", { outcome: "unchanged" })).toBe(1);
    const missing = { ...cfg, SEEDS_DIR: "/nonexistent/seeds" };
    expect(await delta(() => new SeedRefresher(engine, missing, 0).check(), "newsbot_rescans_total", { outcome: "failed" })).toBe(1);
  });

  it("counts rate-limited updates by limit", async () => {
    const { bot } = await fakeBot(engine, { ...cfg, RATE_LIMIT_PER_MINUTE: 1 }, new FakeApi());
    await bot.handleUpdate(textUpdate(USER + 3, ANSWERED));
    expect(await delta(() => bot.handleUpdate(textUpdate(USER + 3, ANSWERED)), "newsbot_rate_limited_total", { kind: "question" })).toBe(1);
  });
});

describe("/readyz when CURRENT names a damaged generation (issue 22: it stayed 200)", () => {
  it("turns 503 naming the generation when its files are cut or fail their checksums at a reload, and 200 again once a whole one is live", async () => {
    const { truncateSync, readFileSync, writeFileSync, appendFileSync } = await import("node:fs");
    const { join } = await import("node:path");
    const { IndexReloader } = await import("../../src/engine/reload.js");
    const { updateFromSeeds } = await import("../../src/engine/ingest.js");
    const { currentGeneration } = await import("../../src/index/generations.js");
    const { FILES } = await import("../../src/index/news-index.js");
    const dir = tempDir("wnb-ops-current-");
    const own = await seedEngine(dir);
    const port = await freePort();
    const healthPort = await freePort();
    const running = await startBot(
      own.engine,
      { ...own.cfg, WEBHOOK_URL: `http://127.0.0.1:${port}/hook`, WEBHOOK_SECRET: "s3cret-Token_for-webhook", PORT: port, HEALTH_PORT: healthPort },
      { botInfo: BOT_INFO, transformers: [new FakeApi().transformer] },
    );
    const readyz = async () => {
      const res = await fetch(`http://127.0.0.1:${healthPort}/readyz`);
      return { status: res.status, body: (await res.json()) as { ready: boolean; checks: Record<string, string> } };
    };
    // a new page, so that the next update writes a new generation
    const seeds = join(dir, "seeds");
    const { cpSync } = await import("node:fs");
    cpSync(own.cfg.SEEDS_DIR, seeds, { recursive: true });
    const cfg2 = { ...own.cfg, SEEDS_DIR: seeds };
    const page = (n: number) =>
      `${JSON.stringify({ id: `p${n}`, title: `西太湖第${n}个项目开工`, text: `西太湖第${n}个生物医药项目昨日开工，总投资${n}亿元。`, date: "2024-12-03" })}\n`;
    try {
      const first = await readyz();
      expect(first, JSON.stringify(first.body)).toMatchObject({ status: 200 });
      writeFileSync(join(seeds, "extra.jsonl"), page(1));
      await updateFromSeeds(cfg2); // another writer: a new generation, not the loaded one
      const gen = (await currentGeneration(own.cfg.VECTOR_DIR))!;
      truncateSync(join(gen, FILES.postings), 10);
      const cut = await readyz();
      expect(cut.status).toBe(503);
      expect(cut.body.checks.index).toMatch(/^CURRENT names gen-[\w-]+, which cannot be loaded \(index file bm25-postings\.bin is truncated or damaged/u);

      appendFileSync(join(seeds, "extra.jsonl"), page(2));
      await updateFromSeeds(cfg2); // a whole generation again (the damaged one is replaced)
      expect((await readyz()).status).toBe(200);
      const gen2 = (await currentGeneration(own.cfg.VECTOR_DIR))!;
      const file = join(gen2, FILES.bodies);
      const b = readFileSync(file);
      b[5] = b[5]! ^ 0x5a; // same size: only the checksums of a load can tell
      writeFileSync(file, b);
      expect(await new IndexReloader(own.engine, own.cfg, { intervalMs: 0 }).check()).toBe("failed");
      const flipped = await readyz();
      expect(flipped.status).toBe(503);
      expect(flipped.body.checks.index).toMatch(/which cannot be loaded \(.*checksum mismatch/u);

      appendFileSync(join(seeds, "extra.jsonl"), page(3));
      await updateFromSeeds(cfg2);
      expect(await new IndexReloader(own.engine, own.cfg, { intervalMs: 0 }).check()).toBe("reloaded");
      expect(await readyz()).toEqual({ status: 200, body: { ready: true, checks: { index: "ok", updates: "ok" } } });
    } finally {
      await running.stop();
    }
  }, 60_000);
});
