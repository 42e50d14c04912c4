/**
 * Where a chat's conversation is kept (grammY sessions, keyed per chat):
 *   memory  MemorySessionStorage with expiry, swept every minute so memory stays bounded;
 *   file    one private file per key in SESSION_DIR (0600 in 0700 folders, survives restarts),
 *           named by a salted hash of the key and removed from the disk once expired
 *           (src/bot/session-files.ts);
 *   redis   @grammyjs/storage-redis over ioredis (several instances share state), TTL in Redis,
 *           every key a salted hash under `wnb:session:`.
 * The salt is READER_SALT (src/config/reader-salt.ts). A store that fails or hangs (Redis gone) does
 * not stop the bot: sessions fall back to memory, the log says so once, and the store is used again
 * as soon as it answers (sessions written meanwhile are copied back).
 */
import { RedisAdapter } from "@grammyjs/storage-redis";
import { MemorySessionStorage, type StorageAdapter } from "grammy";
import { Redis } from "ioredis";
import type { Config } from "../config/env.js";
import type { ConversationState } from "../conversation/state.js";
import { readerSalt } from "../config/reader-salt.js";
import { log } from "../log.js";
import { HashedKeys, PrivateFileStorage } from "./session-files.js";
import type { JournalRecord } from "./update-journal.js";
import { ops } from "../ops/events.js";

export interface SessionData {
  conv: ConversationState;
}

/** Where the session keys of Redis live: `wnb:session:<salted hash of the key>`. */
export const REDIS_SESSION_PREFIX = "wnb:session:";
/** Where the journal of updates in flight lives in Redis. */
const REDIS_JOURNAL_PREFIX = "wnb:journal:";

export interface SessionStore {
  storage: StorageAdapter<SessionData>;
  /** Where the journal of updates in flight is kept (src/bot/update-journal.ts): the same backend; none for the memory store. */
  journal?: StorageAdapter<JournalRecord>;
  kind: Config["SESSION_STORE"];
  /** Sessions held in memory (the memory store, or the fallback while degraded). */
  memorySize(): number;
  close(): Promise<void>;
}

/** Memory storage whose expired entries are actually dropped (MemorySessionStorage only drops them on read). */
export class SweptMemoryStorage<T> extends MemorySessionStorage<T> {
  private timer: NodeJS.Timeout;
  constructor(ttlMs: number, sweepMs = 60_000) {
    super(ttlMs);
    this.timer = setInterval(() => this.sweep(), sweepMs);
    this.timer.unref();
  }
  sweep(): void {
    this.readAllValues(); // reading an expired entry deletes it
  }
  get size(): number {
    return this.storage.size;
  }
  stop(): void {
    clearInterval(this.timer);
  }
}

