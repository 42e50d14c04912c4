/**
 * Reader data at rest, for the session store (src/bot/sessions.ts):
 *
 * - `HashedKeys` stores every key (a chat id, 「<chat>:<user>」 in groups, an answer's reply key) as
 *   a salted hash under one prefix, so that neither file names nor Redis keys show a chat or user id;
 * - `PrivateFileStorage` keeps each entry in a file of its own, mode 0600 in folders of mode 0700,
 *   written atomically (a temporary file renamed), and removes entries from the disk once they are
 *   older than the time to live — on read, and by a sweep — so a conversation does not outlive
 *   SESSION_TTL_MINUTES on disk.
 *
 * Not @grammyjs/storage-file: it writes files readable by every user of the machine (0644, folders
 * 0755), names them by the raw key, and never removes expired ones.
 */
import type { StorageAdapter } from "grammy";
import { randomBytes } from "node:crypto";
import { chmod, mkdir, readdir, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { hashedKey } from "../config/reader-salt.js";
import { log } from "../log.js";

/** A storage whose keys are salted hashes under `prefix` (the inner storage never sees a raw key). */
export class HashedKeys<T> implements StorageAdapter<T> {
  constructor(
    private readonly inner: StorageAdapter<T>,
    private readonly salt: string,
    private readonly prefix = "",
  ) {}

  /** The key as stored. */
  keyOf(key: string): string {
    return `${this.prefix}${hashedKey(this.salt, key)}`;
  }

  read(key: string): Promise<T | undefined> | T | undefined {
    return this.inner.read(this.keyOf(key));
  }

  write(key: string, value: T): Promise<void> | void {
    return this.inner.write(this.keyOf(key), value);
  }

  delete(key: string): Promise<void> | void {
    return this.inner.delete(this.keyOf(key));
  }
}

interface Entry<T> {
  /** When the entry expires (epoch ms). */
  e: number;
  v: T;
}

const SAFE_NAME = /^[A-Za-z0-9_-]{1,200}$/u;

/** Entries as private files that expire on disk; see the module comment. Keys must be file-name safe (hashes). */
export class PrivateFileStorage<T> implements StorageAdapter<T> {
  readonly dir: string;
  private ready: Promise<void> | undefined;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    dir: string,
    private readonly ttlMs: number,
    sweepMs = Math.min(ttlMs, 10 * 60_000),
  ) {
    this.dir = resolve(dir);
    this.timer = setInterval(() => void this.sweep(), Math.max(1000, sweepMs));
    this.timer.unref();
  }

  /** The folder, made private (0700) — also one an earlier version made readable by everyone. */
  private ensureDir(): Promise<void> {
    return (this.ready ??= (async () => {
      await mkdir(this.dir, { recursive: true, mode: 0o700 });
      await chmod(this.dir, 0o700);
    })());
  }

  private fileOf(key: string): { folder: string; file: string } {
    if (!SAFE_NAME.test(key)) throw new Error("session keys must be hashes (A-Z, a-z, 0-9, _ and -)");
    const folder = join(this.dir, key.slice(0, 2));
    return { folder, file: join(folder, `${key}.json`) };
  }

  async read(key: string): Promise<T | undefined> {
    const { file } = this.fileOf(key);
    let text: string;
    try {
      text = await readFile(file, "utf8");
    } catch {
      return undefined;
    }
    let entry: Entry<T>;
    try {
      entry = JSON.parse(text) as Entry<T>;
    } catch {
      log.warn("a session file was unreadable (interrupted write?): that chat starts a fresh conversation");
      return undefined;
    }
    if (typeof entry?.e !== "number" || entry.e <= Date.now()) {
      await rm(file, { force: true }).catch(() => undefined);
      return undefined;
    }
    return entry.v;
  }

  async write(key: string, value: T): Promise<void> {
    await this.ensureDir();
    const { folder, file } = this.fileOf(key);
    await mkdir(folder, { recursive: true, mode: 0o700 });
    const tmp = `${file}.${randomBytes(4).toString("hex")}.tmp`;
    const entry: Entry<T> = { e: Date.now() + this.ttlMs, v: value };
    try {
      await writeFile(tmp, JSON.stringify(entry), { mode: 0o600 });
      await rename(tmp, file);
    } catch (err) {
      await rm(tmp, { force: true }).catch(() => undefined);
      throw err;
    }
  }

  async delete(key: string): Promise<void> {
    await rm(this.fileOf(key).file, { force: true });
  }

  /**
   * Removes from the disk every file of the folder older than the time to live (by when it was last
   * written): expired entries, temporary files of interrupted writes, and the files of earlier
   * versions, named by raw chat ids. Folders and files it keeps are made private.
   */
  async sweep(): Promise<number> {
    let removed = 0;
    const now = Date.now();
    const visit = async (dir: string, depth: number): Promise<void> => {
      const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
      for (const e of entries) {
        const path = join(dir, e.name);
        if (e.isDirectory()) {
          if (depth < 2) await visit(path, depth + 1);
          await chmod(path, 0o700).catch(() => undefined);
          continue;
        }
        const st = await stat(path).catch(() => undefined);
        if (!st) continue;
        if (now - st.mtimeMs > this.ttlMs) {
          await rm(path, { force: true }).catch(() => undefined);
          removed++;
        } else if ((st.mode & 0o077) !== 0) {
          await chmod(path, 0o600).catch(() => undefined);
        }
      }
    };
    await this.ensureDir();
    await visit(this.dir, 0);
    return removed;
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }
}
