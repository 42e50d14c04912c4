/**
 * A timeline question: the articles about its topic (retrieved on the topic alone, within the
 * question's window when it names one), or every article of the window when it names no topic.
 * src/answer/timeline.ts orders and writes them.
 */
import { composeTimeline, TIMELINE_LINES } from "../answer/timeline.js";
import type { QuestionAnalysis } from "../question/analyse.js";
import type { QuestionSearch } from "../retrieve/question-search.js";
import { searchOptions, type AnswerStrategy } from "./ask-context.js";

/** Articles read for a timeline: more than it shows, since some will be off the topic or out of the window. */
const TIMELINE_K = 2 * TIMELINE_LINES;

/** 「最近关于X有什么报道」「X的来龙去脉」「上周有什么新闻」. */
export const timelineStrategy: AnswerStrategy = {
  name: "timeline",
  applies: (analysis) => analysis.timeline !== undefined,
  async answer(ctx) {
    const { analysis: q, search, evidence, question, standalone } = ctx;
    const t = q.timeline!;
    const window = q.dateRanges;
    const topic = t.topic ? { ...search.analyse(t.topic, ctx.date), dateRanges: window } : undefined;
    if (topic && topic.words.length) {
      const found = await search.search(topic, searchOptions(ctx, TIMELINE_K));
      // The window is a filter, not a preference: 「上周」 means last week's articles only.
      const hits = window.length ? found.filter((h) => inWindow(search, h.docId, window)) : found;
      const composed = composeTimeline(q, topic, t, hits, evidence, question, standalone);
      // A topic too general to search by (「区里」: the search finds nothing) leaves the window's articles to list.
      if (composed.found || !window.length || found.length) return composed;
    }
    const hits = window.length ? search.datedArticles(window, TIMELINE_K, ctx.exclude) : [];
    return composeTimeline(q, undefined, { ...t, topic: "" }, hits, evidence, question, standalone);
  },
};

/** Whether the article's date (a month or year too, when that is all a page tells) lies within the window. */
function inWindow(search: QuestionSearch, docId: string, window: QuestionAnalysis["dateRanges"]): boolean {
  const d = search.documentDate(docId);
  return d !== undefined && window.some((w) => d.from >= w.from && d.to <= w.to);
}