function withTimeout<T>(p: Promise<T> | T, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    Promise.resolve(p),
    new Promise<T>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

/** A store that falls back to memory while its primary fails, and goes back when it recovers. */
class ResilientStorage<T> implements StorageAdapter<T> {
  degraded = false;
  readonly fallback: SweptMemoryStorage<T>;
  private pending = new Set<string>();

  constructor(
    private readonly primary: StorageAdapter<T>,
    private readonly name: string,
    ttlMs: number,
    private readonly timeoutMs = 1500,
  ) {
    this.fallback = new SweptMemoryStorage<T>(ttlMs);
  }

  private fail(op: string, err: unknown): void {
    if (!this.degraded) {
      this.degraded = true;
      if (this.name === "redis") ops.redisDegraded("sessions", true);
      log.warn(
        { store: this.name, op, err: err instanceof Error ? err.message : String(err) },
        "session store unavailable: sessions are kept in memory of this instance until it is back (degraded)",
      );
    }
  }

  private recovered(): void {
    if (this.degraded) {
      this.degraded = false;
      if (this.name === "redis") ops.redisDegraded("sessions", false);
      log.info({ store: this.name, copiedBack: this.pending.size }, "session store is back: sessions are stored there again");
    }
  }

  async read(key: string): Promise<T | undefined> {
    try {
      const value = await withTimeout(this.primary.read(key), this.timeoutMs, `${this.name} read`);
      this.recovered();
      if (this.pending.has(key)) {
        // Written while the store was away: that copy is newer.
        const local = this.fallback.read(key);
        this.pending.delete(key);
        this.fallback.delete(key);
        if (local !== undefined) {
          await withTimeout(this.primary.write(key, local), this.timeoutMs, `${this.name} write`).catch(() => undefined);
          return local;
        }
      }
      return value;
    } catch (err) {
      this.fail("read", err);
      return this.fallback.read(key);
    }
  }

  async write(key: string, value: T): Promise<void> {
    try {
      await withTimeout(this.primary.write(key, value), this.timeoutMs, `${this.name} write`);
      this.recovered();
      if (this.pending.delete(key)) this.fallback.delete(key);
    } catch (err) {
      this.fail("write", err);
      this.fallback.write(key, value);
      this.pending.add(key);
    }
  }

  async delete(key: string): Promise<void> {
    this.fallback.delete(key);
    this.pending.delete(key);
    try {
      await withTimeout(this.primary.delete(key), this.timeoutMs, `${this.name} delete`);
      this.recovered();
    } catch (err) {
      this.fail("delete", err);
    }
  }
}

export async function createSessionStore(cfg: Config): Promise<SessionStore> {
  const ttlMs = cfg.SESSION_TTL_MINUTES * 60_000;
  if (cfg.SESSION_STORE === "file") {
    const files = new PrivateFileStorage<SessionData>(cfg.SESSION_DIR, ttlMs);
    void files.sweep().catch((err: unknown) => log.warn({ err: (err as Error).message }, "could not sweep expired sessions from SESSION_DIR"));
    const salt = await readerSalt(cfg);
    const storage = new ResilientStorage<SessionData>(new HashedKeys(files, salt), "file", ttlMs);
    const journalFiles = new PrivateFileStorage<JournalRecord>(cfg.SESSION_DIR, ttlMs);
    const journal = new ResilientStorage<JournalRecord>(new HashedKeys(journalFiles, salt), "file", ttlMs);
    log.info({ dir: files.dir }, "sessions: file store");
    return {
      storage,
      journal,
      kind: "file",
      memorySize: () => storage.fallback.size,
      close: async () => {
        files.stop();
        journalFiles.stop();
        storage.fallback.stop();
        journal.fallback.stop();
      },
    };
  }
  if (cfg.SESSION_STORE === "redis") {
    const redis = new Redis(cfg.REDIS_URL!, {
      lazyConnect: true,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      connectTimeout: 2000,
      retryStrategy: (times) => Math.min(200 * times, 2000),
    });
    let down = false;
    redis.on("error", (err: Error) => {
      if (!down) log.warn({ err: err.message }, "redis connection error (will keep retrying)");
      down = true;
    });
    redis.on("ready", () => {
      if (down) log.info("redis connection is back");
      down = false;
    });
    try {
      await redis.connect();
    } catch (err) {
      log.warn({ err: (err as Error).message }, "redis is not reachable at start-up: starting with sessions in memory (degraded), retrying in the background");
    }
    const salt = await readerSalt(cfg);
    const ttl = Math.ceil(ttlMs / 1000);
    const adapter = new HashedKeys(new RedisAdapter<SessionData>({ instance: redis, ttl }), salt, REDIS_SESSION_PREFIX);
    const storage = new ResilientStorage<SessionData>(adapter, "redis", ttlMs);
    const journal = new ResilientStorage<JournalRecord>(
      new HashedKeys(new RedisAdapter<JournalRecord>({ instance: redis, ttl }), salt, REDIS_JOURNAL_PREFIX),
      "redis",
      ttlMs,
    );
    log.info({ url: redactUrl(cfg.REDIS_URL!) }, "sessions: redis store");
    return {
      storage,
      journal,
      kind: "redis",
      memorySize: () => storage.fallback.size,
      close: async () => {
        storage.fallback.stop();
        journal.fallback.stop();
        await redis.quit().catch(() => redis.disconnect());
      },
    };
  }
  const memory = new SweptMemoryStorage<SessionData>(ttlMs);
  return { storage: memory, kind: "memory", memorySize: () => memory.size, close: async () => memory.stop() };
}

/** A Redis URL without its password, for the log. */
function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = "***";
    return u.toString();
  } catch {
    return "(invalid url)";
  }
}
