/**
 * 「A当天，B…？」: the question is about B on the day (month, year) of event A. A is found and dated on
 * its own (src/engine/compare.ts), then B is answered from the articles of that day as any question
 * is, and the reply says which day that was and where that comes from. When A cannot be found or
 * dated, the caller answers the question as a whole.
 */
import { Citations } from "../answer/citations.js";
import { composeAnswer, type Composed } from "../answer/compose.js";
import { unitRange, writeDate } from "../answer/date-words.js";
import type { QuestionAnalysis } from "../question/analyse.js";
import type { Anchor } from "../question/events.js";
import type { DayRange } from "../text/dates.js";
import type { SearchHit } from "../types.js";
import type { EventEvidence } from "../answer/compare.js";
import { searchOptions, type AnswerStrategy, type AskContext } from "./ask-context.js";
import { compareOptions, datedCandidates } from "./compare.js";
import { ASK_K } from "./plain.js";

/** Articles read for B, on A's day and overall. */
const ANCHORED_K = ASK_K;

/** 「A当天，B…？」: B on A's day; when A cannot be found or dated, the next strategy answers the question whole. */
export const anchoredStrategy: AnswerStrategy = {
  name: "anchored",
  applies: (analysis) => analysis.anchor !== undefined,
  answer: answerAnchored,
};

async function answerAnchored(ctx: AskContext): Promise<Composed | undefined> {
  const { analysis: q, search, evidence } = ctx;
  const anchor = q.anchor!;
  const candidates = await datedCandidates(search, evidence, anchor.event, q.dateRanges, compareOptions(ctx));
  const fullHits = search.search(q, searchOptions(ctx, ANCHORED_K));
  const rest = search.analyse(anchor.rest, ctx.date);
  let best: { composed: Composed; joint: number } | undefined;
  // The day is the one where both are reported best: A's article and B's answer on A's date.
  for (const event of candidates) {
    if (!event.sentence || !event.date || event.date.from !== event.date.to) continue;
    const composed = await answerOnDay(ctx, { ...rest, dateRanges: [unitRange(event.date.from, anchor.grain)] }, event, anchor);
    const joint = composed ? event.score * composed.confidence : 0;
    if (composed?.found && (!best || joint > best.joint)) best = { composed, joint };
  }
  return best?.composed ?? answerWithoutDay(ctx, await fullHits, { ...rest, dateRanges: q.dateRanges }, anchor);
}

/**
 * A's day is not in the news: B is answered on its own, and the reply says that the day could not be
 * checked (a reader can judge; a refusal would hide what the news does say about B).
 */
function answerWithoutDay(ctx: AskContext, hits: SearchHit[], rest: QuestionAnalysis, anchor: Anchor): Composed | undefined {
  const composed = composeAnswer(rest, ctx.question, ctx.standalone, hits, ctx.evidence);
  if (!composed.found) return undefined;
  return { ...composed, answer: `${composed.answer}\n（没有找到「${anchor.event}」是哪一天，无法核对是否同一天。）` };
}

/** B answered from the articles of A's day, with a line that says which day that was. */
async function answerOnDay(ctx: AskContext, rest: QuestionAnalysis, event: EventEvidence, anchor: Anchor): Promise<Composed | undefined> {
  const { evidence } = ctx;
  const day = rest.dateRanges[0]!;
  const hits = await ctx.search.search(rest, searchOptions(ctx, ANCHORED_K));
  const ofTheDay = hits.filter((h) => within(evidence.documentDate(h.docId), day) && h.docId !== event.sentence!.docId);
  if (!ofTheDay.length) return undefined;
  const cites = new Citations(
    rest.words.map((w) => w.word),
    { documentDate: evidence.documentDate, yearless: rest.type === "when" },
  );
  const composed = composeAnswer(rest, ctx.question, ctx.standalone, ofTheDay, evidence, { citations: cites });
  if (!composed.found) return composed;
  const mark = event.date!.estimated ? "（推断）" : "";
  const when = `（${anchor.event}在${writeDate(event.date!)}${mark}[${cites.cite(event.sentence!)}]）`;
  return { ...composed, answer: `${composed.answer}\n${when}`, sources: cites.sources };
}

/** An article dated within the day (month, year): one dated only to a wider span may be of another day. */
function within(r: DayRange | undefined, day: DayRange): boolean {
  return r !== undefined && r.from >= day.from && r.to <= day.to;
}
