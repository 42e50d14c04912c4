/** BM25's two parameters and what a search returns. */
export interface Bm25Params {
  k1: number;
  b: number;
}

export interface ScoredId {
  id: number;
  score: number;
}
