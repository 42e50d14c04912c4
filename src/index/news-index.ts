/**
 * The index as the engine uses it: articles (metadata and body), chunk records, the BM25 index and
 * the hnswlib vectors, all addressed by integer labels. Loading checks the manifest, the format
 * version and every file's checksum, and says in one line what is wrong and how to fix it.
 */
import type { EmbeddingsInterface } from "@langchain/core/embeddings";
import { createHash } from "node:crypto";
import { Worker } from "node:worker_threads";
import { readFileSync } from "node:fs";
import { open, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { Chunk, DocMeta } from "../types.js";
import { dataPath } from "../paths.js";
import { addTerms } from "../text/tokenizer.js";
import { Bm25Index } from "./bm25.js";
import { IndexError } from "./errors.js";
import { currentGeneration } from "./generations.js";
import { chunkDocument, HnswVectorStore } from "./hnsw-store.js";
import { FORMAT_VERSION, fileInfo, type Manifest } from "./manifest.js";

export interface StoredDoc extends DocMeta {
  body: string;
}

const BODY = Symbol("body bytes");
type LazyDoc = StoredDoc & { [BODY]?: { buf: Buffer; start: number; end: number } };

/** A stored document whose body is decoded from the bodies buffer when read (an enumerable getter, so spreading or serialising it still gives the text). */
function lazyDoc(meta: Omit<StoredDoc, "body">, buf: Buffer, start: number, end: number): StoredDoc {
  const d = meta as LazyDoc;
  Object.defineProperty(d, "body", { get: () => buf.toString("utf8", start, end), enumerable: true, configurable: true });
  Object.defineProperty(d, BODY, { value: { buf, start, end }, enumerable: false });
  return d;
}

export const FILES = {
  manifest: "manifest.json",
  /** Document metadata, one JSON line each, with the byte range of its body in bodies.bin. */
  docs: "docs.jsonl",
  /** All bodies, UTF-8, back to back: read as one buffer and decoded only when a body is used. */
  bodies: "bodies.bin",
  chunks: "chunks.bin",
  vocab: "bm25-vocab.json",
  postings: "bm25-postings.bin",
  /** The document-level vector index: hnswlib graph, or the exact matrix (manifest.hnsw.search). */
  vectors: "doc-vectors.bin",
  chunkVectors: "chunk-vectors.bin",
  terms: "terms.txt",
} as const;

/** Fingerprint of the data files that decide how text is tokenised. */
export function tokenizerFingerprint(): string {
  const h = createHash("sha256");
  for (const f of ["user-dict.txt", "stopwords.txt", "ocr-fixes.tsv"]) {
    try {
      h.update(readFileSync(dataPath(f)));
    } catch {
      h.update(`missing:${f}`);
    }
  }
  return h.digest("hex").slice(0, 16);
}

/** A whole file read into shared memory (so a worker can hash it without a copy). */
async function readShared(path: string): Promise<Buffer> {
  const fh = await open(path, "r");
  try {
    const size = (await fh.stat()).size;
    const buf = Buffer.from(new SharedArrayBuffer(Math.max(size, 1)), 0, size);
    let at = 0;
    while (at < size) {
      const { bytesRead } = await fh.read(buf, at, size - at, at);
      if (bytesRead === 0) break;
      at += bytesRead;
    }
    return at === size ? buf : buf.subarray(0, at);
  } finally {
    await fh.close();
  }
}

const HASHER_SOURCE = `
const { parentPort } = require("node:worker_threads");
const { createHash } = require("node:crypto");
parentPort.on("message", ({ id, buf, offset, length }) => {
  parentPort.postMessage({ id, hex: createHash("sha256").update(new Uint8Array(buf, offset, length)).digest("hex") });
});`;

/** SHA-256 of buffers in shared memory, computed on a worker thread. */
class Hasher {
  private readonly worker = new Worker(HASHER_SOURCE, { eval: true });
  private readonly waiting = new Map<number, { resolve: (hex: string) => void; reject: (err: Error) => void }>();
  private next = 0;

  constructor() {
    this.worker.on("message", ({ id, hex }: { id: number; hex: string }) => {
      this.waiting.get(id)?.resolve(hex);
      this.waiting.delete(id);
    });
    this.worker.on("error", (err) => {
      for (const w of this.waiting.values()) w.reject(err);
      this.waiting.clear();
    });
  }

  sha256(buf: Buffer): Promise<string> {
    if (!(buf.buffer instanceof SharedArrayBuffer)) return Promise.resolve(createHash("sha256").update(buf).digest("hex"));
    const id = this.next++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.worker.postMessage({ id, buf: buf.buffer, offset: buf.byteOffset, length: buf.byteLength });
    });
  }

  close(): void {
    void this.worker.terminate();
  }
}

