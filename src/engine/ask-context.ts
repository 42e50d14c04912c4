/**
 * What answering one question reads, whichever way it is answered: the question as asked and as
 * searched, its analysis, what the conversation resolved, the search and evidence of the index it is
 * answered from (the view current when it started, to its end), and the LLM when one is configured.
 * The answer strategies (src/engine/strategies.ts) each take this one object.
 */
import type { Composed, EvidenceContext } from "../answer/compose.js";
import type { Resolved } from "../conversation/followup.js";
import type { FollowupKind } from "../conversation/state.js";
import type { LlmAnswerer } from "../llm/answerer.js";
import type { QuestionAnalysis } from "../question/analyse.js";
import type { QuestionSearch } from "../retrieve/question-search.js";
import type { SearchOptions } from "../retrieve/retriever.js";

export interface AskContext {
  /** The question as the reader typed it (cleaned). */
  question: string;
  /** The question as it is searched: a follow-up rewritten to stand alone. */
  standalone: string;
  kind: FollowupKind;
  /** The analysis of the question as typed (what the reader named themselves). */
  asked: QuestionAnalysis;
  /** The analysis of `standalone`. */
  analysis: QuestionAnalysis;
  /** What the conversation resolved: the previous answer's articles, the one pointed at, what was quoted already. */
  resolved: Resolved;
  /** Documents no search returns (those already shown for 「还有吗」, and the caller's). */
  exclude: ReadonlySet<string>;
  /** "Today" for relative dates (YYYY-MM-DD); undefined: the current date. */
  date: string | undefined;
  search: QuestionSearch;
  evidence: EvidenceContext;
  llm: LlmAnswerer | undefined;
}

/** One way of answering: the first in the list (strategies.ts) that applies to the question answers it. */
export interface AnswerStrategy {
  readonly name: string;
  applies(analysis: QuestionAnalysis): boolean;
  /** The answer, or undefined to leave the question to the next strategy that applies. */
  answer(ctx: AskContext): Promise<Composed | undefined>;
}

/** The search options of a question's own searches: its date and the documents to leave out. */
export function searchOptions(ctx: AskContext, k: number): SearchOptions {
  return { k, ...(ctx.date ? { date: ctx.date } : {}), ...(ctx.exclude.size ? { exclude: ctx.exclude } : {}) };
}
