/**
 * The index as the engine uses it: articles (metadata and body), chunk records, the BM25 index and
 * the vectors (vectors/store.ts), all addressed by integer labels. Loading checks the manifest, the format
 * version and every file's checksum, and says in one line what is wrong and how to fix it.
 *
 * On disk a generation is a full snapshot plus a journal of the changes made since (journal.ts).
 * Saving writes only the journal and hard-links the snapshot's files from the previous generation,
 * until the journal outgrows its limit or the index is compacted; then a new snapshot is written.
 */
import type { EmbeddingsInterface } from "@langchain/core/embeddings";
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { link, readFile, rm, stat, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import type { Chunk, DocMeta } from "../types.js";
import { log } from "../log.js";
import { dataPath } from "../paths.js";
import { addTerms } from "../text/tokenizer.js";
import { Bm25Index } from "./bm25.js";
import { IndexError } from "./errors.js";
import { FileReader, type FileRead } from "./file-reader.js";
import { FileWriter } from "./file-writer.js";
import { rebuildCommand, inputsFromAnyGeneration, shellWord } from "./fix-command.js";
import { assertIndexFolder, currentGeneration } from "./generations.js";
import { chunkDocument, NewsVectorStore } from "./vectors/store.js";
import { decodeRecord, encodeRecord, type IndexBatch } from "./journal.js";
import { bodyBytes, docMeta, LoadedDoc, type StoredDoc } from "./stored-doc.js";
import { FORMAT_VERSION, type Manifest } from "./manifest.js";

// where the rest of the code has always found them
export { docMeta, type StoredDoc };

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
  /** Changes since the snapshot the other files hold (optional: absent right after a snapshot). */
  journal: "journal.jsonl",
} as const;

/**
 * When a save writes a new snapshot instead of adding to the journal: once the journal would exceed
 * this share of the snapshot's size, within these bounds. The journal is replayed at every load, so
 * it is kept small next to what loading costs anyway: on the 68,798-article archive (2.0–2.1 s to
 * load) a journal of 500 news articles (4.3 MB) added 0.3 s, one of 1,000 (8.6 MB) 0.8 s.
 */
export const JOURNAL_LIMIT = { share: 0.05, min: 256 << 10, max: 4 << 20 };

