/**
 * A retriever paired with the analyser of the questions it searches for: what the engine's answer
 * strategies search with (an event of a comparison, the topic of a timeline, the rest of 「A当天，B」
 * are each analysed, then searched). The analyser is the engine's (src/engine/engine.ts builds both
 * over one index); the retriever reads only analyses.
 */
import type { QuestionAnalyser, QuestionAnalysis } from "../question/analyse.js";
import type { DayRange } from "../text/dates.js";
import type { SearchHit } from "../types.js";
import type { Retriever, SearchOptions } from "./retriever.js";

export class QuestionSearch {
  constructor(
    readonly analyser: QuestionAnalyser,
    readonly retriever: Retriever,
  ) {}

  /** The analysis of a question, with what the index's corpus teaches ("today" for relative dates). */
  analyse(question: string, date?: string): QuestionAnalysis {
    return this.analyser.analyse(question, date ? { today: date } : {});
  }

  /** The articles found for a question's analysis (or for a question, analysed here with `opts.date` as today). */
  search(query: string | QuestionAnalysis, opts: SearchOptions = {}): Promise<SearchHit[]> {
    return this.retriever.search(typeof query === "string" ? this.analyse(query, opts.date) : query, opts);
  }

  /** The date a document is about (see Retriever.documentDate). */
  documentDate(docId: string): DayRange | undefined {
    return this.retriever.documentDate(docId);
  }

  /** The articles dated within the ranges, newest first (see Retriever.datedArticles). */
  datedArticles(ranges: readonly DayRange[], limit: number, exclude?: ReadonlySet<string>): SearchHit[] {
    return this.retriever.datedArticles(ranges, limit, exclude);
  }
}