export class NewsIndex {
  /** Documents by document number; undefined where a document was removed. */
  readonly docs: Array<StoredDoc | undefined> = [];
  readonly docNumber = new Map<string, number>();
  /** Chunk records by label: document number, chunk index, offsets. undefined = removed. */
  readonly chunkDoc: number[] = [];
  readonly chunkN: number[] = [];
  readonly chunkStart: number[] = [];
  readonly chunkEnd: number[] = [];
  readonly chunksOfDoc = new Map<number, number[]>();
  readonly deletedLabels = new Set<number>();
  terms: string[] = [];

  constructor(
    public manifest: Manifest,
    readonly bm25: Bm25Index,
    readonly vectors: HnswVectorStore,
    readonly embeddings: EmbeddingsInterface,
  ) {
    vectors.setResolver((label) => {
      const c = this.chunk(label);
      return c ? chunkDocument(c.text, { docId: c.docId, chunkId: c.chunkId, label }) : undefined;
    });
    vectors.setGroups((docNo) => this.chunksOfDoc.get(docNo) ?? []);
  }

  get documentCount(): number {
    return this.docNumber.size;
  }

  get chunkCount(): number {
    return this.chunkDoc.length - this.deletedLabels.size;
  }

  doc(id: string): StoredDoc | undefined {
    const n = this.docNumber.get(id);
    return n === undefined ? undefined : this.docs[n];
  }

  /** All live documents in index order. */
  *liveDocs(): Generator<StoredDoc> {
    for (const d of this.docs) if (d) yield d;
  }

  chunk(label: number): Chunk | undefined {
    if (this.deletedLabels.has(label)) return undefined;
    const docNo = this.chunkDoc[label]!;
    const d = this.docs[docNo];
    if (!d) return undefined;
    const start = this.chunkStart[label]!;
    const end = this.chunkEnd[label]!;
    const n = this.chunkN[label]!;
    return { chunkId: `${d.id}::${n}`, docId: d.id, n, start, end, text: this.bodyOf(docNo, d).slice(start, end) };
  }

  /** Where a loaded document's body lies in the bodies buffer (undefined for a document added since loading). */
  bodyBytes(d: StoredDoc): { buf: Buffer; start: number; end: number } | undefined {
    return (d as LazyDoc)[BODY];
  }

  /** Counts removals and compactions: what was derived from the documents must then be derived again. */
  mutations = 0;

  /** Length in characters of a chunk's text (without decoding it). */
  chunkLength(label: number): number {
    return this.deletedLabels.has(label) ? 0 : this.chunkEnd[label]! - this.chunkStart[label]!;
  }

  /**
   * Recently decoded bodies by document number: a search reads several chunks of each of its
   * candidate articles, and each body would otherwise be decoded from bytes once per chunk.
   */
  private readonly bodyCache = new Map<number, string>();

  private bodyOf(docNo: number, d: StoredDoc): string {
    let body = this.bodyCache.get(docNo);
    if (body === undefined) {
      body = d.body;
      if (this.bodyCache.size >= 512) this.bodyCache.delete(this.bodyCache.keys().next().value!);
      this.bodyCache.set(docNo, body);
    }
    return body;
  }

  docOfLabel(label: number): StoredDoc | undefined {
    return this.deletedLabels.has(label) ? undefined : this.docs[this.chunkDoc[label]!];
  }

  /** Labels of a document's live chunks, in text order. */
  labelsOf(docId: string): number[] {
    const n = this.docNumber.get(docId);
    return n === undefined ? [] : (this.chunksOfDoc.get(n) ?? []);
  }

  addDoc(doc: StoredDoc): number {
    const n = this.docs.length;
    this.docs.push(doc);
    this.docNumber.set(doc.id, n);
    this.chunksOfDoc.set(n, []);
    return n;
  }

