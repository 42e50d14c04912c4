/** Subscriptions in-process: commands, which chats a new article is pushed to, the daily cap, no duplicates, 403, 429, the pace, Redis, the digest. */
import type { RawApi, Transformer } from "grammy";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Config } from "../../src/config/env.js";
import type { Engine } from "../../src/engine/engine.js";
import { MSG } from "../../src/bot/messages.js";
import { redisClient } from "../../src/feedback/store.js";
import { setLogLevel } from "../../src/log.js";
import { FileSubscriptionStore, RedisSubscriptionStore, type SubscriptionStore } from "../../src/subscriptions/store.js";
import { tempDir } from "../helpers/tmp.js";
import { commandUpdate, FakeApi, fakeBot, seedEngine } from "./fake.js";
import { skipWhenMissing } from "../helpers/needs.js";
import { redisMissing, RedisServer } from "./redis.js";

const noRedis = skipWhenMissing(redisMissing(), "the Redis subscription tests");

let engine: Engine;
let cfg: Config;
let dir: string;
let allIds: string[];

beforeAll(async () => {
  setLogLevel("silent");
  dir = tempDir("wnb-subs-");
  ({ engine, cfg } = await seedEngine(dir));
  allIds = [...engine.liveIds()];
});

const visible = (html: string): string =>
  html
    .replace(/<\/?(b|i|code|blockquote)[^>]*>/g, "")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");
const store = (name: string): FileSubscriptionStore => new FileSubscriptionStore(join(dir, name), 10);
/** The articles of the seed index whose text names `word` (what a subscription to it must push). */
const naming = (word: string): string[] =>
  allIds.filter((id) => `${engine.library.article(id)!.article.title}\n${engine.library.article(id)!.body}`.includes(word));

/** A transport that answers 403 for some chats and 429 once when asked, and timestamps every send. */
class PushApi extends FakeApi {
  blocked = new Set<number>();
  tooMany = 0;
  times: number[] = [];
  readonly inner = this.transformer;
  push: Transformer<RawApi> = async (prev, method, payload, signal) => {
    const chat = (payload as { chat_id?: number }).chat_id;
    if (method === "sendMessage" && chat !== undefined && this.blocked.has(chat)) {
      this.calls.push({ method, payload: payload as Record<string, unknown> });
      return { ok: false, error_code: 403, description: "Forbidden: bot was blocked by the user" } as never;
    }
    if (method === "sendMessage" && this.tooMany > 0) {
      this.tooMany--;
      this.calls.push({ method: "429", payload: payload as Record<string, unknown> });
      return { ok: false, error_code: 429, description: "Too Many Requests: retry after 1", parameters: { retry_after: 1 } } as never;
    }
    if (method === "sendMessage") this.times.push(Date.now());
    return this.inner(prev, method, payload, signal);
  };
}

async function bot(opts: { api?: PushApi; subs?: SubscriptionStore; cfg?: Partial<Config> } = {}) {
  const api = opts.api ?? new PushApi();
  api.transformer = api.push;
  const parts = await fakeBot(engine, { ...cfg, ...opts.cfg }, api, undefined, { subscriptions: opts.subs ?? store(`s-${Math.random()}`) });
  const command = async (chatId: number, text: string): Promise<string> => {
    await parts.bot.handleUpdate(commandUpdate(chatId, text));
    return api.sent(chatId).at(-1)!.text;
  };
  return { ...parts, api, command };
}

describe("subscriptions: commands", () => {
  it("/subscribe, /subscriptions and /unsubscribe keep a chat's topics", async () => {
    const { command, close } = await bot();
    expect(await command(11, "/subscribe")).toBe(MSG.subscribeUsage);
    expect(await command(11, "/subscribe 液流电池")).toBe(MSG.subscribed("液流电池", cfg.PUSH_DAILY_LIMIT));
    expect(await command(11, "/subscribe 「叁零陆」")).toBe(MSG.subscribed("叁零陆", cfg.PUSH_DAILY_LIMIT));
    expect(await command(11, "/subscribe 液流电池")).toBe(MSG.subscribedAlready("液流电池"));
    expect(await command(11, "/subscribe ？？！")).toBe(MSG.subscribeNoWords);
    expect(await command(11, `/subscribe ${"很长的话题".repeat(10)}`)).toBe(MSG.subscribeTopicTooLong(20));
    expect(await command(11, "/subscriptions")).toBe(MSG.subscriptionsList(["液流电池", "叁零陆"]));
    expect(await command(11, "/unsubscribe 氢能")).toBe(MSG.unsubscribedNone("氢能"));
    expect(await command(11, "/unsubscribe 液流电池")).toBe(MSG.unsubscribed(["液流电池"]));
    expect(await command(11, "/unsubscribe")).toBe(MSG.unsubscribed(["叁零陆"]));
    expect(await command(11, "/subscriptions")).toBe(MSG.subscriptionsNone);
    await close();
  });
});

