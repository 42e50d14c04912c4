/**
 * The salt of the hashes that stand for readers wherever something about them is kept at rest:
 * session files and Redis session keys, the feedback records, the rate-limit counters in Redis.
 *
 * It is a setting (READER_SALT; FEEDBACK_SALT is its earlier name), the same for every instance and
 * never stored in a store that holds the hashes: a salt kept beside them lets anyone who reads the
 * store hash every possible Telegram id and find the readers (ids 0–2,000,000 take 2.5 s). With
 * REDIS_URL it is required (loadConfig says so). Without Redis, when it is unset, one is generated
 * once and kept in `.reader-salt` in the working folder (mode 0600), apart from the sessions and the
 * feedback records; a salt an earlier version kept in FEEDBACK_DIR/salt is moved there, so that the
 * reader hashes of earlier feedback stay comparable.
 */
import { createHmac, randomBytes } from "node:crypto";
import { chmod, link, readFile, rm, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { ConfigError, type Config } from "./env.js";

/** Where a generated salt is kept when READER_SALT is unset (no Redis). */
export const SALT_FILE = ".reader-salt";

/** The configured salt, if one is set. */
export const configuredSalt = (cfg: Pick<Config, "READER_SALT" | "FEEDBACK_SALT">): string | undefined => cfg.READER_SALT ?? cfg.FEEDBACK_SALT;

const cache = new Map<string, Promise<string>>();

/** The reader salt: the setting, or (without Redis) the one generated once and kept in SALT_FILE. */
export function readerSalt(cfg: Pick<Config, "READER_SALT" | "FEEDBACK_SALT" | "REDIS_URL" | "FEEDBACK_DIR">): Promise<string> {
  const set = configuredSalt(cfg);
  if (set) return Promise.resolve(set);
  if (cfg.REDIS_URL) return Promise.reject(new ConfigError("REDIS_URL needs READER_SALT (see .env.example)"));
  const file = resolve(SALT_FILE);
  let salt = cache.get(file);
  if (!salt) {
    salt = keptSalt(file, join(resolve(cfg.FEEDBACK_DIR), "salt"));
    salt.catch(() => cache.delete(file));
    cache.set(file, salt);
  }
  return salt;
}

async function readSalt(file: string): Promise<string | undefined> {
  const text = await readFile(file, "utf8").catch(() => "");
  return text.trim() || undefined;
}

/** The salt in `file`, created once (a salt an earlier version kept in FEEDBACK_DIR/salt is taken over and removed from there). */
async function keptSalt(file: string, legacy: string): Promise<string> {
  const existing = await readSalt(file);
  if (existing) {
    await rm(legacy, { force: true }).catch(() => undefined);
    return existing;
  }
  const fresh = (await readSalt(legacy)) ?? randomBytes(24).toString("hex");
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, `${fresh}\n`, { mode: 0o600 });
  await chmod(tmp, 0o600);
  try {
    // link, not rename: another process that made one meanwhile keeps it, and theirs wins
    await link(tmp, file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
  } finally {
    await rm(tmp, { force: true });
  }
  const kept = (await readSalt(file)) ?? fresh;
  await rm(legacy, { force: true }).catch(() => undefined);
  return kept;
}

/** A key as stored: a salted hash (HMAC-SHA256, base64url), so that no chat or user id is readable at rest. */
export const hashedKey = (salt: string, key: string): string => createHmac("sha256", salt).update(key).digest("base64url");
