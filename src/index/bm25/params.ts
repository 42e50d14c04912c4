/** BM25's two parameters and what a search returns. */
export interface Bm25Params {
  /**
   * Term-frequency saturation: how much a word's second, third … occurrence in a chunk still adds
   * (0: none; large: nearly in proportion).
   */
  k1: number;
  /** Length normalisation: 0 ignores a chunk's length, 1 scores a chunk fully in proportion to its length over the average. */
  b: number;
}

/**
 * The parameters every index is built with (saved in its BM25 file, so an index keeps the ones it was
 * built with). Both are the usual Okapi values (Robertson & Zaragoza), not tuned on this project's
 * data: chunks are short (CHUNK_SIZE 220 characters) and of nearly one length, so a word rarely repeats
 * within one and the length normalisation moves little.
 */
export const DEFAULT_BM25: Readonly<Bm25Params> = {
  /** 1.2: a second occurrence adds about 40 % of what the first gave, a third about 20 %. */
  k1: 1.2,
  /** 0.75: a chunk twice the average length needs about 1.75 times the occurrences for the same score. */
  b: 0.75,
};

export interface ScoredId {
  id: number;
  score: number;
}
