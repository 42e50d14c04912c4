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

/** Graph parameters, for embeddings searched through the graph (an HTTP model's, or VECTOR_SEARCH=hnsw). */
export const DEFAULT_HNSW: HnswParams = { M: 12, efConstruction: 40, efSearch: 96 };

/**
 * How VECTOR_SEARCH=auto searches an embedding kind's document vectors, decided by measuring hnswlib's
 * recall@10 against exact search (`npm run -s bench:hnsw`, crud-news, 300 questions):
 * - "hash" (sparse feature hashing): 0.29–0.69 at M 8–12, efConstruction 24–40, ef 32–160;
 * - "news" (the trained vectors: 128 trained dimensions beside 256 of each word's own direction, which
 *   make them nearly as hard for a graph as random vectors): 0.80 at M 12 / efConstruction 40 / ef 96,
 *   0.925 at best (M 24, efConstruction 100, ef 256; 15.6 s to insert 68,998 documents), below the
 *   0.95 the graph must reach to stand in for exact search;
 * so both are scored exactly (int8, among the candidates the keyword channels found on a large
 * index). Other (model) embeddings use the graph.
 */
export function searchModeFor(kind: string): "hnsw" | "exact" {
  return kind === "hash" || kind === "news" ? "exact" : "hnsw";
}
