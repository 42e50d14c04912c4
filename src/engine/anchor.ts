/**
 * 「A当天，B…？」: the question is about B on the day (month, year) of event A. A is found and dated on
 * its own (src/engine/compare.ts), then B is answered from the articles of that day as any question
 * is, and the reply says which day that was and where that comes from. When A cannot be found or
 * dated, the caller answers the question as a whole.
 */
import { Citations } from "../answer/citations.js";
import { composeAnswer, type Composed } from "../answer/compose.js";
import { unitRange, writeDate } from "../answer/date-words.js";
import type { EvidenceContext } from "../answer/evidence.js";
import type { QuestionAnalysis } from "../question/analyse.js";
import type { Anchor } from "../question/events.js";
import type { HybridRetriever } from "../retrieve/hybrid.js";
import type { DayRange } from "../text/dates.js";
import type { SearchHit } from "../types.js";
import type { EventEvidence } from "../answer/compare.js";
import { datedCandidates, type CompareOptions } from "./compare.js";

export async function answerAnchored(
  retriever: HybridRetriever,
  ctx: EvidenceContext,
  q: QuestionAnalysis,
  anchor: Anchor,
  question: string,
  standalone: string,
  opts: CompareOptions & { k: number },
): Promise<Composed | undefined> {
  const candidates = await datedCandidates(retriever, ctx, anchor.event, q.dateRanges, opts);
  const fullHits = retriever.search(q, { k: opts.k, ...(opts.date ? { date: opts.date } : {}), ...(opts.exclude ? { exclude: opts.exclude } : {}) });
  const rest = retriever.analyze(anchor.rest, opts.date);
  let best: { composed: Composed; joint: number } | undefined;
  // The day is the one where both are reported best: A's article and B's answer on A's date.
  for (const event of candidates) {
    if (!event.sentence || !event.date || event.date.from !== event.date.to) continue;
    const composed = await answerOnDay(retriever, ctx, { ...rest, dateRanges: [unitRange(event.date.from, anchor.grain)] }, event, anchor, question, standalone, opts);
    const joint = composed ? event.score * composed.confidence : 0;
    if (composed?.found && (!best || joint > best.joint)) best = { composed, joint };
  }
  return best?.composed ?? answerWithoutDay(await fullHits, ctx, { ...rest, dateRanges: q.dateRanges }, anchor, question, standalone);
}

/**
 * A's day is not in the news: B is answered on its own, and the reply says that the day could not be
 * checked (a reader can judge; a refusal would hide what the news does say about B).
 */
function answerWithoutDay(hits: SearchHit[], ctx: EvidenceContext, rest: QuestionAnalysis, anchor: Anchor, question: string, standalone: string): Composed | undefined {
  const composed = composeAnswer(rest, question, standalone, hits, ctx);
  if (!composed.found) return undefined;
  return { ...composed, answer: `${composed.answer}\n（没有找到「${anchor.event}」是哪一天，无法核对是否同一天。）` };
}

/** B answered from the articles of A's day, with a line that says which day that was. */
async function answerOnDay(retriever: HybridRetriever, ctx: EvidenceContext, rest: QuestionAnalysis, event: EventEvidence, anchor: Anchor, question: string, standalone: string, opts: CompareOptions & { k: number }): Promise<Composed | undefined> {
  const day = rest.dateRanges[0]!;
  const hits = await retriever.search(rest, { k: opts.k, ...(opts.date ? { date: opts.date } : {}), ...(opts.exclude ? { exclude: opts.exclude } : {}) });
  const ofTheDay = hits.filter((h) => within(ctx.documentDate(h.docId), day) && h.docId !== event.sentence!.docId);
  if (!ofTheDay.length) return undefined;
  const cites = new Citations(rest.words.map((w) => w.word), { documentDate: ctx.documentDate, yearless: rest.type === "when" });
  const composed = composeAnswer(rest, question, standalone, ofTheDay, ctx, { citations: cites });
  if (!composed.found) return composed;
  const mark = event.date!.estimated ? "（推断）" : "";
  const when = `（${anchor.event}在${writeDate(event.date!)}${mark}[${cites.cite(event.sentence!)}]）`;
  return { ...composed, answer: `${composed.answer}\n${when}`, sources: cites.sources };
}

/** An article dated within the day (month, year): one dated only to a wider span may be of another day. */
function within(r: DayRange | undefined, day: DayRange): boolean {
  return r !== undefined && r.from >= day.from && r.to <= day.to;
}
