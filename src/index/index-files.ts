/** The files of an index generation folder (see file-store.ts for when each is written). */
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

/** A chunk record's document number when the chunk was removed (chunks.bin). */
export const REMOVED_CHUNK = 0xffffffff;
