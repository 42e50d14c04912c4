/**
 * Any question (and one the strategies before it left): the articles found for it, the extractive
 * answer composed from them (src/answer/compose.ts), then, when an LLM is configured, its answer from
 * the same excerpts if it passes the checks (src/llm/answerer.ts).
 */
import { composeAnswer, type Composed } from "../answer/compose.js";
import type { Resolved } from "../conversation/followup.js";
import type { QuestionAnalysis } from "../question/analyse.js";
import type { SearchOptions } from "../retrieve/retriever.js";
import type { SearchHit } from "../types.js";
import { searchOptions, type AnswerStrategy, type AskContext } from "./ask-context.js";

/** Articles read per question (the composer reads each one whole). */
export const ASK_K = 6;

/**
 * Share of the refusal threshold a follow-up answered from the articles just shown must reach: the
 * conversation has already shown those articles to be about its subject, so the evidence they need is
 * less than a question out of the blue needs. A product decision, not fit: measured through the engine on
 * 2026-12-08, shares from 0.3 to 1 answer the same crud-qa-dev conversation turns and the same tuned seed
 * conversation turns, so the data cannot choose; below 1 it answers 「他们一年能造多少电机？」 after a
 * question about a company from that company's article (test/bot/e2e-conversations.test.ts).
 */
const FOLLOWUP_PRIOR = 0.5;

export const plainStrategy: AnswerStrategy = {
  name: "plain",
  applies: () => true,
  async answer(ctx) {
    const { resolved } = ctx;
    const hits = focused(await ctx.search.search(withContext(ctx.analysis, resolved.context), searchOptionsOf(ctx)), resolved.focusDoc);
    const compose = (from: SearchHit[], thresholdScale = 1): Composed =>
      composeAnswer(ctx.analysis, ctx.question, ctx.standalone, from, ctx.evidence, {
        thresholdScale,
        ...(resolved.continueAfter ? { continueAfter: resolved.continueAfter } : {}),
      });
    // A follow-up about what was just shown (他…, 它…, a question without a subject) is answered from
    // the articles the previous answer cited when they answer it; otherwise from everything found.
    // (a question that names a thing of its own besides what it points back at — 「他在研讨会上…」 — is
    // answered from everything found: the meeting it names may be reported elsewhere)
    const namesMore = ctx.asked.entities.some((e) => e.kind !== "date" && e.kind !== "figure");
    const previous = resolved.prefer && (ctx.kind === "pronoun" || ctx.kind === "topic") && !namesMore ? hits.filter((h) => resolved.prefer!.has(h.docId)) : [];
    let composed = previous.length ? compose(previous, FOLLOWUP_PRIOR) : compose(hits);
    if (previous.length && !composed.found) composed = compose(hits);
    if (ctx.llm && composed.found) composed = await ctx.llm.answer(composed, hits, ctx.analysis);
    return composed;
  },
};

/** The question's search: its articles, the documents to leave out and a follow-up's previous articles. */
function searchOptionsOf(ctx: AskContext): SearchOptions {
  return { ...searchOptions(ctx, ASK_K), ...(ctx.resolved.prefer ? { prefer: ctx.resolved.prefer } : {}) };
}

/**
 * The analysis a search reads for a question that leans on the conversation: its own terms, and the
 * previous question's at the context weight (data/conversation-model.json) — the context enters the
 * search as weighted words, not as text spliced into the question.
 */
function withContext(analysis: QuestionAnalysis, context: Resolved["context"]): QuestionAnalysis {
  if (!context || context.weight <= 0) return analysis;
  const own = new Set(analysis.terms.map((t) => t.term));
  const added = context.terms.filter((t) => !own.has(t.term)).map((t) => ({ ...t, weight: t.weight * context.weight }));
  return added.length ? { ...analysis, terms: [...analysis.terms, ...added] } : analysis;
}

/** An ordinal follow-up (「第二个详细说说」): the article it points at alone, when it was found. */
function focused(hits: SearchHit[], focusDoc: string | undefined): SearchHit[] {
  if (!focusDoc) return hits;
  const i = hits.findIndex((h) => h.docId === focusDoc);
  if (i > 0) hits = [hits[i]!, ...hits.slice(0, i), ...hits.slice(i + 1)];
  return i >= 0 ? hits.slice(0, 1) : hits;
}
