/**
 * A timeline question: the articles about its topic (retrieved on the topic alone, within the
 * question's window when it names one), or every article of the window when it names no topic.
 * src/answer/timeline.ts orders and writes them.
 */
import type { Composed } from "../answer/compose.js";
import type { EvidenceContext } from "../answer/evidence.js";
import { composeTimeline, TIMELINE_LINES } from "../answer/timeline.js";
import type { QuestionAnalysis } from "../question/analyse.js";
import type { Timeline } from "../question/timeline.js";
import type { HybridRetriever } from "../retrieve/hybrid.js";
import type { CompareOptions } from "./compare.js";

/** Articles read for a timeline: more than it shows, since some will be off the topic or out of the window. */
const TIMELINE_K = 2 * TIMELINE_LINES;

export async function answerTimeline(retriever: HybridRetriever, ctx: EvidenceContext, q: QuestionAnalysis, t: Timeline, question: string, standalone: string, opts: CompareOptions): Promise<Composed> {
  const window = q.dateRanges;
  const topic = t.topic ? { ...retriever.analyze(t.topic, opts.date), dateRanges: window } : undefined;
  if (topic && topic.words.length) {
    const found = await retriever.search(topic, { k: TIMELINE_K, ...(opts.date ? { date: opts.date } : {}), ...(opts.exclude ? { exclude: opts.exclude } : {}) });
    // The window is a filter, not a preference: 「上周」 means last week's articles only.
    const hits = window.length ? found.filter((h) => inWindow(retriever, h.docId, window)) : found;
    const composed = composeTimeline(q, topic, t, hits, ctx, question, standalone);
    // A topic too general to search by (「区里」: the search finds nothing) leaves the window's articles to list.
    if (composed.found || !window.length || found.length) return composed;
  }
  const hits = window.length ? retriever.datedArticles(window, TIMELINE_K, opts.exclude) : [];
  return composeTimeline(q, undefined, { ...t, topic: "" }, hits, ctx, question, standalone);
}

/** Whether the article's date (a month or year too, when that is all a page tells) lies within the window. */
function inWindow(retriever: HybridRetriever, docId: string, window: QuestionAnalysis["dateRanges"]): boolean {
  const d = retriever.documentDate(docId);
  return d !== undefined && window.some((w) => d.from >= w.from && d.to <= w.to);
}