export interface SaveOptions {
  /** Largest journal (bytes) to write instead of a snapshot; default from JOURNAL_LIMIT. 0 forces a snapshot. */
  journalLimit?: number;
}

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
  /** Names mined from the corpus (taught to the segmenter), in the order they were found. */
  readonly terms: string[] = [];
  private termSet: Set<string> | undefined;
  /** Index term ids of each batch vocabulary seen (see IndexBatch.vocab). */
  private vocabIds = new WeakMap<readonly string[], number[]>();
  /** The generation folder this index was loaded from or last published to. */
  generation: string | undefined;
  /** Whether this index holds changes that no published generation has (set by every change, cleared by `published`). */
  unsaved = false;
  /** What a save wrote, applied by `published` once that generation is live (a failed publish leaves the old state). */
  private pending: { generation: string; snapshot: { dir: string; files: Manifest["files"] }; journalReset: boolean } | undefined;
  /** The full snapshot the on-disk generation starts from; undefined until there is one (or after compaction). */
  private snapshot: { dir: string; files: Manifest["files"] } | undefined;
  /** Journal lines since that snapshot. */
  private journal: string[] = [];
  private journalBytes = 0;

  constructor(
    public manifest: Manifest,
    readonly bm25: Bm25Index,
    readonly vectors: NewsVectorStore,
    readonly embeddings: EmbeddingsInterface,
  ) {
    vectors.setResolver((label) => {
      const c = this.chunk(label);
      return c ? chunkDocument(c.text, { docId: c.docId, chunkId: c.chunkId, label }) : undefined;
    });
    vectors.setGroups((docNo) => this.chunksOfDoc.get(docNo) ?? []);
  }

  /** The mined names as a set (for follow-up resolution and evidence checks); stays current as documents are added. */
  get knownTerms(): ReadonlySet<string> {
    return (this.termSet ??= new Set(this.terms));
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
    return bodyBytes(d);
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

  /**
   * Adds analysed documents: records, BM25 postings, chunk and document vectors. Returns the mined
   * names that are new to the index (the caller teaches them to its segmenters).
   */
  addBatch(batch: IndexBatch): string[] {
    const fresh = this.apply(batch);
    if (this.recording) this.record(encodeRecord({ add: batch }));
    return fresh;
  }

  /** Whether changes are kept for the journal: there is a snapshot, and the journal has not outgrown the largest limit. */
  private get recording(): boolean {
    return this.snapshot !== undefined && this.journalBytes <= JOURNAL_LIMIT.max;
  }

  private apply(b: IndexBatch): string[] {
    const dim = this.vectors.dim;
    if (b.docVectors.length !== b.docs.length * dim) throw new Error(`a batch of ${b.docs.length} documents holds ${b.docVectors.length} document vector values, expected ${dim} each`);
    this.unsaved = true;
    const known = this.knownTerms as Set<string>;
    const fresh = b.mined.filter((t) => !known.has(t));
    for (const t of fresh) {
      known.add(t);
      this.terms.push(t);
    }
    let map = this.vocabIds.get(b.vocab);
    if (!map) this.vocabIds.set(b.vocab, (map = []));
    for (let t = map.length; t < b.vocab.length; t++) map.push(this.bm25.termId(b.vocab[t]!));
    const ids = new Uint32Array(b.termIds.length);
    for (let i = 0; i < ids.length; i++) ids[i] = map[b.termIds[i]!]!;
    const firstLabel = this.chunkDoc.length;
    const keys: number[] = [];
    const docVecs: Float32Array[] = [];
    let c = 0;
    let tfo = 0;
    b.docs.forEach((doc, i) => {
      const docNo = this.addDoc(doc);
      const n = b.chunkCounts[i]!;
      for (let j = 0; j < n; j++, c++) {
        const label = this.addChunkRecord(docNo, { n: j, start: b.spans[2 * c]!, end: b.spans[2 * c + 1]! });
        const nt = b.chunkTerms[c]!;
        this.bm25.addIds(label, ids.subarray(tfo, tfo + nt), b.tfs.subarray(tfo, tfo + nt), b.lengths[c]!);
        tfo += nt;
      }
      if (n > 0) {
        keys.push(docNo);
        docVecs.push(b.docVectors.subarray(i * dim, (i + 1) * dim));
      }
    });
    this.vectors.setChunkVectorsQuantised(firstLabel, b.chunkVectors);
    this.vectors.addDocVectors(docVecs, keys);
    return fresh;
  }

  private record(line: string): void {
    this.journal.push(line);
    this.journalBytes += Buffer.byteLength(line) + 1;
    if (this.journalBytes > JOURNAL_LIMIT.max) {
      // a large update: it goes into a new snapshot, so its records need not be kept
      this.journal = [];
      this.journalBytes = Number.POSITIVE_INFINITY;
    }
  }

  /** Removes a document: tombstones its chunks in BM25 and the vector graph (hnswlib markDelete). */
  removeDoc(id: string): void {
    if (!this.docNumber.has(id)) return;
    this.unapply(id);
    if (this.recording) this.record(encodeRecord({ remove: [id] }));
  }

  private unapply(id: string): void {
    const n = this.docNumber.get(id);
    if (n === undefined) return;
    this.unsaved = true;
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
    this.unsaved = true;
    // labels and term ids changed: the next save writes a new snapshot
    this.snapshot = undefined;
    this.journal = [];
    this.journalBytes = 0;
    this.vocabIds = new WeakMap();
    this.bodyCache.clear();
    this.docNumber.clear();
    this.chunksOfDoc.clear();
    this.deletedLabels.clear();
    for (const d of docs) this.addDoc(d);
    this.chunkDoc.length = this.chunkN.length = this.chunkStart.length = this.chunkEnd.length = 0;
    chunkDoc.forEach((docNo, i) => this.addChunkRecord(docNo, { n: chunkN[i]!, start: chunkStart[i]!, end: chunkEnd[i]! }));
  }

  /**
   * Writes the index into a new, empty generation folder and returns the names of the files written
   * (for publishing). While the journal stays under its limit only the journal is written and the
   * snapshot's files are hard-linked from the generation this index was loaded from or last saved
   * to; otherwise (or when linking fails) a full snapshot is written.
   */
  async save(dir: string, opts: SaveOptions = {}): Promise<string[]> {
    const files = (await this.saveJournal(dir, opts.journalLimit)) ?? (await this.saveSnapshot(dir));
    this.manifest.files = files;
    this.manifest.counts = {
      documents: this.documentCount,
      chunks: this.chunkCount,
      labels: this.chunkDoc.length,
      deletedLabels: this.deletedLabels.size,
    };
    await writeFile(join(dir, FILES.manifest), JSON.stringify(this.manifest), { flag: "wx" });
    return [...Object.keys(files), FILES.manifest];
  }

  /**
   * About how many bytes the next `save` writes: the journal and the manifest while a journal will
   * do (the snapshot's files are hard-linked), else every file of a snapshot. For the error that says
   * how much space a new generation needs.
   */
  estimatedSaveBytes(opts: SaveOptions = {}): number {
    const manifest = Buffer.byteLength(JSON.stringify(this.manifest)) + 2048;
    if (!this.snapshotDue(opts.journalLimit)) return this.journalBytes + manifest;
    let docs = 0;
    let bodies = 0;
    for (const d of this.docs) {
      if (!d) {
        docs += 5;
        continue;
      }
      const loc = this.bodyBytes(d);
      const bytes = loc ? loc.end - loc.start : Buffer.byteLength(d.body);
      bodies += bytes;
      docs += Buffer.byteLength(JSON.stringify(docMeta(d))) + 24;
    }
    const { vocab, parts } = this.bm25.serializeParts();
    const bm25 = Buffer.byteLength(vocab) + parts.reduce((n, b) => n + b.byteLength, 0);
    const terms = this.terms.reduce((n, t) => n + Buffer.byteLength(t) + 1, 0);
    return manifest + docs + bodies + this.chunkDoc.length * 16 + bm25 + this.vectors.estimatedFileBytes() + terms;
  }

  /** Records that the generation the last save wrote is now live (see generations.ts publishGeneration). */
  published(dir: string): void {
    const p = this.pending;
    if (!p || p.generation !== dir) throw new Error(`${dir} is not the generation this index last saved`);
    this.generation = p.generation;
    this.snapshot = p.snapshot;
    if (p.journalReset) {
      this.journal = [];
      this.journalBytes = 0;
    }
    this.pending = undefined;
    this.unsaved = false;
  }

  /** Whether the next save would write a full snapshot (no snapshot to link, or the journal is over its limit). */
  private snapshotDue(journalLimit?: number): boolean {
    return !this.snapshot || journalLimit === 0 || this.journalBytes > (journalLimit ?? this.defaultJournalLimit());
  }

  private defaultJournalLimit(): number {
    const snapshotBytes = this.snapshot ? Object.values(this.snapshot.files).reduce((s, f) => s + f.bytes, 0) : 0;
    return Math.min(JOURNAL_LIMIT.max, Math.max(JOURNAL_LIMIT.min, snapshotBytes * JOURNAL_LIMIT.share));
  }

  private async saveJournal(dir: string, journalLimit?: number): Promise<Manifest["files"] | undefined> {
    const snap = this.snapshot;
    if (!snap || this.snapshotDue(journalLimit)) return undefined;
    const linked: string[] = [];
    try {
      for (const name of Object.keys(snap.files)) {
        await link(join(snap.dir, name), join(dir, name));
        linked.push(name);
      }
    } catch (err) {
      log.warn({ err: (err as Error).message }, "cannot hard-link the previous generation's files; writing a full snapshot instead");
      for (const name of linked) await rm(join(dir, name), { force: true });
      return undefined;
    }
    const files = { ...snap.files };
    if (this.journal.length) {
      const buf = Buffer.from(`${this.journal.join("\n")}\n`);
      await writeFile(join(dir, FILES.journal), buf, { flag: "wx" });
      files[FILES.journal] = { bytes: buf.byteLength, sha256: createHash("sha256").update(buf).digest("hex") };
    }
    this.pending = { generation: dir, snapshot: { dir, files: snap.files }, journalReset: false };
    return files;
  }

  /** Writes every file of the index (never into an existing file: snapshot files may be hard-linked elsewhere). */
  private async saveSnapshot(dir: string): Promise<Manifest["files"]> {
    const files: Manifest["files"] = {};
    const putParts = async (name: string, bufs: Buffer[]): Promise<void> => {
      const w = await FileWriter.create(join(dir, name));
      try {
        for (const b of bufs) await w.add(b);
      } catch (err) {
        await w.abort();
        throw err;
      }
      files[name] = await w.close();
    };
    const put = async (name: string, data: string | Buffer): Promise<void> => {
      const buf = typeof data === "string" ? Buffer.from(data) : data;
      await writeFile(join(dir, name), buf, { flag: "wx" });
      files[name] = { bytes: buf.byteLength, sha256: createHash("sha256").update(buf).digest("hex") };
    };
    // documents and bodies in one pass, written as they are encoded: bytes of loaded documents are
    // copied as they are (never decoded), and the corpus is never held as one string or buffer
    const docs = await FileWriter.create(join(dir, FILES.docs));
    const bodies = await FileWriter.create(join(dir, FILES.bodies)).catch(async (err: unknown) => {
      await docs.abort();
      throw err;
    });
    try {
      let offset = 0;
      let lines: string[] = [];
      for (const d of this.docs) {
        if (!d) lines.push("null");
        else {
          const loc = this.bodyBytes(d);
          const bytes = loc ? loc.buf.subarray(loc.start, loc.end) : Buffer.from(d.body);
          await bodies.add(bytes);
          const meta: DocMeta & { b?: [number, number] } = docMeta(d);
          meta.b = [offset, bytes.byteLength];
          offset += bytes.byteLength;
          lines.push(JSON.stringify(meta));
        }
        if (lines.length >= 2000) {
          await docs.add(Buffer.from(`${lines.join("\n")}\n`));
          lines = [];
        }
      }
      if (lines.length) await docs.add(Buffer.from(`${lines.join("\n")}\n`));
    } catch (err) {
      await Promise.all([docs.abort(), bodies.abort()]);
      throw err;
    }
    files[FILES.docs] = await docs.close();
    files[FILES.bodies] = await bodies.close();
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
    files[FILES.vectors] = await this.vectors.saveDocIndex(join(dir, FILES.vectors));
    await put(FILES.chunkVectors, this.vectors.chunkVectorBytes());
    await put(FILES.terms, this.terms.join("\n"));
    this.pending = { generation: dir, snapshot: { dir, files }, journalReset: true };
    return { ...files };
  }

  /**
   * What is wrong with a generation folder on disk, found cheaply (its manifest, the format, every
   * file there at the size the manifest gives; no checksums): undefined when nothing is.
   */
  static async generationProblem(genDir: string): Promise<string | undefined> {
    let manifest: Manifest;
    try {
      manifest = JSON.parse(await readFile(join(genDir, FILES.manifest), "utf8")) as Manifest;
    } catch {
      return "its manifest is missing or unreadable";
    }
    if (manifest.formatVersion !== FORMAT_VERSION) return `it has format ${manifest.formatVersion}, this version reads ${FORMAT_VERSION}`;
    for (const [name, info] of Object.entries(manifest.files ?? {})) {
      const size = (await stat(join(genDir, name)).catch(() => undefined))?.size;
      if (size === undefined) return `index file ${name} is missing`;
      if (size !== info.bytes) return `index file ${name} is truncated or damaged (${size} bytes, expected ${info.bytes})`;
    }
    return undefined;
  }

  /** Reads a generation folder's manifest, checking that it is one this version can read. */
  static async readManifest(genDir: string, indexDir = dirname(genDir)): Promise<Manifest> {
    let manifest: Manifest;
    try {
      manifest = JSON.parse(await readFile(join(genDir, FILES.manifest), "utf8")) as Manifest;
      if (typeof manifest !== "object" || manifest === null) throw new Error("not a manifest");
    } catch {
      throw new IndexError(`the index manifest ${join(genDir, FILES.manifest)} is missing or unreadable`, rebuildCommand(indexDir, await inputsFromAnyGeneration(indexDir)));
    }
    if (manifest.formatVersion !== FORMAT_VERSION) {
      throw new IndexError(`the index at ${genDir} has format ${manifest.formatVersion}, this version reads format ${FORMAT_VERSION}`, rebuildCommand(indexDir, manifest.inputs));
    }
    return manifest;
  }

  /**
   * Opens the live generation of an index folder. `embeddings` must match the manifest's kind and
   * dimension. With `verify`, every file's checksum is checked first.
   */
  static async open(indexDir: string, embeddings: EmbeddingsInterface & { kind?: string; dimensions?: number }, { verify = true } = {}): Promise<NewsIndex> {
    await assertIndexFolder(indexDir);
    const gen = await currentGeneration(indexDir);
    if (!gen) throw new IndexError(`no index at ${indexDir}`, `npm run -s cli -- ingest --index ${shellWord(indexDir)}`);
    const manifest = await NewsIndex.readManifest(gen, indexDir);
    const fix = rebuildCommand(indexDir, manifest.inputs);
    if (embeddings.kind && embeddings.kind !== manifest.embedding.kind) {
      throw new IndexError(`the index was built with ${manifest.embedding.kind} embeddings but ${embeddings.kind} is configured (EMBEDDINGS)`, fix);
    }
    if (embeddings.dimensions && embeddings.dimensions !== manifest.embedding.dim) {
      throw new IndexError(`the index holds ${manifest.embedding.dim}-d vectors but the embeddings give ${embeddings.dimensions}-d`, fix);
    }
    // Every file is read once, on a worker thread (file-reader.ts), and checked against the manifest
    // (size always, checksum with `verify`) before it is parsed, while this thread loads the
    // segmenter's dictionary.
    const entries = Object.entries(manifest.files);
    const reader = new FileReader();
    const reads = entries.map(async ([name, info]): Promise<Buffer> => {
      let file: FileRead;
      try {
        file = await reader.read(join(gen, name), verify);
      } catch (err) {
        const code = (err as Error).message;
        throw new IndexError(code === "ENOENT" ? `index file ${name} is missing from ${gen}` : `index file ${name} in ${gen} cannot be read (${code})`, fix);
      }
      if (file.buf.byteLength !== info.bytes) throw new IndexError(`index file ${name} in ${gen} is truncated or damaged (${file.buf.byteLength} bytes, expected ${info.bytes})`, fix);
      if (verify && file.sha256 !== info.sha256) throw new IndexError(`index file ${name} in ${gen} is damaged (checksum mismatch)`, fix);
      return file.buf;
    });
    let settled: Array<PromiseSettledResult<Buffer>>;
    try {
      addTerms([]); // the segmenter's dictionary (the slowest part of start-up) loads meanwhile
    } finally {
      settled = await Promise.allSettled(reads);
      reader.close();
    }
    const bufs = new Map<string, Buffer>();
    for (const r of settled) if (r.status === "rejected") throw r.reason;
    entries.forEach(([name], i) => bufs.set(name, (settled[i] as PromiseFulfilledResult<Buffer>).value));
    for (const name of Object.values(FILES)) {
      if (name !== FILES.manifest && name !== FILES.journal && !bufs.has(name)) throw new IndexError(`the index manifest in ${gen} does not list ${name}`, fix);
    }
    let index: NewsIndex;
    try {
      index = await NewsIndex.read(gen, manifest, embeddings, bufs);
    } catch (err) {
      if (err instanceof IndexError) throw err;
      throw new IndexError(`the index at ${gen} cannot be read (${(err as Error).message})`, fix);
    }
    addTerms(index.terms);
    return index;
  }

  private static async read(gen: string, manifest: Manifest, embeddings: EmbeddingsInterface, bufs: Map<string, Buffer>): Promise<NewsIndex> {
    const file = (name: string): Buffer => bufs.get(name)!;
    const bm25 = Bm25Index.deserialize(file(FILES.vocab).toString("utf8"), file(FILES.postings));
    const vectors = await NewsVectorStore.load(join(gen, FILES.vectors), file(FILES.vectors), file(FILES.chunkVectors), embeddings, manifest.embedding.dim, manifest.hnsw);
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
      index.addDoc(new LoadedDoc(meta, bodies, b[0], b[0] + b[1]));
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
    for (const t of file(FILES.terms).toString("utf8").split("\n")) if (t) index.terms.push(t);
    const { [FILES.journal]: _journal, ...snapshotFiles } = manifest.files;
    index.snapshot = { dir: gen, files: snapshotFiles };
    index.generation = gen;
    const journal = bufs.get(FILES.journal);
    if (journal) {
      index.replay(journal.toString("utf8"));
      index.bm25.settle();
    }
    index.unsaved = false;
    return index;
  }

  /** Applies the journal's records in order (they stay the journal of this index until the next snapshot). */
  private replay(text: string): void {
    let n = 0;
    for (const line of text.split("\n")) {
      if (!line) continue;
      n++;
      let r;
      try {
        r = decodeRecord(line);
      } catch (err) {
        throw new Error(`journal record ${n}: ${(err as Error).message}`);
      }
      if ("remove" in r) for (const id of r.remove) this.unapply(id);
      else this.apply(r.add);
      this.record(line);
    }
  }
}
