/**
 * What readers asked and what they thought of the answers, for the newsroom (`cli report`).
 *
 * Every answer the bot sends is recorded (the question, the question as understood, the cited
 * articles, whether it was answered) under the short id its 👍/👎 buttons carry; a vote is recorded
 * with a copy of those fields. Readers appear only as salted hashes of their Telegram id (never the
 * raw id, and no chat id, which in a private chat is the reader's id). The salt is READER_SALT
 * (src/config/reader-salt.ts), never kept with the records: a salt beside the hashes would let
 * whoever reads them hash every possible id and find the readers.
 *
 *   file   FEEDBACK_DIR/YYYY-MM-DD.jsonl, one JSON object a line ({"type":"answer"|"vote", …}),
 *          files 0600 in a folder of mode 0700 (default);
 *   redis  when REDIS_URL is set: wnb:feedback:day:<day> lists of the same lines, the set of days
 *          wnb:feedback:days, each answer under wnb:feedback:answer:<id> (kept 90 days, so that a
 *          vote finds it) — shared by every instance. A salt an earlier version kept in Redis
 *          (wnb:feedback:salt) is deleted.
 */
import { createHash } from "node:crypto";
import { appendFile, chmod, mkdir, readdir, readFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { Redis } from "ioredis";
import type { Config } from "../config/env.js";
import { readerSalt } from "../config/reader-salt.js";
import { log } from "../log.js";

export interface AnswerRecord {
  /** The answer's short id (the 👍/👎 buttons carry it). */
  id: string;
  /** When it was sent (ISO 8601) and on which day (YYYY-MM-DD in TIMEZONE). */
  at: string;
  day: string;
  /** Salted hash of the reader's Telegram id. */
  reader: string;
  chat: "private" | "group";
  question: string;
  /** The question as understood (a follow-up made standalone). */
  standalone: string;
  found: boolean;
  /** The cited articles' ids, in citation order. */
  docIds: string[];
  /** A 「更多」 press: the continuation of `standalone`, not a new question (records before 2026-12 have none). */
  continues?: boolean;
}

export interface VoteRecord {
  /** The answer voted on. */
  id: string;
  at: string;
  day: string;
  /** Salted hash of the voter's Telegram id. */
  reader: string;
  vote: "up" | "down";
  question: string;
  standalone: string;
  found: boolean;
  docIds: string[];
}

export interface FeedbackRecords {
  answers: AnswerRecord[];
  votes: VoteRecord[];
}

export interface FeedbackStore {
  readonly kind: "file" | "redis";
  /** The salt of reader hashes (READER_SALT; never kept with the records). */
  salt(): Promise<string>;
  recordAnswer(r: AnswerRecord): Promise<void>;
  /** An answer by its id, while it is kept. */
  answer(id: string): Promise<AnswerRecord | undefined>;
  recordVote(v: VoteRecord): Promise<void>;
  /** Everything recorded on `since` (YYYY-MM-DD) or later; everything when omitted. */
  read(since?: string): Promise<FeedbackRecords>;
  close(): Promise<void>;
}

/** A reader's id as stored: a salted SHA-256, 16 characters. */
export const readerHash = (salt: string, userId: number | string): string => createHash("sha256").update(`${salt}:${userId}`).digest("base64url").slice(0, 16);

const DAY_FILE = /^(\d{4}-\d{2}-\d{2})\.jsonl$/u;
/** Days searched for an answer that is not in memory (a vote on an old answer). */
const LOOKBACK_DAYS = 90;
const MEMORY_ANSWERS = 20_000;

type Line = ({ type: "answer" } & AnswerRecord) | ({ type: "vote" } & VoteRecord);

function split(lines: Line[], since: string | undefined): FeedbackRecords {
  const out: FeedbackRecords = { answers: [], votes: [] };
  for (const l of lines) {
    if (since && l.day < since) continue;
    const { type, ...rest } = l;
    if (type === "answer") out.answers.push(rest as AnswerRecord);
    else if (type === "vote") out.votes.push(rest as VoteRecord);
  }
  return out;
}

function parseLines(text: string): Line[] {
  const out: Line[] = [];
  for (const line of text.split("\n")) {
    if (!line.trim()) continue;
    try {
      out.push(JSON.parse(line) as Line);
    } catch {
      // a line cut short by a crash: skipped
    }
  }
  return out;
}

/** The salt itself, or where to get it from (src/config/reader-salt.ts). */
export type SaltSource = string | (() => Promise<string>);
const saltOf = (source: SaltSource): Promise<string> => (typeof source === "string" ? Promise.resolve(source) : source());

export class FileFeedbackStore implements FeedbackStore {
  readonly kind = "file";
  readonly dir: string;
  private recent = new Map<string, AnswerRecord>();
  private ready: Promise<void> | undefined;

  constructor(
    dir: string,
    private readonly saltSource: SaltSource,
  ) {
    this.dir = resolve(dir);
  }

  /** The folder, private (0700), its records too (0600) — also those an earlier version left readable by everyone. */
  private ensureDir(): Promise<void> {
    return (this.ready ??= (async () => {
      await mkdir(this.dir, { recursive: true, mode: 0o700 });
      await chmod(this.dir, 0o700);
      for (const name of await readdir(this.dir)) await chmod(join(this.dir, name), 0o600).catch(() => undefined);
    })());
  }

  salt(): Promise<string> {
    return saltOf(this.saltSource);
  }

  private async append(line: Line): Promise<void> {
    await this.ensureDir();
    await appendFile(join(this.dir, `${line.day}.jsonl`), `${JSON.stringify(line)}\n`, { mode: 0o600 });
  }

  async recordAnswer(r: AnswerRecord): Promise<void> {
    this.recent.set(r.id, r);
    if (this.recent.size > MEMORY_ANSWERS) this.recent.delete(this.recent.keys().next().value!);
    await this.append({ type: "answer", ...r });
  }

  async answer(id: string): Promise<AnswerRecord | undefined> {
    const hit = this.recent.get(id);
    if (hit) return hit;
    const days = await this.days();
    const needle = `"id":${JSON.stringify(id)}`;
    for (const day of days.reverse().slice(0, LOOKBACK_DAYS)) {
      const text = await readFile(join(this.dir, `${day}.jsonl`), "utf8").catch(() => "");
      if (!text.includes(needle)) continue;
      const found = parseLines(text).find((l) => l.type === "answer" && l.id === id);
      if (found) {
        const { type: _t, ...rec } = found;
        return rec as AnswerRecord;
      }
    }
    return undefined;
  }

  async recordVote(v: VoteRecord): Promise<void> {
    await this.append({ type: "vote", ...v });
  }

  private async days(): Promise<string[]> {
    const names = await readdir(this.dir).catch(() => [] as string[]);
    return names.flatMap((n) => DAY_FILE.exec(n)?.[1] ?? []).sort();
  }

  async read(since?: string): Promise<FeedbackRecords> {
    const lines: Line[] = [];
    for (const day of await this.days()) {
      if (since && day < since) continue;
      lines.push(...parseLines(await readFile(join(this.dir, `${day}.jsonl`), "utf8")));
    }
    return split(lines, since);
  }

  async close(): Promise<void> {}
}

const K = {
  /** Where an earlier version kept the salt, beside the hashes: deleted. */
  legacySalt: "wnb:feedback:salt",
  days: "wnb:feedback:days",
  day: (d: string) => `wnb:feedback:day:${d}`,
  answer: (id: string) => `wnb:feedback:answer:${id}`,
};
const ANSWER_TTL_SECONDS = LOOKBACK_DAYS * 24 * 3600;

export class RedisFeedbackStore implements FeedbackStore {
  readonly kind = "redis";
  private cleaned: Promise<void> | undefined;

  constructor(
    readonly redis: Redis,
    private readonly saltSource: SaltSource,
  ) {}

  salt(): Promise<string> {
    return saltOf(this.saltSource);
  }

  /** Deletes the salt an earlier version kept in Redis beside the reader hashes (once per process). */
  private removeStoredSalt(): Promise<void> {
    return (this.cleaned ??= this.redis.del(K.legacySalt).then(
      (n) => {
        if (n) log.warn("deleted the reader salt an earlier version kept in Redis beside the reader hashes (wnb:feedback:salt); READER_SALT is the salt now");
      },
      () => {
        this.cleaned = undefined; // tried again at the next record
      },
    ));
  }

  private async push(line: Line): Promise<void> {
    await this.redis.multi().rpush(K.day(line.day), JSON.stringify(line)).sadd(K.days, line.day).exec();
  }

  async recordAnswer(r: AnswerRecord): Promise<void> {
    await this.removeStoredSalt();
    await this.redis
      .multi()
      .set(K.answer(r.id), JSON.stringify(r), "EX", ANSWER_TTL_SECONDS)
      .rpush(K.day(r.day), JSON.stringify({ type: "answer", ...r }))
      .sadd(K.days, r.day)
      .exec();
  }

  async answer(id: string): Promise<AnswerRecord | undefined> {
    const s = await this.redis.get(K.answer(id));
    return s ? (JSON.parse(s) as AnswerRecord) : undefined;
  }

  async recordVote(v: VoteRecord): Promise<void> {
    await this.push({ type: "vote", ...v });
  }

  async read(since?: string): Promise<FeedbackRecords> {
    const days = (await this.redis.smembers(K.days)).filter((d) => !since || d >= since).sort();
    const lines: Line[] = [];
    for (const d of days) lines.push(...parseLines((await this.redis.lrange(K.day(d), 0, -1)).join("\n")));
    return split(lines, since);
  }

  async close(): Promise<void> {
    await closeRedis(this.redis);
  }
}

/** A Redis connection that never holds up a caller for long: commands fail fast while Redis is away. */
export function redisClient(url: string, what: string): Redis {
  const redis = new Redis(url, {
    lazyConnect: true,
    enableOfflineQueue: true,
    maxRetriesPerRequest: 1,
    connectTimeout: 2000,
    retryStrategy: (n) => Math.min(200 * n, 2000),
  });
  let down = false;
  redis.on("error", (err: Error) => {
    if (!down) log.warn({ store: what, err: err.message }, "redis connection error (will keep retrying)");
    down = true;
  });
  redis.on("ready", () => {
    if (down) log.info({ store: what }, "redis connection is back");
    down = false;
  });
  return redis;
}

/** Closes a connection, also one that never connected (lazy) or is down. */
export async function closeRedis(redis: Redis): Promise<void> {
  if (redis.status === "wait" || redis.status === "end") return redis.disconnect();
  await Promise.race([redis.quit(), new Promise((r) => setTimeout(r, 1000).unref())]).catch(() => undefined);
  redis.disconnect();
}

/** The feedback store the settings name: Redis when REDIS_URL is set, else files in FEEDBACK_DIR. */
export function createFeedbackStore(cfg: Config, opts: { dir?: string } = {}): FeedbackStore {
  const salt = (): Promise<string> => readerSalt(cfg);
  if (cfg.REDIS_URL && !opts.dir) return new RedisFeedbackStore(redisClient(cfg.REDIS_URL, "feedback"), salt);
  return new FileFeedbackStore(opts.dir ?? cfg.FEEDBACK_DIR, salt);
}
