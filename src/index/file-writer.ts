/**
 * A new index file written from many buffers: each is hashed as it comes and written by vectored
 * writes of up to 1,024 buffers or 8 MB, so that a snapshot of the archive (tens of thousands of
 * article bodies) costs a few hundred system calls and never holds a second copy of the corpus.
 */
import { createHash, type Hash } from "node:crypto";
import { open, type FileHandle } from "node:fs/promises";
import type { FileInfo } from "./manifest.js";

const GROUP = 1024;
const GROUP_BYTES = 8 << 20;

export class FileWriter {
  private readonly hash: Hash = createHash("sha256");
  private bytes = 0;
  private group: Buffer[] = [];
  private groupBytes = 0;

  private constructor(private readonly fh: FileHandle) {}

  /** Creates the file; fails if it exists (index files are never rewritten: they may be hard-linked). */
  static async create(path: string): Promise<FileWriter> {
    return new FileWriter(await open(path, "wx"));
  }

  async add(buf: Buffer): Promise<void> {
    this.hash.update(buf);
    this.bytes += buf.byteLength;
    this.group.push(buf);
    this.groupBytes += buf.byteLength;
    if (this.group.length >= GROUP || this.groupBytes >= GROUP_BYTES) await this.flush();
  }

  private async flush(): Promise<void> {
    if (this.group.length === 0) return;
    const group = this.group;
    this.group = [];
    this.groupBytes = 0;
    await this.fh.writev(group);
  }

  /** Closes the file after a failure (what was written stays; the generation holding it is never published). */
  async abort(): Promise<void> {
    this.group = [];
    await this.fh.close().catch(() => undefined);
  }

  /** Writes what is left, closes the file and returns its size and checksum. */
  async close(): Promise<FileInfo> {
    try {
      await this.flush();
    } finally {
      await this.fh.close();
    }
    return { bytes: this.bytes, sha256: this.hash.digest("hex") };
  }
}
