/**
 * A question search made from an index alone, for scripts and tests that hold an index and no engine
 * (scripts/fit-rerank-model.ts, the index tests): the index's own analyser and retriever, with the
 * measurement settings of the environment (RETRIEVAL_ABLATE, RETRIEVAL_TUNE). The engine builds the
 * same pair from its config (src/engine/engine.ts).
 */
import { ablationFromEnv, tuningFromEnv } from "../config/ablation.js";
import type { NewsIndex } from "../index/news-index.js";
import { analyserOf } from "./corpus-knowledge.js";
import { QuestionSearch } from "./question-search.js";
import { retrievalIndexOf } from "./retrieval-index.js";
import { Retriever } from "./retriever.js";

export class HybridRetriever extends QuestionSearch {
  constructor(readonly index: NewsIndex) {
    const ablation = ablationFromEnv();
    super(analyserOf(index, ablation), new Retriever(retrievalIndexOf(index), { ablation, tuning: tuningFromEnv() }));
  }
}