  addChunkRecord(docNo: number, c: Pick<Chunk, "n" | "start" | "end">): number {
    const label = this.chunkDoc.length;
    this.chunkDoc.push(docNo);
    this.chunkN.push(c.n);
    this.chunkStart.push(c.start);
    this.chunkEnd.push(c.end);
    this.chunksOfDoc.get(docNo)!.push(label);
    return label;
  }

  /** Removes a document: tombstones its chunks in BM25 and the vector graph (hnswlib markDelete). */
  removeDoc(id: string): void {
    const n = this.docNumber.get(id);
    if (n === undefined) return;
    for (const label of this.chunksOfDoc.get(n) ?? []) {
      this.deletedLabels.add(label);
      this.bm25.remove(label);
    }
    this.vectors.markDeleted(n);
    this.mutations++;
    this.bodyCache.delete(n);
    this.chunksOfDoc.delete(n);
    this.docNumber.delete(id);
    this.docs[n] = undefined;
  }

  /** Share of chunk labels that are tombstones (compaction is worth it above ~25 %). */
  get deletedShare(): number {
    return this.chunkDoc.length ? this.deletedLabels.size / this.chunkDoc.length : 0;
  }

  /**
   * Renumbers documents and chunk labels densely, dropping tombstones from BM25, the chunk vectors
   * and the vector graph (rebuilt from the stored document vectors: nothing is re-embedded).
   */
  compact(): void {
    const docMap = new Map<number, number>();
    const labelMap = new Int32Array(this.chunkDoc.length).fill(-1);
    const docs: StoredDoc[] = [];
    let nextLabel = 0;
    const keep: Array<{ doc: number; labels: number[] }> = [];
    this.docs.forEach((d, n) => {
      if (!d) return;
      docMap.set(n, docs.length);
      docs.push(d);
      keep.push({ doc: n, labels: this.chunksOfDoc.get(n) ?? [] });
    });
    // chunk labels of a document were given out together and in order: keep that order
    const order = keep.flatMap((k) => k.labels).sort((a, b) => a - b);
    for (const l of order) labelMap[l] = nextLabel++;
    this.bm25.compact((old) => (labelMap[old]! >= 0 ? labelMap[old] : undefined));
    this.vectors.compact(
      keep.map((k) => k.doc),
      (old) => docMap.get(old)!,
      order,
    );
    const chunkDoc = order.map((l) => docMap.get(this.chunkDoc[l]!)!);
    const chunkN = order.map((l) => this.chunkN[l]!);
    const chunkStart = order.map((l) => this.chunkStart[l]!);
    const chunkEnd = order.map((l) => this.chunkEnd[l]!);
    this.docs.length = 0;
    this.mutations++;
    this.bodyCache.clear();
    this.docNumber.clear();
    this.chunksOfDoc.clear();
    this.deletedLabels.clear();
    for (const d of docs) this.addDoc(d);
    this.chunkDoc.length = this.chunkN.length = this.chunkStart.length = this.chunkEnd.length = 0;
    chunkDoc.forEach((docNo, i) => this.addChunkRecord(docNo, { n: chunkN[i]!, start: chunkStart[i]!, end: chunkEnd[i]! }));
  }

