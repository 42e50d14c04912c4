/**
 * Loading an index generation: the manifest, the format version and every file's size and checksum
 * are checked, and what is wrong is said in one line with the command that fixes it. Every file is
 * read once, on a worker thread (file-reader.ts), while this thread loads the segmenter's dictionary;
 * the snapshot's files are then parsed into the parts an index is made of (see NewsIndex.restore).
 */
import type { EmbeddingsInterface } from "@langchain/core/embeddings";
import { readFile, stat } from "node:fs/promises";
import { dirname, join } from "node:path";
import { addTerms } from "../text/tokenizer.js";
import { Bm25Index } from "./bm25.js";
import { IndexError } from "./errors.js";
import { FileReader, type FileRead } from "./file-reader.js";
import { FileIndexStore } from "./file-store.js";
import { inputsFromAnyGeneration, rebuildCommand, shellWord } from "./fix-command.js";
import { assertIndexFolder, currentGeneration } from "./generations.js";
import { FILES } from "./index-files.js";
import type { IndexStore } from "./index-store.js";
import { FORMAT_VERSION, type Manifest } from "./manifest.js";
import { LoadedDoc, type StoredDoc } from "./stored-doc.js";
import { NewsVectorStore } from "./vectors/store.js";

/** The embeddings an index is opened with: their kind and dimension, when known, must be the manifest's. */
export type OpeningEmbeddings = EmbeddingsInterface & { kind?: string; dimensions?: number };

/** A generation as read from disk, in the parts an index is made of. */
export interface LoadedGeneration {
  generation: string;
  manifest: Manifest;
  embeddings: EmbeddingsInterface;
  bm25: Bm25Index;
  vectors: NewsVectorStore;
  /** Documents by document number; undefined where one was removed. */
  docs: Array<StoredDoc | undefined>;
  /** Four uint32 per chunk label: document number (or REMOVED_CHUNK), chunk index, start, end. */
  chunkRecords: Uint32Array;
  terms: string[];
  /** The store the generation came from, holding its journal until the index replays it. */
  store: IndexStore;
}

type DocRecord = (Omit<StoredDoc, "body"> & { b?: [number, number] }) | null;

/**
 * What is wrong with a generation folder on disk, found cheaply (its manifest, the format, every
 * file there at the size the manifest gives; no checksums): undefined when nothing is.
 */
