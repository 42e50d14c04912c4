/**
 * Writes a full snapshot of an index into a generation folder: every file but the manifest and the
 * journal. A file is never written into an existing one: snapshot files may be hard-linked by other
 * generations.
 */
import { createHash } from "node:crypto";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { DocMeta } from "../types.js";
import { FileWriter } from "./file-writer.js";
import { FILES, REMOVED_CHUNK } from "./index-files.js";
import type { SavableIndex } from "./index-store.js";
import type { Manifest } from "./manifest.js";
import { bodyBytes, docMeta } from "./stored-doc.js";

type Files = Manifest["files"];

/** Document lines are written in groups of this many (the corpus is never held as one string). */
const DOC_LINES_PER_WRITE = 2000;

/** Writes every snapshot file of `index` into `dir`; returns their sizes and checksums for the manifest. */
export async function writeSnapshot(index: SavableIndex, dir: string): Promise<Files> {
  const files: Files = {};
  Object.assign(files, await writeDocsAndBodies(index, dir));
  files[FILES.chunks] = await writeWhole(join(dir, FILES.chunks), chunkRecordBytes(index));
  const { vocab, parts: postings } = index.bm25.serializeParts();
  files[FILES.vocab] = await writeWhole(join(dir, FILES.vocab), vocab);
  files[FILES.postings] = await writeInParts(join(dir, FILES.postings), postings);
  files[FILES.vectors] = await index.vectors.saveDocIndex(join(dir, FILES.vectors));
  files[FILES.chunkVectors] = await writeWhole(join(dir, FILES.chunkVectors), index.vectors.chunkVectorBytes());
  files[FILES.terms] = await writeWhole(join(dir, FILES.terms), index.terms.join("\n"));
  return files;
}

/** About how many bytes `writeSnapshot` writes. */
export function estimateSnapshotBytes(index: SavableIndex): number {
  let docs = 0;
  let bodies = 0;
  for (const doc of index.docs) {
    if (!doc) {
      docs += 5;
      continue;
    }
    const loc = bodyBytes(doc);
    bodies += loc ? loc.end - loc.start : Buffer.byteLength(doc.body);
    docs += Buffer.byteLength(JSON.stringify(docMeta(doc))) + 24;
  }
  const { vocab, parts } = index.bm25.serializeParts();
  const bm25 = Buffer.byteLength(vocab) + parts.reduce((n, b) => n + b.byteLength, 0);
  const terms = index.terms.reduce((n, t) => n + Buffer.byteLength(t) + 1, 0);
  return docs + bodies + index.chunkDoc.length * 16 + bm25 + index.vectors.estimatedFileBytes() + terms;
}

/** Writes a new file at once; returns its size and checksum. */
async function writeWhole(path: string, data: string | Buffer): Promise<Files[string]> {
  const buf = typeof data === "string" ? Buffer.from(data) : data;
  await writeFile(path, buf, { flag: "wx" });
  return { bytes: buf.byteLength, sha256: createHash("sha256").update(buf).digest("hex") };
}

/** Writes a new file from buffers, one after another (they are views of the index's arrays, not copies). */
async function writeInParts(path: string, bufs: Buffer[]): Promise<Files[string]> {
  const w = await FileWriter.create(path);
  try {
    for (const b of bufs) await w.add(b);
  } catch (err) {
    await w.abort();
    throw err;
  }
  return w.close();
}

/**
 * Documents and bodies in one pass, written as they are encoded: bytes of loaded documents are
 * copied as they are (never decoded), and the corpus is never held as one string or buffer.
 */
async function writeDocsAndBodies(index: SavableIndex, dir: string): Promise<Files> {
  const docs = await FileWriter.create(join(dir, FILES.docs));
  const bodies = await FileWriter.create(join(dir, FILES.bodies)).catch(async (err: unknown) => {
    await docs.abort();
    throw err;
  });
  try {
    let offset = 0;
    let lines: string[] = [];
    for (const doc of index.docs) {
      if (!doc) lines.push("null");
      else {
        const loc = bodyBytes(doc);
        const bytes = loc ? loc.buf.subarray(loc.start, loc.end) : Buffer.from(doc.body);
        await bodies.add(bytes);
        const meta: DocMeta & { b?: [number, number] } = docMeta(doc);
        meta.b = [offset, bytes.byteLength];
        offset += bytes.byteLength;
        lines.push(JSON.stringify(meta));
      }
      if (lines.length >= DOC_LINES_PER_WRITE) {
        await docs.add(Buffer.from(`${lines.join("\n")}\n`));
        lines = [];
      }
    }
    if (lines.length) await docs.add(Buffer.from(`${lines.join("\n")}\n`));
  } catch (err) {
    await Promise.all([docs.abort(), bodies.abort()]);
    throw err;
  }
  return { [FILES.docs]: await docs.close(), [FILES.bodies]: await bodies.close() };
}

/** chunks.bin: four uint32 per label (document number or REMOVED_CHUNK, chunk index, start, end). */
function chunkRecordBytes(index: SavableIndex): Buffer {
  const rec = new Uint32Array(index.chunkDoc.length * 4);
  for (let l = 0; l < index.chunkDoc.length; l++) {
    rec[l * 4] = index.deletedLabels.has(l) ? REMOVED_CHUNK : index.chunkDoc[l]!;
    rec[l * 4 + 1] = index.chunkN[l]!;
    rec[l * 4 + 2] = index.chunkStart[l]!;
    rec[l * 4 + 3] = index.chunkEnd[l]!;
  }
  return Buffer.from(rec.buffer);
}
