/**
 * The operator's HTTP endpoints on HEALTH_PORT (both modes; src/bot/run.ts starts it):
 *   /healthz  the process is alive: 200 "ok";
 *   /readyz   200 only when every readiness check passes (the index loaded and readable, Redis
 *             reachable when configured, updates arriving), else 503 with which check failed;
 *   /metrics  Prometheus text (src/ops/metrics.ts).
 * The answers carry no question text and no ids.
 */
import { access, constants } from "node:fs/promises";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { join } from "node:path";
import { Redis } from "ioredis";
import { log } from "../log.js";
import { currentGeneration } from "../index/generations.js";
import { NewsIndex } from "../index/news-index.js";
import { metricsText } from "./metrics.js";

/** A readiness check: undefined when it passes, else a short reason (no text of a reader's, no ids). */
export interface ReadinessCheck {
  name: string;
  check(): Promise<string | undefined> | string | undefined;
  close?(): Promise<void>;
}

const CHECK_TIMEOUT_MS = 1500;

async function runCheck(c: ReadinessCheck): Promise<string | undefined> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      Promise.resolve(c.check()),
      new Promise<string>((resolve) => (timer = setTimeout(() => resolve(`no answer within ${CHECK_TIMEOUT_MS} ms`), CHECK_TIMEOUT_MS))),
    ]);
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  } finally {
    clearTimeout(timer);
  }
}

/** Runs every check: `{ ready, checks: { name: "ok" | reason } }`. */
async function readiness(checks: ReadinessCheck[]): Promise<{ ready: boolean; checks: Record<string, string> }> {
  const results = await Promise.all(checks.map(async (c) => [c.name, await runCheck(c)] as const));
  const out: Record<string, string> = {};
  for (const [name, problem] of results) out[name] = problem ?? "ok";
  return { ready: results.every(([, p]) => p === undefined), checks: out };
}

/** Handles /healthz, /readyz and /metrics; returns false for any other request (the caller answers it). */
export function healthHandler(checks: ReadinessCheck[]): (req: IncomingMessage, res: ServerResponse) => boolean {
  return (req, res) => {
    const path = (req.url ?? "").split("?")[0];
    if (req.method !== "GET" && req.method !== "HEAD") return false;
    if (path === "/healthz") {
      res.writeHead(200, { "content-type": "text/plain" }).end("ok");
      return true;
    }
    if (path === "/readyz") {
      void readiness(checks).then((r) => {
        res.writeHead(r.ready ? 200 : 503, { "content-type": "application/json" }).end(JSON.stringify(r));
      });
      return true;
    }
    if (path === "/metrics") {
      void metricsText().then(
        ({ body, contentType }) => res.writeHead(200, { "content-type": contentType }).end(body),
        (err: unknown) => res.writeHead(500, { "content-type": "text/plain" }).end(err instanceof Error ? err.message : "metrics failed"),
      );
      return true;
    }
    return false;
  };
}

export interface HealthServer {
  port: number;
  close(): Promise<void>;
}

/** Listens on `port` (0: any free port, for tests); closes the checks' own connections on close. */
export async function startHealthServer(port: number, checks: ReadinessCheck[], host?: string): Promise<HealthServer> {
  const handle = healthHandler(checks);
  const server: Server = createServer((req, res) => {
    if (!handle(req, res)) res.writeHead(404).end();
  });
  await new Promise<void>((resolve, reject) => server.once("error", reject).listen(port, host, resolve));
  const address = server.address();
  const bound = typeof address === "object" && address ? address.port : port;
  log.info({ port: bound }, "health and metrics: /healthz, /readyz, /metrics");
  return {
    port: bound,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      for (const c of checks) await c.close?.().catch(() => undefined);
    },
  };
}

/** What the index check needs to know besides the loaded index: the folder, and the generation a reload last failed to load. */
export interface IndexCheckOptions {
  /** The index folder (VECTOR_DIR), whose `CURRENT` names the live generation. */
  dir?: string;
  /** The generation (folder name) the reloader last failed to load, with why; undefined once one loaded. */
  reloadFailure?: () => { generation: string; error: string } | undefined;
  /** What is wrong with a generation folder (default: NewsIndex.generationProblem). */
  problem?: (genDir: string) => Promise<string | undefined>;
}

const folderName = (dir: string): string => dir.split(/[\\/]/u).pop() ?? dir;

/**
 * The index is loaded, its generation folder is still readable and whole (files at their sizes),
 * and the generation `CURRENT` names can be loaded: a damaged one means the index on disk is broken
 * (a restart would fail), even while the loaded one still answers.
 */
export function indexCheck(index: () => { generation?: string | undefined } | undefined, opts: IndexCheckOptions = {}): ReadinessCheck {
  const problem = opts.problem ?? ((dir: string) => NewsIndex.generationProblem(dir));
  return {
    name: "index",
    async check() {
      const idx = index();
      if (!idx) return "no index loaded";
      if (idx.generation) {
        try {
          await access(join(idx.generation, "manifest.json"), constants.R_OK);
        } catch {
          return "the loaded index's folder is no longer readable";
        }
      }
      if (!opts.dir) return undefined;
      const live = await currentGeneration(opts.dir);
      if (!live) return "CURRENT in the index folder names no generation";
      const name = folderName(live);
      const failed = opts.reloadFailure?.();
      if (failed && failed.generation === name) return `CURRENT names ${name}, which cannot be loaded (${failed.error})`;
      const wrong = await problem(live);
      return wrong ? `CURRENT names ${name}, which cannot be loaded (${wrong})` : undefined;
    },
  };
}

/** Redis answers a PING (its own connection, which never queues commands while Redis is away). */
export function redisCheck(url: string): ReadinessCheck {
  const redis = new Redis(url, {
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: 1000,
    retryStrategy: (times) => Math.min(200 * times, 1000),
  });
  redis.on("error", () => undefined); // the readiness answer says it; the session store logs it
  let connecting: Promise<void> | undefined;
  return {
    name: "redis",
    async check() {
      if (redis.status === "wait") connecting ??= redis.connect().catch(() => undefined);
      if (connecting) await connecting;
      try {
        return (await redis.ping()) === "PONG" ? undefined : "redis did not answer PING";
      } catch {
        return "redis is not reachable";
      }
    },
    close: async () => {
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}

/** Updates are arriving: `problem()` says why not (polling has not fetched lately, webhook server not listening). */
export function updatesCheck(problem: () => string | undefined): ReadinessCheck {
  return { name: "updates", check: problem };
}
