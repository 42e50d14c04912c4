/** How document vectors are searched: the manifest's `hnsw` settings. */
export interface HnswParams {
  /**
   * "hnsw": hnswlib graph over document vectors (dense embeddings such as OpenAI's).
   * "exact": exact scoring over a dimension-major int8 matrix of document vectors; used for the
   * offline hashing embeddings, whose queries touch few dimensions (measured: HNSW recall@10 on
   * them was 0.29–0.69 depending on M/ef, and building the graph was the largest ingest cost).
   * Absent means "hnsw" (indexes written before exact scoring existed).
   */
  search?: "hnsw" | "exact";
  /** Graph degree. */
  M: number;
  efConstruction: number;
  /** Search breadth at query time. */
  efSearch: number;
}

/**
 * Graph parameters for dense embeddings. On the offline hashing vectors src/bench/hnsw.ts measured
 * recall@10 against exact search of only 0.29–0.69 (M 8–12, efConstruction 24–40, ef 32–160), which
 * is why those use exact scoring (`search: "exact"`); no dense model was available offline to tune these.
 */
export const DEFAULT_HNSW: HnswParams = { M: 12, efConstruction: 40, efSearch: 96 };
