/**
 * How much each candidate channel counts in the fusion (src/retrieve/fuse.ts: weighted reciprocal-rank
 * fusion, a document found at rank r of a channel of weight w gets w / (rrfK + r + 1)), and the other
 * numbers that shape the candidates. The defaults, each with what it does and how it was chosen;
 * RETRIEVAL_TUNE overrides any of them by name for a measurement (src/config/ablation.ts).
 */
export interface FusionWeights {
  /** BM25 over the question's search terms, the whole index. The reference channel: 1. */
  bm25: number;
  /**
   * The vector channel (the question's vector against the chunks'). 0.25 (0.5 before): measured with
   * the hashing vectors of the time, it added a little recall at a low weight and cost precision at a
   * higher one; not measured again since the trained vectors came (the re-ranking model reads their similarity).
   */
  vector: number;
  /** BM25 restricted to the articles dated within the question's dates: as strong as BM25 (1), a hand-set choice. */
  dated: number;
  /** BM25 per event of a multi-event question (「A和B哪个先」): 0.8, hand-set a little below the whole question's BM25. */
  event: number;
  /** The same per event, within the question's dates: 0.5, hand-set. */
  eventDated: number;
  /** The articles of the day of A in 「A当天，B」 (src/retrieve/channels/anchor.ts): 1, hand-set. */
  anchor: number;
  /** The articles of a day the question names (「12月6日发生了什么」), matched or not: 0.5, hand-set below BM25 so that matching words still decide. */
  onDay: number;
  /** A follow-up: the articles the previous answer cited (src/retrieve/channels/previous.ts): 1, hand-set (no follow-up data to fit it on). */
  previous: number;
  /**
   * The RRF constant: how fast a channel's weight falls with rank. 15 (instead of the usual 60), tuned
   * with RETRIEVAL_TUNE on ChronoQA dev together with the re-ranking's hand-set weights: the first few
   * ranks of a channel matter most.
   */
  rrfK: number;
  /**
   * Search terms lighter than this only re-rank (the narrower words of a broad one, 新能源 → 储能, 光伏 …):
   * as search terms they flood the candidates. 0.5: same quality on ChronoQA dev, fewer postings scanned.
   */
  minSearchWeight: number;
  /** Added to the re-ranked score of an article a follow-up's previous answer cited: 0.3, hand-set (a nudge, not a verdict). */
  prefer: number;
}

export const DEFAULT_FUSION: Readonly<FusionWeights> = {
  bm25: 1,
  vector: 0.25,
  dated: 1,
  event: 0.8,
  eventDated: 0.5,
  anchor: 1,
  onDay: 0.5,
  previous: 1,
  rrfK: 15,
  minSearchWeight: 0.5,
  prefer: 0.3,
};

/** How many candidates the main channels (BM25, dated, previous, the vectors) bring each. */
export const CHANNEL_POOL = 40;
/** How many candidates each event's channels bring (a multi-event question has several). */
export const EVENT_POOL = 20;
/** How many fused candidates are re-ranked (more when more are asked for). */
export const RERANK_DEPTH = 25;
