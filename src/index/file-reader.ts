/**
 * Reads an index generation's files on a worker thread, into shared memory, and computes their
 * SHA-256 there. Loading the segmenter's dictionary is native, synchronous and takes about a second
 * on the main thread; meanwhile the other core reads and checks the files, and the main thread then
 * gets each file's bytes and digest without a copy.
 */
import { Worker } from "node:worker_threads";

const SOURCE = `
const { parentPort } = require("node:worker_threads");
const { closeSync, fstatSync, openSync, readSync } = require("node:fs");
const { createHash } = require("node:crypto");
parentPort.on("message", ({ id, path, hash }) => {
  let fd;
  try {
    fd = openSync(path, "r");
    const size = fstatSync(fd).size;
    const sab = new SharedArrayBuffer(Math.max(size, 1));
    const view = new Uint8Array(sab, 0, size);
    let at = 0;
    while (at < size) {
      const n = readSync(fd, view, at, Math.min(size - at, 1 << 30), at);
      if (n === 0) break;
      at += n;
    }
    const sha256 = hash ? createHash("sha256").update(view.subarray(0, at)).digest("hex") : undefined;
    parentPort.postMessage({ id, sab, bytes: at, sha256 });
  } catch (err) {
    parentPort.postMessage({ id, error: String((err && err.code) || err) });
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
});`;

export interface FileRead {
  /** The file's bytes (a view of shared memory). */
  buf: Buffer;
  /** Hex SHA-256 of the bytes, when asked for. */
  sha256: string | undefined;
}

type Reply = { id: number; sab: SharedArrayBuffer; bytes: number; sha256?: string } | { id: number; error: string };

export class FileReader {
  private readonly worker = new Worker(SOURCE, { eval: true });
  private readonly waiting = new Map<number, { resolve: (r: FileRead) => void; reject: (err: Error) => void }>();
  private next = 0;

  constructor() {
    this.worker.on("message", (r: Reply) => {
      const w = this.waiting.get(r.id);
      this.waiting.delete(r.id);
      if (!w) return;
      if ("error" in r) w.reject(new Error(r.error));
      else w.resolve({ buf: Buffer.from(r.sab, 0, r.bytes), sha256: r.sha256 });
    });
    const failAll = (err: Error): void => {
      for (const w of this.waiting.values()) w.reject(err);
      this.waiting.clear();
    };
    this.worker.on("error", failAll);
    this.worker.on("exit", (code) => failAll(new Error(`the file reader thread stopped (exit code ${code})`)));
  }

  /** Reads a whole file (rejects with the system error code as message, e.g. ENOENT, when it cannot). */
  read(path: string, hash: boolean): Promise<FileRead> {
    const id = this.next++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.worker.postMessage({ id, path, hash });
    });
  }

  close(): void {
    void this.worker.terminate();
  }
}