export async function generationProblem(genDir: string): Promise<string | undefined> {
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
export async function readManifest(genDir: string, indexDir = dirname(genDir)): Promise<Manifest> {
  let manifest: Manifest;
  try {
    manifest = JSON.parse(await readFile(join(genDir, FILES.manifest), "utf8")) as Manifest;
    if (typeof manifest !== "object" || manifest === null) throw new Error("not a manifest");
  } catch {
    throw new IndexError(
      `the index manifest ${join(genDir, FILES.manifest)} is missing or unreadable`,
      rebuildCommand(indexDir, await inputsFromAnyGeneration(indexDir)),
    );
  }
  if (manifest.formatVersion !== FORMAT_VERSION) {
    throw new IndexError(
      `the index at ${genDir} has format ${manifest.formatVersion}, this version reads format ${FORMAT_VERSION}`,
      rebuildCommand(indexDir, manifest.inputs),
    );
  }
  return manifest;
}

/**
 * Loads the live generation of an index folder and hands its parts to `restore`, which makes the
 * index of them. With `verify`, every file's checksum is checked first. Whatever fails on the way
 * (`restore` included) is an IndexError that names the fix.
 */
export async function loadGeneration<T>(
  indexDir: string,
  embeddings: OpeningEmbeddings,
  verify: boolean,
  restore: (loaded: LoadedGeneration) => T,
): Promise<T> {
  await assertIndexFolder(indexDir);
  const gen = await currentGeneration(indexDir);
  if (!gen) throw new IndexError(`no index at ${indexDir}`, `npm run -s cli -- ingest --index ${shellWord(indexDir)}`);
  const manifest = await readManifest(gen, indexDir);
  const fix = rebuildCommand(indexDir, manifest.inputs);
  checkEmbeddings(manifest, embeddings, fix);
  const bufs = await readFiles(gen, manifest, verify, fix);
  try {
    return restore(await parseGeneration(gen, manifest, embeddings, bufs));
  } catch (err) {
    if (err instanceof IndexError) throw err;
    throw new IndexError(`the index at ${gen} cannot be read (${(err as Error).message})`, fix);
  }
}

function checkEmbeddings(manifest: Manifest, embeddings: OpeningEmbeddings, fix: string): void {
  if (embeddings.kind && embeddings.kind !== manifest.embedding.kind) {
    throw new IndexError(`the index was built with ${manifest.embedding.kind} embeddings but ${embeddings.kind} is configured (EMBEDDINGS)`, fix);
  }
  if (embeddings.dimensions && embeddings.dimensions !== manifest.embedding.dim) {
    throw new IndexError(`the index holds ${manifest.embedding.dim}-d vectors but the embeddings give ${embeddings.dimensions}-d`, fix);
  }
}

/**
 * Every file the manifest lists, read on a worker thread and checked against the manifest (size
 * always, checksum with `verify`) before it is parsed, while this thread loads the segmenter's
 * dictionary.
 */
async function readFiles(gen: string, manifest: Manifest, verify: boolean, fix: string): Promise<Map<string, Buffer>> {
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
    if (file.buf.byteLength !== info.bytes)
      throw new IndexError(`index file ${name} in ${gen} is truncated or damaged (${file.buf.byteLength} bytes, expected ${info.bytes})`, fix);
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
  return bufs;
}

async function parseGeneration(gen: string, manifest: Manifest, embeddings: EmbeddingsInterface, bufs: Map<string, Buffer>): Promise<LoadedGeneration> {
  const file = (name: string): Buffer => bufs.get(name)!;
  const bm25 = Bm25Index.deserialize(file(FILES.vocab).toString("utf8"), file(FILES.postings));
  const vectors = await NewsVectorStore.load(join(gen, FILES.vectors), file(FILES.vectors), file(FILES.chunkVectors), manifest.embedding.dim, manifest.hnsw);
  const docText = file(FILES.docs).toString("utf8");
  bufs.delete(FILES.docs); // the raw lines can go while they are parsed
  const docs = parseDocs(docText, file(FILES.bodies));
  const chunks = file(FILES.chunks);
  const chunkRecords = new Uint32Array(chunks.buffer, chunks.byteOffset, chunks.byteLength / 4);
  const terms = file(FILES.terms)
    .toString("utf8")
    .split("\n")
    .filter((t) => t);
  const { [FILES.journal]: _journal, ...snapshotFiles } = manifest.files;
  const journal = bufs.get(FILES.journal)?.toString("utf8");
  const store = new FileIndexStore({ snapshot: { dir: gen, files: snapshotFiles }, ...(journal === undefined ? {} : { journal }) });
  return { generation: gen, manifest, embeddings, bm25, vectors, docs, chunkRecords, terms, store };
}

/** docs.jsonl (one JSON line per document number, `null` where removed) over the bodies buffer. */
function parseDocs(docText: string, bodies: Buffer): Array<StoredDoc | undefined> {
  const records = JSON.parse(`[${docText.trimEnd().replaceAll("\n", ",")}]`) as DocRecord[];
  return records.map((rec) => {
    if (!rec) return undefined;
    const b = rec.b!;
    delete rec.b;
    const meta = rec;
    if (!Array.isArray(b) || b[0] + b[1] > bodies.byteLength) throw new Error(`document ${meta.id} points outside bodies.bin`);
    return new LoadedDoc(meta, bodies, b[0], b[0] + b[1]);
  });
}