describe("subscriptions: pushes", () => {
  it("new articles go once to each chat whose topic they match, with headline, date, the matching sentence and a 原文 button; none to others", async () => {
    const { bot: b, api, command, subscriptions, close } = await bot();
    await command(21, "/subscribe 液流电池");
    await command(22, "/subscribe 叁零陆");
    await command(23, "/subscribe 氢能");
    const before = (c: number) => api.sent(c).length;
    const [n21, n22, n23] = [before(21), before(22), before(23)];
    const summary = await subscriptions.pushNew(allIds);
    await subscriptions.idle();
    const flow = naming("液流电池");
    expect(flow.length).toBeGreaterThan(0);
    expect(summary.queued).toBe(flow.length + naming("叁零陆").length);
    const pushes21 = api.sent(21).slice(n21);
    expect(pushes21).toHaveLength(flow.length);
    expect(api.sent(22).slice(n22)).toHaveLength(naming("叁零陆").length);
    expect(api.sent(23).slice(n23)).toHaveLength(0);

    const push = pushes21.find((m) => visible(m.text).includes("长三角液流电池产业生态大会在我区举行"))!;
    const text = visible(push.text);
    expect(text).toContain(MSG.pushHeading("液流电池"));
    expect(text).toContain("2024-12-07（推断）");
    expect(text).toMatch(/「[^」]*液流电池[^」]*」/u);
    expect(text).not.toMatch(/\.txt/u);
    const button = push.reply_markup!.inline_keyboard.flat()[0]!;
    expect(button.text).toBe(MSG.pushSourceButton);
    expect(button.callback_data).toMatch(/^s:\d+:[A-Za-z0-9_-]{6}:1$/u);
    // the button opens the article's passage
    await b.handleUpdate({
      update_id: 990_001,
      callback_query: {
        id: "p",
        chat_instance: "x",
        from: { id: 21, is_bot: false, first_name: "U" },
        data: button.callback_data,
        message: { message_id: 1, date: 0, chat: { id: 21, type: "private", first_name: "U" } },
      },
    });
    expect(visible(api.sent(21).at(-1)!.text)).toContain("长三角液流电池产业生态大会在我区举行");

    // the same articles again (another rescan, another instance): nothing twice
    const again = api.sent(21).length;
    await subscriptions.pushNew(allIds);
    await subscriptions.idle();
    expect(api.sent(21).length).toBe(again);
    expect(subscriptions.stats.duplicates).toBeGreaterThan(0);
    await close();
  });

  it("at most PUSH_DAILY_LIMIT a day per chat", async () => {
    const { api, command, subscriptions, close } = await bot({ cfg: { PUSH_DAILY_LIMIT: 2 } });
    await command(31, "/subscribe 武进");
    expect(naming("武进").length).toBeGreaterThan(2);
    const n = api.sent(31).length;
    await subscriptions.pushNew(allIds);
    await subscriptions.idle();
    expect(api.sent(31).length - n).toBe(2);
    expect(subscriptions.stats.capped).toBe(naming("武进").length - 2);
    await close();
  });

  it("a chat that blocked the bot (403) loses its subscriptions and gets nothing more", async () => {
    const subs = store("blocked");
    const { api, command, subscriptions, close } = await bot({ subs });
    await command(41, "/subscribe 武进");
    await command(42, "/subscribe 液流电池");
    api.blocked.add(41);
    await subscriptions.pushNew(allIds);
    await subscriptions.idle();
    expect(
      api.calls.filter((c) => c.method === "sendMessage" && c.payload.chat_id === 41 && String(c.payload.text).includes(MSG.pushHeading("武进"))),
    ).toHaveLength(1);
    expect(subscriptions.stats.blocked).toBe(1);
    expect(await subs.topics(41)).toEqual([]);
    expect((await subs.subscribers()).map((s) => s.chatId)).toEqual([42]);
    expect(api.sent(42).length).toBeGreaterThan(1);
    await close();
  });

  it("a 429 pauses the queue for its retry_after and the message still goes, once", async () => {
    const { api, command, subscriptions, close } = await bot();
    await command(51, "/subscribe 叁零陆");
    api.tooMany = 1;
    const t0 = Date.now();
    await subscriptions.pushNew(naming("叁零陆").slice(0, 1));
    await subscriptions.idle();
    expect(Date.now() - t0).toBeGreaterThanOrEqual(950);
    expect(api.calls.filter((c) => c.method === "429")).toHaveLength(1);
    expect(api.sent(51).filter((m) => m.text.includes(MSG.pushHeading("叁零陆")))).toHaveLength(1);
    await close();
  });

  it("pushes to 75 subscribers lose none and never exceed 30 in any second (PUSH_PER_SECOND 25)", async () => {
    const subs = store("many");
    const chats = Array.from({ length: 75 }, (_, i) => 70_000 + i);
    for (const c of chats) await subs.add(c, "液流电池", 10);
    const { api, subscriptions, close } = await bot({ subs, cfg: { PUSH_PER_SECOND: 25 } });
    const doc = naming("液流电池")[0]!;
    await subscriptions.pushNew([doc]);
    await subscriptions.idle();
    for (const c of chats) expect(api.sent(c)).toHaveLength(1);
    const t = api.times;
    let worst = 0;
    for (let i = 0; i < t.length; i++) worst = Math.max(worst, t.filter((x) => x >= t[i]! && x < t[i]! + 1000).length);
    expect(worst).toBeLessThanOrEqual(30);
    expect(t.at(-1)! - t[0]!).toBeGreaterThan(2500); // 75 at 25 a second take about 3 s
    await close();
  }, 20_000);
});

