/** Picks the document index implementation the manifest's `hnsw.search` names (see doc-index.ts). */
import type { DocVectorIndex } from "./doc-index.js";
import { ExactDocIndex } from "./exact-doc-index.js";
import { HnswDocIndex } from "./hnsw-doc-index.js";
import type { HnswParams } from "./params.js";

/** An empty document index of the kind `params.search` names. */
export function openDocIndex(dim: number, params: HnswParams): DocVectorIndex {
  return params.search === "exact" ? new ExactDocIndex(dim) : new HnswDocIndex(dim, params);
}

/** The document index saved in `file` (whose bytes the caller has read and checked already). */
export async function loadDocIndex(file: string, bytes: Buffer, dim: number, params: HnswParams): Promise<DocVectorIndex> {
  return params.search === "exact" ? ExactDocIndex.fromBytes(bytes, dim) : HnswDocIndex.read(file, dim, params, bytes);
}
