/**
 * Questions about several events: 「A和B是同一天发生的吗」「以下事件哪个最早发生：A、B、C」 are split into
 * one description per event; 「A当天，B」 into an anchor event (which names a day) and a question about
 * that day; two questions in one (「X是什么，Y有多少」) into their clauses.
 */
import { searchTokens } from "../text/tokenizer.js";

export interface Anchor {
  event: string;
  rest: string;
  grain: "day" | "month" | "year";
}

const MULTI_EVENT =
  /同一(?:天|日|周|个?月|年)|哪(?:个|一个|件事?)?(?:事件)?(?:先|更早|最早|较早|更晚|最晚|在前|在后)|(?:更|最|较)(?:早|晚)|先后顺序|以下(?:事件|哪)|分别/u;
const ANCHOR = /^(.{3,}?)(当天|当日|同一天|那天|当月|同月|那个月|当年|同年|那一年)[，,、\s]*(.{2,})$/u;
const LIST_SEPARATORS = /[，,、；;：:]/u;
const PAIR_SEPARATORS = /和|与|跟|以及|还是|及/u;
const QUESTION_WORD = /什么|哪|谁|多少|几|怎样|怎么|如何|为何|为什么|是否|吗/u;

/** 「A当天，B」: A names the day, B is asked about that day. */
export function anchorOf(core: string): Anchor | undefined {
  const anchor = core.match(ANCHOR);
  if (!anchor) return undefined;
  const cue = anchor[2]!;
  const grain = /天|日/u.test(cue) ? "day" : /月/u.test(cue) ? "month" : "year";
  return { event: anchor[1]!.replace(/^在/u, ""), rest: anchor[3]!, grain };
}

/** The parts a question asks about separately: its events, or its clauses when it asks two questions. */
export function questionParts(core: string, anchored: boolean): string[] {
  if (MULTI_EVENT.test(core) || anchored) return splitEvents(core);
  const clauses = core.split(/[，,；;]/u).filter((c) => QUESTION_WORD.test(c) && searchTokens(c).length >= 2);
  return clauses.length >= 2 ? clauses.map((c) => c.replace(/[？?。！!\s]+/gu, "")) : [];
}

/** The event descriptions of a multi-event question, without the question frame. */
export function splitEvents(core: string): string[] {
  let body = core;
  // A leading frame ends at a colon or question mark (「以下事件哪个最早发生：A、B、C」「…哪个？1. A，2. B」).
  const lead = body.search(/[：:？?]/u);
  if (lead >= 0 && lead < body.length - 4 && /以下|哪|最早|最晚|先后/u.test(body.slice(0, lead))) body = body.slice(lead + 1);
  const frame = body.search(MULTI_EVENT);
  // Otherwise the frame (「是同一天发生的吗」「哪个更早」) ends the list of events.
  if (frame > 4) body = body.slice(0, frame);
  body = body.replace(/(?:^|[，,、\s])\d{1,2}[.、．]\s*/gu, "，");
  body = body.replace(/(?:是否|是不是|是|都|发生)?(?:在)?$/u, "");
  const anchored = body.match(ANCHOR);
  let pieces: string[];
  if (anchored) pieces = [anchored[1]!, anchored[3]!];
  else {
    // A list separated by 、，… is split there only; a pair 「A和B」 at the 和/与 that balances the two sides best.
    pieces = body.split(LIST_SEPARATORS).filter((p) => p.trim());
    if (pieces.length < 2) pieces = splitPair(body);
  }
  return pieces.map((p) => p.replace(/[？?。！!\s]+/gu, "").trim()).filter((p) => searchTokens(p).length >= 2);
}

/** Splits 「A和B」 at the conjunction that leaves the most words on the shorter side. */
function splitPair(body: string): string[] {
  let best: string[] = [body];
  let bestScore = 0;
  const re = new RegExp(PAIR_SEPARATORS.source, "gu");
  for (const m of body.matchAll(re)) {
    const left = body.slice(0, m.index);
    const right = body.slice(m.index! + m[0].length);
    const score = Math.min(searchTokens(left).length, searchTokens(right).length);
    if (score > bestScore) {
      bestScore = score;
      best = [left, right];
    }
  }
  return best;
}