describe("subscriptions: kept where the sessions are", () => {
  let redis: RedisServer;
  beforeAll(async () => {
    if (!noRedis) redis = await RedisServer.start();
  });
  afterAll(async () => {
    await redis?.down();
  });

  it("the file store keeps topics and what was pushed across a restart", async () => {
    const a = store("restart");
    await a.add(61, "液流电池", 10);
    expect(await a.claim(61, "doc-1", "2024-12-07", 5)).toBe("ok");
    await a.close();
    const b = store("restart");
    expect(await b.topics(61)).toEqual(["液流电池"]);
    expect(await b.claim(61, "doc-1", "2024-12-07", 5)).toBe("dup");
  });

  it.skipIf(noRedis)("two instances on one Redis share the subscriptions and push each article once", async () => {
    const s1 = new RedisSubscriptionStore(redisClient(redis.url, "test"));
    const s2 = new RedisSubscriptionStore(redisClient(redis.url, "test"));
    const api = new PushApi();
    const one = await bot({ subs: s1, api });
    const two = await bot({ subs: s2, api });
    try {
      await one.command(81, "/subscribe 叁零陆");
      expect(await s2.topics(81)).toEqual(["叁零陆"]);
      const n = api.sent(81).length;
      await Promise.all([one.subscriptions.pushNew(allIds), two.subscriptions.pushNew(allIds)]);
      await Promise.all([one.subscriptions.idle(), two.subscriptions.idle()]);
      expect(api.sent(81).length - n).toBe(naming("叁零陆").length);
      expect(await s1.claim(81, naming("叁零陆")[0]!, "2099-01-01", 5)).toBe("dup");
    } finally {
      await one.close();
      await two.close();
      await s1.close();
      await s2.close();
    }
  });
});

describe("subscriptions: the daily digest", () => {
  it("with DIGEST_CRON new articles are not pushed one by one but listed in one digest per chat and day", async () => {
    const subs = store("digest");
    const { api, command, subscriptions, close } = await bot({ subs, cfg: { DIGEST_CRON: "0 8 * * *" } });
    await command(91, "/subscribe 液流电池");
    await command(92, "/subscribe 氢能");
    const n = api.sent(91).length;
    engine.events.articlesAdded(allIds); // as a rescan would say it
    await new Promise((r) => setTimeout(r, 100));
    await subscriptions.idle();
    expect(api.sent(91).length).toBe(n);
    const summary = await subscriptions.digest();
    await subscriptions.idle();
    expect(summary.queued).toBe(1);
    const digest = api.sent(91).slice(n);
    expect(digest).toHaveLength(1);
    expect(visible(digest[0]!.text)).toContain("液流电池");
    expect(digest[0]!.reply_markup!.inline_keyboard.flat().map((b) => b.text)).toEqual(naming("液流电池").map((_, i) => MSG.digestSourceButton(i + 1)));
    expect(api.sent(92).filter((m) => m.text.includes("今日新报道"))).toHaveLength(0);
    expect((await subscriptions.digest()).queued).toBe(0); // once a day
    await close();
  });
});
