/**
 * What an index's corpus teaches the question analysis (src/question/analyse.ts CorpusKnowledge): how
 * rare each word is (the index's IDF blended with the background's), the names mined at ingest, the
 * alias table and the newest article's date (both derived with retrieval's context, context.ts).
 */
import type { Ablation } from "../config/ablation.js";
import type { NewsIndex } from "../index/news-index.js";
import { QuestionAnalyser, type CorpusKnowledge } from "../question/analyse.js";
import { blendedIdf, type LocalRarity } from "../question/rarity.js";
import { retrievalContext } from "./context.js";

/** A word no index holds: its IDF is the one of any absent word. */
const ABSENT_WORD = " \u0000never\u0000 ";

function corpusKnowledge(index: NewsIndex, ablation: Ablation): CorpusKnowledge {
  // (the index holds its terms lower-cased: GDP is found as gdp)
  const local: LocalRarity = {
    idf: (w) => index.bm25.idf(w.toLowerCase()),
    df: (w) => index.bm25.df(w.toLowerCase()),
    passages: () => index.bm25.size,
    absentIdf: () => index.bm25.idf(ABSENT_WORD),
  };
  return {
    idf: (w) => blendedIdf(local, w),
    df: (w) => index.bm25.df(w.toLowerCase()),
    isTerm: (w) => index.knownTerms.has(w),
    aliases: () => (ablation.has("aliases") ? undefined : retrievalContext(index).aliases),
    newestDay: () => retrievalContext(index).newestDay,
  };
}

/** The question analyser an index teaches, reading dates unless the ablation turns them off. */
export function analyserOf(index: NewsIndex, ablation: Ablation): QuestionAnalyser {
  return new QuestionAnalyser(corpusKnowledge(index, ablation), { dates: !ablation.has("dates") });
}
