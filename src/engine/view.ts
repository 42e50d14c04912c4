/**
 * What answers questions over one loaded index: the index, the engine's question analyser (taught by
 * the index's corpus), the retriever, and the evidence the composer reads. The engine holds one at a
 * time and replaces it whole when a new index generation is loaded (reload.ts); each question reads
 * the view that was current when it started, to its end.
 */
import type { EvidenceContext } from "../answer/compose.js";
import type { Config } from "../config/env.js";
import type { NewsIndex } from "../index/news-index.js";
import type { QuestionAnalyser } from "../question/analyse.js";
import { analyserOf } from "../retrieve/corpus-knowledge.js";
import { QuestionSearch } from "../retrieve/question-search.js";
import { retrievalIndexOf } from "../retrieve/retrieval-index.js";
import { Retriever } from "../retrieve/retriever.js";
import { answerableDate } from "./answer-dates.js";

export interface EngineView {
  readonly index: NewsIndex;
  readonly analyser: QuestionAnalyser;
  /** The analyser and the retriever, paired: what the answer strategies search with. */
  readonly search: QuestionSearch;
  readonly evidence: EvidenceContext;
}

export function viewOf(index: NewsIndex, config: Config): EngineView {
  const analyser = analyserOf(index, config.RETRIEVAL_ABLATE);
  const retriever = new Retriever(retrievalIndexOf(index), { ablation: config.RETRIEVAL_ABLATE, tuning: config.RETRIEVAL_TUNE });
  return {
    index,
    analyser,
    search: new QuestionSearch(analyser, retriever),
    evidence: {
      body: (id) => index.doc(id)?.body,
      df: (w) => index.bm25.df(w),
      // an estimated month or year is no day to read 「昨天」 against (src/engine/answer-dates.ts)
      documentDate: (id) => answerableDate(retriever.documentDate(id), index.doc(id)),
    },
  };
}