  async save(dir: string): Promise<string[]> {
    const files: Manifest["files"] = {};
    const putParts = async (name: string, bufs: Buffer[]): Promise<void> => {
      const h = createHash("sha256");
      let bytes = 0;
      const fh = await open(join(dir, name), "w");
      try {
        for (const b of bufs) {
          h.update(b);
          bytes += b.byteLength;
          await fh.write(b);
        }
      } finally {
        await fh.close();
      }
      files[name] = { bytes, sha256: h.digest("hex") };
    };
    const put = async (name: string, data: string | Buffer): Promise<void> => {
      const buf = typeof data === "string" ? Buffer.from(data) : data;
      await writeFile(join(dir, name), buf);
      files[name] = { bytes: buf.byteLength, sha256: createHash("sha256").update(buf).digest("hex") };
    };
    // bodies: bytes of loaded documents are copied as they are (never decoded); documents are
    // written in slices, never as one string of the whole corpus
    const parts: Buffer[] = [];
    const bodyParts: Buffer[] = [];
    let offset = 0;
    let lines: string[] = [];
    for (const d of this.docs) {
      if (!d) lines.push("null");
      else {
        const loc = (d as LazyDoc)[BODY];
        const bytes = loc ? loc.buf.subarray(loc.start, loc.end) : Buffer.from(d.body);
        bodyParts.push(bytes);
        const meta: Record<string, unknown> = {};
        for (const [k, v] of Object.entries(Object.getOwnPropertyDescriptors(d))) if (k !== "body" && "value" in v) meta[k] = v.value;
        meta.b = [offset, bytes.byteLength];
        offset += bytes.byteLength;
        lines.push(JSON.stringify(meta));
      }
      if (lines.length >= 2000) {
        parts.push(Buffer.from(`${lines.join("\n")}\n`));
        lines = [];
      }
    }
    if (lines.length) parts.push(Buffer.from(`${lines.join("\n")}\n`));
    await putParts(FILES.docs, parts);
    await putParts(FILES.bodies, bodyParts);
    parts.length = 0;
    bodyParts.length = 0;
    const rec = new Uint32Array(this.chunkDoc.length * 4);
    for (let l = 0; l < this.chunkDoc.length; l++) {
      rec[l * 4] = this.deletedLabels.has(l) ? 0xffffffff : this.chunkDoc[l]!;
      rec[l * 4 + 1] = this.chunkN[l]!;
      rec[l * 4 + 2] = this.chunkStart[l]!;
      rec[l * 4 + 3] = this.chunkEnd[l]!;
    }
    await put(FILES.chunks, Buffer.from(rec.buffer));
    const { vocab, parts: postings } = this.bm25.serializeParts();
    await put(FILES.vocab, vocab);
    await putParts(FILES.postings, postings);
    if (this.vectors.exact) await put(FILES.vectors, this.vectors.docVectorBytes());
    else {
      await this.vectors.saveDocIndex(join(dir, FILES.vectors));
      files[FILES.vectors] = await fileInfo(join(dir, FILES.vectors));
    }
    await put(FILES.chunkVectors, this.vectors.chunkVectorBytes());
    await put(FILES.terms, this.terms.join("\n"));
    this.manifest.files = files;
    this.manifest.counts = {
      documents: this.documentCount,
      chunks: this.chunkCount,
      labels: this.chunkDoc.length,
      deletedLabels: this.deletedLabels.size,
    };
    this.manifest.documents = {};
    for (const d of this.liveDocs()) this.manifest.documents[d.id] = d.hash;
    await writeFile(join(dir, FILES.manifest), JSON.stringify(this.manifest));
    return [...Object.keys(files), FILES.manifest];
  }

  /** Reads a generation folder's manifest, checking that it is one this version can read. */
  static async readManifest(genDir: string, fix = "npm run -s cli -- ingest --rebuild"): Promise<Manifest> {
    let manifest: Manifest;
    try {
      manifest = JSON.parse(await readFile(join(genDir, FILES.manifest), "utf8")) as Manifest;
    } catch {
      throw new IndexError(`the index manifest ${join(genDir, FILES.manifest)} is missing or unreadable`, fix);
    }
    if (manifest.formatVersion !== FORMAT_VERSION) {
      throw new IndexError(`the index at ${genDir} has format ${manifest.formatVersion}, this version reads format ${FORMAT_VERSION}`, fix);
    }
    return manifest;
  }

