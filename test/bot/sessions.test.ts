/** Session stores: memory expiry (bounded memory), file and Redis, Redis going away and coming back. */
import { Redis } from "ioredis";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Config } from "../../src/config/env.js";
import type { Engine } from "../../src/engine/engine.js";
import { MSG } from "../../src/bot/messages.js";
import { REDIS_SESSION_PREFIX, SweptMemoryStorage } from "../../src/bot/sessions.js";
import { hashedKey } from "../../src/config/reader-salt.js";
import { TEST_SALT } from "../helpers/config.js";
import { setLogLevel } from "../../src/log.js";
import { tempDir } from "../helpers/tmp.js";
import { captureStderr, commandUpdate, FakeApi, fakeBot, seedEngine, textUpdate } from "./fake.js";
import { sleep } from "./harness.js";
import { skipWhenMissing } from "../helpers/needs.js";
import { redisMissing, RedisServer } from "./redis.js";

const noRedis = skipWhenMissing(redisMissing(), "the Redis session tests");

let engine: Engine;
let cfg: Config;
let dir: string;
let redis: RedisServer;

beforeAll(async () => {
  setLogLevel("silent");
  dir = tempDir("wnb-bot-sessions-");
  ({ engine, cfg } = await seedEngine(dir));
  if (!noRedis) redis = await RedisServer.start(); // on CI, fails loudly when redis-server is missing
});
afterAll(async () => {
  await redis?.down();
  setLogLevel("silent");
});

describe("session stores", () => {
  it("memory sessions expire and are swept, so memory stays bounded", async () => {
    const mem = new SweptMemoryStorage<{ n: number }>(40, 15);
    for (let i = 0; i < 2000; i++) mem.write(String(i), { n: i });
    expect(mem.size).toBe(2000);
    await sleep(120);
    expect(mem.size).toBe(0);
    mem.stop();
  });

  it("the file store keeps a chat's conversation for a new bot instance", async () => {
    const fileCfg = { ...cfg, SESSION_STORE: "file" as const, SESSION_DIR: join(dir, "sessions") };
    const a = await fakeBot(engine, fileCfg);
    await a.bot.handleUpdate(textUpdate(701, "西太湖有什么生物医药项目？"));
    await a.store.close();
    const b = await fakeBot(engine, fileCfg);
    await b.bot.handleUpdate(commandUpdate(701, "/reset"));
    expect(b.api.sent(701).at(-1)!.text).toBe(MSG.resetDone(1));
    await b.store.close();
  });

  it.skipIf(noRedis)("two instances on one Redis share a chat's conversation", async () => {
    const redisCfg = { ...cfg, SESSION_STORE: "redis" as const, REDIS_URL: redis.url };
    const a = await fakeBot(engine, redisCfg);
    const b = await fakeBot(engine, redisCfg);
    try {
      await a.bot.handleUpdate(textUpdate(702, "西太湖有什么生物医药项目？"));
      await b.bot.handleUpdate(textUpdate(702, "投资多少？"));
      await a.bot.handleUpdate(commandUpdate(702, "/reset"));
      expect(a.api.sent(702).at(-1)!.text).toBe(MSG.resetDone(2));
    } finally {
      await a.store.close();
      await b.store.close();
    }
  });

  it.skipIf(noRedis)(
    "Redis going away and coming back: the bot keeps answering (degraded, logged) and recovers",
    async () => {
      setLogLevel("info");
      const logs = captureStderr();
      const redisCfg = { ...cfg, SESSION_STORE: "redis" as const, REDIS_URL: redis.url };
      const api = new FakeApi();
      const { bot, store } = await fakeBot(engine, redisCfg, api);
      const check = new Redis(redis.url, { lazyConnect: true, maxRetriesPerRequest: 1 });
      check.on("error", () => undefined);
      try {
        await bot.handleUpdate(textUpdate(703, "西太湖有什么生物医药项目？"));
        await redis.down();
        const t0 = Date.now();
        await bot.handleUpdate(textUpdate(703, "投资多少？"));
        expect(Date.now() - t0).toBeLessThan(5000);
        expect(api.sent(703)).toHaveLength(2);
        expect(api.sent(703)[1]!.text).not.toBe(MSG.failed);
        expect(logs.text()).toMatch(/degraded/);

        await redis.up();
        const deadline = Date.now() + 15_000;
        let asked = 2;
        while (!/session store is back/.test(logs.text()) && Date.now() < deadline) {
          await sleep(300);
          await bot.handleUpdate(textUpdate(703, "液流电池产业生态大会在哪里举行？"));
          asked++;
        }
        expect(logs.text()).toMatch(/session store is back/);
        expect(api.sent(703).filter((m) => m.text !== MSG.failed)).toHaveLength(asked);
        // what was kept in memory during the outage went back to Redis (the first turn died with
        // the non-persistent Redis; every turn since the outage is kept)
        await bot.handleUpdate(commandUpdate(703, "/reset"));
        expect(api.sent(703).at(-1)!.text).toBe(MSG.resetDone(Math.min(asked - 1, 8)));
        await check.connect();
        const saved = JSON.parse((await check.get(`${REDIS_SESSION_PREFIX}${hashedKey(TEST_SALT, "703")}`)) ?? "null") as { conv: { turns: unknown[] } } | null;
        expect(saved?.conv.turns).toEqual([]);
      } finally {
        logs.restore();
        setLogLevel("silent");
        check.disconnect();
        await store.close();
      }
    },
    40_000,
  );
});
