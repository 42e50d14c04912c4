/**
 * The journal of an index generation: the changes made since its last full snapshot, as records a
 * loader replays without the segmenter or the embedding model. An added batch carries its documents
 * (with bodies), chunk spans, term counts, int8 chunk vectors and document vectors; a removal carries
 * document ids. A daily update then writes the journal (its own few hundred kilobytes plus what came
 * before it since the snapshot) and hard-links the unchanged snapshot files into the new generation
 * instead of rewriting the whole index.
 *
 * One JSON record per line; typed arrays as base64 of their bytes (little-endian, as on every
 * platform Node runs on). Term ids are rewritten to a dictionary local to the record.
 */
import type { StoredDoc } from "./stored-doc.js";

/** A batch of analysed documents, ready to be added to the index. */
export interface IndexBatch {
  /** The documents, with their bodies and content hashes. */
  docs: StoredDoc[];
  /** Chunks per document. */
  chunkCounts: Uint32Array;
  /** start, end of each chunk in its document's body. */
  spans: Uint32Array;
  /** Term texts by the numbers used in `termIds` (it may hold terms this batch does not use). */
  vocab: readonly string[];
  /** Distinct terms per chunk. */
  chunkTerms: Uint32Array;
  /** Each chunk's distinct terms (numbers into `vocab`), chunk after chunk. */
  termIds: Uint32Array;
  /** Term frequencies, in the order of `termIds`. */
  tfs: Uint16Array;
  /** Token count of each chunk. */
  lengths: Uint32Array;
  /** int8 chunk vectors, `dim` per chunk. */
  chunkVectors: Int8Array;
  /** Unit document vectors, `dim` per document (rows of documents without chunks are ignored). */
  docVectors: Float32Array;
  /** Names mined from the batch, for the segmenter. */
  mined: string[];
}

export type JournalRecord = { add: IndexBatch } | { remove: string[] };

type Typed = Uint32Array | Uint16Array | Int8Array | Float32Array;

const b64 = (a: Typed): string => Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString("base64");

function fromB64<T extends Typed>(s: unknown, make: (buf: ArrayBuffer) => T): T {
  if (typeof s !== "string") throw new Error("journal record is missing an array");
  const bytes = Buffer.from(s, "base64");
  // copied into a fresh, aligned buffer (Buffer.from may return a slice of a shared pool)
  const copy = new ArrayBuffer(bytes.byteLength);
  new Uint8Array(copy).set(bytes);
  return make(copy);
}

/** One journal line (without the newline). */
export function encodeRecord(r: JournalRecord): string {
  if ("remove" in r) return JSON.stringify({ remove: r.remove });
  const b = r.add;
  // the batch's own term dictionary: only the terms it uses, numbered in order of first use
  const local = new Map<number, number>();
  const terms: string[] = [];
  const ids = new Uint32Array(b.termIds.length);
  for (let i = 0; i < ids.length; i++) {
    const g = b.termIds[i]!;
    let l = local.get(g);
    if (l === undefined) {
      l = terms.length;
      local.set(g, l);
      terms.push(b.vocab[g]!);
    }
    ids[i] = l;
  }
  return JSON.stringify({
    add: {
      // with `body` read explicitly: a document loaded from a snapshot has it as a getter, which JSON omits
      docs: b.docs.map((d) => ({ ...d, body: d.body })),
      terms,
      mined: b.mined,
      chunkCounts: b64(b.chunkCounts),
      spans: b64(b.spans),
      chunkTerms: b64(b.chunkTerms),
      termIds: b64(ids),
      tfs: b64(b.tfs),
      lengths: b64(b.lengths),
      chunkVectors: b64(b.chunkVectors),
      docVectors: b64(b.docVectors),
    },
  });
}

/** Decodes one journal line; throws with the reason when it is not a well-formed record. */
export function decodeRecord(line: string): JournalRecord {
  const r = JSON.parse(line) as { remove?: unknown; add?: Record<string, unknown> };
  if (Array.isArray(r.remove) && r.remove.every((x) => typeof x === "string")) return { remove: r.remove as string[] };
  const a = r.add;
  if (!a || !Array.isArray(a.docs) || !Array.isArray(a.terms) || !Array.isArray(a.mined))
    throw new Error("journal record is neither an addition nor a removal");
  const batch: IndexBatch = {
    docs: a.docs as StoredDoc[],
    vocab: a.terms as string[],
    mined: a.mined as string[],
    chunkCounts: fromB64(a.chunkCounts, (x) => new Uint32Array(x)),
    spans: fromB64(a.spans, (x) => new Uint32Array(x)),
    chunkTerms: fromB64(a.chunkTerms, (x) => new Uint32Array(x)),
    termIds: fromB64(a.termIds, (x) => new Uint32Array(x)),
    tfs: fromB64(a.tfs, (x) => new Uint16Array(x)),
    lengths: fromB64(a.lengths, (x) => new Uint32Array(x)),
    chunkVectors: fromB64(a.chunkVectors, (x) => new Int8Array(x)),
    docVectors: fromB64(a.docVectors, (x) => new Float32Array(x)),
  };
  checkBatch(batch);
  return { add: batch };
}

/** Checks that a batch's arrays agree with each other (a damaged record must not corrupt the index). */
function checkBatch(b: IndexBatch): void {
  const chunks = b.chunkCounts.reduce((s, n) => s + n, 0);
  const postings = b.chunkTerms.reduce((s, n) => s + n, 0);
  const dim = b.docs.length ? b.docVectors.length / b.docs.length : 0;
  const bad =
    b.chunkCounts.length !== b.docs.length ||
    b.spans.length !== 2 * chunks ||
    b.chunkTerms.length !== chunks ||
    b.lengths.length !== chunks ||
    b.termIds.length !== postings ||
    b.tfs.length !== postings ||
    !Number.isInteger(dim) ||
    b.chunkVectors.length !== chunks * dim ||
    b.termIds.some((t) => t >= b.vocab.length);
  if (bad) throw new Error("journal record's arrays do not agree in length");
}
