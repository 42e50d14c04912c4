/**
 * Who follows which topic, and what was pushed to whom: kept where the sessions are kept, so that
 * subscriptions survive restarts and several instances share them.
 *
 *   redis  (SESSION_STORE=redis) wnb:subs:chats (set of chat ids), wnb:subs:topics:<chat> (set of
 *          topics), wnb:subs:pushed:<chat> (articles pushed to the chat), wnb:subs:count:<chat>:<day>
 *          (pushes that day), wnb:subs:added (articles added, by time, for the digest),
 *          wnb:subs:digest:<chat>:<day>. A push is claimed atomically (a Lua script), so two
 *          instances that both see a new article push it once.
 *   file   (otherwise) SUBSCRIPTIONS_DIR/subscriptions.json, written atomically (temporary file and
 *          rename) a moment after each change, mode 0600 in a folder of mode 0700; one instance.
 *
 * Chat ids are kept as they are (they are where pushes go); nothing else about a reader is kept.
 */
import { existsSync } from "node:fs";
import { chmod, mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import type { Redis } from "ioredis";
import type { Config } from "../config/env.js";
import { closeRedis, redisClient } from "../feedback/store.js";
import { log } from "../log.js";

export type Claim = "ok" | "dup" | "cap";

export interface Subscriber {
  chatId: number;
  topics: string[];
}

export interface SubscriptionStore {
  readonly kind: "file" | "redis";
  /** Adds a topic to a chat: "exists" when it follows it already, "full" past `max` topics. */
  add(chatId: number, topic: string, max: number): Promise<"added" | "exists" | "full">;
  /** Removes one topic (compared without case), or all of them; returns the topics removed. */
  remove(chatId: number, topic?: string): Promise<string[]>;
  topics(chatId: number): Promise<string[]>;
  /** Every chat that follows something. */
  subscribers(): Promise<Subscriber[]>;
  /** Forgets a chat altogether (it blocked the bot): topics, what was pushed, counts. */
  drop(chatId: number): Promise<void>;
  /**
   * Claims the push of an article to a chat on a day: "ok" (remembered and counted), "dup" (pushed
   * before), "cap" (the chat had `cap` pushes that day).
   */
  claim(chatId: number, docId: string, day: string, cap: number): Promise<Claim>;
  /** Undoes a claim whose message could not be sent. */
  release(chatId: number, docId: string, day: string): Promise<void>;
  /** Notes articles that entered the index (for the digest). */
  noteAdded(ids: string[], at: number): Promise<void>;
  /** Articles noted since `since` (epoch ms), oldest first. */
  addedSince(since: number): Promise<string[]>;
  /** Claims the day's digest of a chat (true once per chat and day, across instances). */
  claimDigest(chatId: number, day: string): Promise<boolean>;
  close(): Promise<void>;
}

const sameTopic = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();
/** How long what was pushed to a chat is remembered (an article is new only once anyway). */
const PUSHED_KEEP_DAYS = 60;
const ADDED_KEEP_MS = 7 * 24 * 3600_000;

interface FileChat {
  topics: string[];
  /** docId → day pushed */
  pushed: Record<string, string>;
  /** day → pushes */
  days: Record<string, number>;
  digests: string[];
}

interface FileState {
  chats: Record<string, FileChat>;
  added: Array<{ id: string; at: number }>;
}

const dayMinus = (day: string, days: number): string => new Date(Date.parse(`${day}T00:00:00Z`) - days * 86_400_000).toISOString().slice(0, 10);

export class FileSubscriptionStore implements SubscriptionStore {
  readonly kind = "file";
  readonly file: string;
  private state: FileState | undefined;
  private loading: Promise<FileState> | undefined;
  private flushTimer: NodeJS.Timeout | undefined;
  private writing: Promise<void> = Promise.resolve();

  constructor(
    dir: string,
    private readonly flushMs = 200,
  ) {
    this.file = join(resolve(dir), "subscriptions.json");
  }

  private load(): Promise<FileState> {
    if (this.state) return Promise.resolve(this.state);
    return (this.loading ??= (async () => {
      let state: FileState = { chats: {}, added: [] };
      if (existsSync(this.file)) {
        try {
          const parsed = JSON.parse(await readFile(this.file, "utf8")) as Partial<FileState>;
          state = { chats: parsed.chats ?? {}, added: parsed.added ?? [] };
        } catch (err) {
          log.warn({ file: this.file, err: (err as Error).message }, "the subscriptions file is unreadable: starting with none (the file is kept as .bad)");
          await rename(this.file, `${this.file}.bad`).catch(() => undefined);
        }
      }
      this.state = state;
      return state;
    })());
  }

  private changed(): void {
    if (this.flushTimer) return;
    this.flushTimer = setTimeout(() => {
      this.flushTimer = undefined;
      void this.flush();
    }, this.flushMs);
  }

  /** Writes the state now (atomically); later changes wait for this write. */
  flush(): Promise<void> {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    const state = this.state;
    if (!state) return this.writing;
    this.writing = this.writing.then(async () => {
      try {
        // chat ids are kept here (they are where pushes go): the file is private, 0600 in a 0700 folder
        const dir = resolve(this.file, "..");
        await mkdir(dir, { recursive: true, mode: 0o700 });
        await chmod(dir, 0o700);
        const tmp = `${this.file}.${process.pid}.tmp`;
        await writeFile(tmp, JSON.stringify(state), { mode: 0o600 });
        await chmod(tmp, 0o600);
        await rename(tmp, this.file);
      } catch (err) {
        log.warn({ file: this.file, err: (err as Error).message }, "could not write the subscriptions file (kept in memory; tried again at the next change)");
      }
    });
    return this.writing;
  }

  private chat(state: FileState, chatId: number): FileChat {
    return (state.chats[String(chatId)] ??= { topics: [], pushed: {}, days: {}, digests: [] });
  }

  async add(chatId: number, topic: string, max: number): Promise<"added" | "exists" | "full"> {
    const state = await this.load();
    const c = this.chat(state, chatId);
    if (c.topics.some((t) => sameTopic(t, topic))) return "exists";
    if (c.topics.length >= max) return "full";
    c.topics.push(topic);
    this.changed();
    return "added";
  }

  async remove(chatId: number, topic?: string): Promise<string[]> {
    const state = await this.load();
    const c = state.chats[String(chatId)];
    if (!c) return [];
    const removed = c.topics.filter((t) => topic === undefined || sameTopic(t, topic));
    c.topics = c.topics.filter((t) => !removed.includes(t));
    if (removed.length) this.changed();
    return removed;
  }

  async topics(chatId: number): Promise<string[]> {
    return [...((await this.load()).chats[String(chatId)]?.topics ?? [])];
  }

  async subscribers(): Promise<Subscriber[]> {
    const state = await this.load();
    return Object.entries(state.chats)
      .filter(([, c]) => c.topics.length > 0)
      .map(([id, c]) => ({ chatId: Number(id), topics: [...c.topics] }));
  }

  async drop(chatId: number): Promise<void> {
    const state = await this.load();
    delete state.chats[String(chatId)];
    this.changed();
  }

  async claim(chatId: number, docId: string, day: string, cap: number): Promise<Claim> {
    const state = await this.load();
    const c = this.chat(state, chatId);
    if (c.pushed[docId]) return "dup";
    if ((c.days[day] ?? 0) >= cap) return "cap";
    c.pushed[docId] = day;
    c.days[day] = (c.days[day] ?? 0) + 1;
    // forget what is old
    const keepFrom = dayMinus(day, PUSHED_KEEP_DAYS);
    for (const [d, when] of Object.entries(c.pushed)) if (when < keepFrom) delete c.pushed[d];
    for (const d of Object.keys(c.days)) if (d < dayMinus(day, 2)) delete c.days[d];
    this.changed();
    return "ok";
  }

  async release(chatId: number, docId: string, day: string): Promise<void> {
    const state = await this.load();
    const c = state.chats[String(chatId)];
    if (!c || c.pushed[docId] === undefined) return;
    delete c.pushed[docId];
    c.days[day] = Math.max(0, (c.days[day] ?? 1) - 1);
    this.changed();
  }

  async noteAdded(ids: string[], at: number): Promise<void> {
    const state = await this.load();
    state.added = state.added.filter((a) => a.at >= at - ADDED_KEEP_MS);
    for (const id of ids) state.added.push({ id, at });
    this.changed();
  }

  async addedSince(since: number): Promise<string[]> {
    return [...new Set((await this.load()).added.filter((a) => a.at >= since).map((a) => a.id))];
  }

  async claimDigest(chatId: number, day: string): Promise<boolean> {
    const c = this.chat(await this.load(), chatId);
    if (c.digests.includes(day)) return false;
    c.digests = [...c.digests.filter((d) => d >= dayMinus(day, 2)), day];
    this.changed();
    return true;
  }

  async close(): Promise<void> {
    await this.flush();
  }
}

const R = {
  chats: "wnb:subs:chats",
  topics: (c: number) => `wnb:subs:topics:${c}`,
  pushed: (c: number) => `wnb:subs:pushed:${c}`,
  count: (c: number, day: string) => `wnb:subs:count:${c}:${day}`,
  added: "wnb:subs:added",
  digest: (c: number, day: string) => `wnb:subs:digest:${c}:${day}`,
};

const CLAIM = `
if redis.call('SISMEMBER', KEYS[1], ARGV[1]) == 1 then return 'dup' end
local n = tonumber(redis.call('GET', KEYS[2]) or '0')
if n >= tonumber(ARGV[2]) then return 'cap' end
redis.call('SADD', KEYS[1], ARGV[1])
redis.call('EXPIRE', KEYS[1], ARGV[3])
redis.call('INCR', KEYS[2])
redis.call('EXPIRE', KEYS[2], 172800)
return 'ok'`;

export class RedisSubscriptionStore implements SubscriptionStore {
  readonly kind = "redis";
  constructor(readonly redis: Redis) {}

  async add(chatId: number, topic: string, max: number): Promise<"added" | "exists" | "full"> {
    const current = await this.redis.smembers(R.topics(chatId));
    if (current.some((t) => sameTopic(t, topic))) return "exists";
    if (current.length >= max) return "full";
    await this.redis.multi().sadd(R.topics(chatId), topic).sadd(R.chats, String(chatId)).exec();
    return "added";
  }

  async remove(chatId: number, topic?: string): Promise<string[]> {
    const current = await this.redis.smembers(R.topics(chatId));
    const removed = current.filter((t) => topic === undefined || sameTopic(t, topic));
    if (removed.length) await this.redis.srem(R.topics(chatId), ...removed);
    if (removed.length === current.length) await this.redis.srem(R.chats, String(chatId));
    return removed;
  }

  async topics(chatId: number): Promise<string[]> {
    return (await this.redis.smembers(R.topics(chatId))).sort();
  }

  async subscribers(): Promise<Subscriber[]> {
    const chats = (await this.redis.smembers(R.chats)).map(Number);
    const out: Subscriber[] = [];
    for (let i = 0; i < chats.length; i += 500) {
      const part = chats.slice(i, i + 500);
      const res = await part.reduce((p, c) => p.smembers(R.topics(c)), this.redis.pipeline()).exec();
      part.forEach((chatId, j) => {
        const topics = ((res?.[j]?.[1] as string[] | undefined) ?? []).sort();
        if (topics.length) out.push({ chatId, topics });
      });
    }
    return out;
  }

  async drop(chatId: number): Promise<void> {
    await this.redis.multi().srem(R.chats, String(chatId)).del(R.topics(chatId), R.pushed(chatId)).exec();
  }

  async claim(chatId: number, docId: string, day: string, cap: number): Promise<Claim> {
    const r = await this.redis.eval(CLAIM, 2, R.pushed(chatId), R.count(chatId, day), docId, String(cap), String(PUSHED_KEEP_DAYS * 86_400));
    return r as Claim;
  }

  async release(chatId: number, docId: string, day: string): Promise<void> {
    const removed = await this.redis.srem(R.pushed(chatId), docId);
    if (removed) await this.redis.decr(R.count(chatId, day));
  }

  async noteAdded(ids: string[], at: number): Promise<void> {
    if (!ids.length) return;
    const args = ids.flatMap((id) => [at, id] as [number, string]);
    await this.redis
      .multi()
      .zadd(R.added, ...args)
      .zremrangebyscore(R.added, "-inf", at - ADDED_KEEP_MS)
      .exec();
  }

  async addedSince(since: number): Promise<string[]> {
    return this.redis.zrangebyscore(R.added, since, "+inf");
  }

  async claimDigest(chatId: number, day: string): Promise<boolean> {
    return (await this.redis.set(R.digest(chatId, day), "1", "EX", 3 * 86_400, "NX")) === "OK";
  }

  async close(): Promise<void> {
    await closeRedis(this.redis);
  }
}

/** The store where the sessions are: Redis with SESSION_STORE=redis, else the file in SUBSCRIPTIONS_DIR. */
export function createSubscriptionStore(cfg: Config): SubscriptionStore {
  if (cfg.SESSION_STORE === "redis" && cfg.REDIS_URL) return new RedisSubscriptionStore(redisClient(cfg.REDIS_URL, "subscriptions"));
  return new FileSubscriptionStore(cfg.SUBSCRIPTIONS_DIR);
}