  /**
   * Opens the live generation of an index folder. `embeddings` must match the manifest's kind and
   * dimension. With `verify`, every file's checksum is checked first.
   */
  static async open(indexDir: string, embeddings: EmbeddingsInterface & { kind?: string; dimensions?: number }, { verify = true } = {}): Promise<NewsIndex> {
    const gen = await currentGeneration(indexDir);
    if (!gen) throw new IndexError(`no index at ${indexDir}`, `npm run -s cli -- ingest --index ${indexDir}`);
    const fix = `npm run -s cli -- ingest --index ${indexDir} --rebuild`;
    const manifest = await NewsIndex.readManifest(gen, fix);
    if (embeddings.kind && embeddings.kind !== manifest.embedding.kind) {
      throw new IndexError(`the index was built with ${manifest.embedding.kind} embeddings but ${embeddings.kind} is configured (EMBEDDINGS)`, fix);
    }
    if (embeddings.dimensions && embeddings.dimensions !== manifest.embedding.dim) {
      throw new IndexError(`the index holds ${manifest.embedding.dim}-d vectors but the embeddings give ${embeddings.dimensions}-d`, fix);
    }
    // Every file is read once: checked against the manifest (size always, checksum with `verify`)
    // and then parsed from the same bytes. Files are read (libuv threads) into shared memory and
    // hashed by a worker thread (the other core, no copy) while the main thread loads the segmenter's
    // dictionary and parses; nothing read reaches the segmenter or the caller before every checksum
    // has passed.
    const entries = Object.entries(manifest.files);
    const hasher = verify ? new Hasher() : undefined;
    const reads = entries.map(async ([name, info]): Promise<Buffer> => {
      let buf: Buffer;
      try {
        buf = await readShared(join(gen, name));
      } catch {
        throw new IndexError(`index file ${name} is missing from ${gen}`, fix);
      }
      if (buf.byteLength !== info.bytes) throw new IndexError(`index file ${name} in ${gen} is truncated or damaged (${buf.byteLength} bytes, expected ${info.bytes})`, fix);
      return buf;
    });
    const checked = Promise.allSettled(
      hasher
        ? reads.map(async (read, i) => {
            const digest = await hasher.sha256(await read);
            if (digest !== entries[i]![1].sha256) throw new IndexError(`index file ${entries[i]![0]} in ${gen} is damaged (checksum mismatch)`, fix);
          })
        : [],
    );
    void checked.finally(() => hasher?.close());
    addTerms([]); // the segmenter's dictionary (the slowest part of start-up) loads meanwhile
    const bufs = new Map<string, Buffer>();
    const read = await Promise.all(reads);
    entries.forEach(([name], i) => bufs.set(name, read[i]!));
    for (const name of Object.values(FILES)) {
      if (name !== FILES.manifest && !bufs.has(name)) throw new IndexError(`the index manifest in ${gen} does not list ${name}`, fix);
    }
    let index: NewsIndex | undefined;
    let failure: unknown;
    try {
      index = await NewsIndex.read(gen, manifest, embeddings, bufs);
    } catch (err) {
      failure = err;
    }
    for (const r of await checked) if (r.status === "rejected") throw r.reason;
    if (failure || !index) {
      if (failure instanceof IndexError) throw failure;
      throw new IndexError(`the index at ${gen} cannot be read (${(failure as Error).message})`, fix);
    }
    addTerms(index.terms);
    return index;
  }

  private static async read(gen: string, manifest: Manifest, embeddings: EmbeddingsInterface, bufs: Map<string, Buffer>): Promise<NewsIndex> {
    const file = (name: string): Buffer => bufs.get(name)!;
    const bm25 = Bm25Index.deserialize(file(FILES.vocab).toString("utf8"), file(FILES.postings));
    const vectors = await HnswVectorStore.load(join(gen, FILES.vectors), file(FILES.vectors), file(FILES.chunkVectors), embeddings, manifest.embedding.dim, manifest.hnsw, () => undefined);
    const index = new NewsIndex(manifest, bm25, vectors, embeddings);
    const docText = file(FILES.docs).toString("utf8");
    bufs.delete(FILES.docs);
    const bodies = file(FILES.bodies);
    const docs = JSON.parse(`[${docText.trimEnd().replaceAll("\n", ",")}]`) as Array<(Omit<StoredDoc, "body"> & { b?: [number, number] }) | null>;
    for (const rec of docs) {
      if (!rec) {
        index.docs.push(undefined);
        continue;
      }
      const b = rec.b!;
      delete rec.b;
      const meta = rec;
      if (!Array.isArray(b) || b[0] + b[1] > bodies.byteLength) throw new Error(`document ${meta.id} points outside bodies.bin`);
      index.addDoc(lazyDoc(meta, bodies, b[0], b[0] + b[1]));
    }
    const buf = file(FILES.chunks);
    const rec = new Uint32Array(buf.buffer, buf.byteOffset, buf.byteLength / 4);
    for (let l = 0; l * 4 < rec.length; l++) {
      const docNo = rec[l * 4]!;
      index.chunkDoc.push(docNo === 0xffffffff ? 0 : docNo);
      index.chunkN.push(rec[l * 4 + 1]!);
      index.chunkStart.push(rec[l * 4 + 2]!);
      index.chunkEnd.push(rec[l * 4 + 3]!);
      if (docNo === 0xffffffff || !index.docs[docNo]) index.deletedLabels.add(l);
      else index.chunksOfDoc.get(docNo)!.push(l);
    }
    index.terms = file(FILES.terms).toString("utf8").split("\n").filter(Boolean);
    return index;
  }
}
