/**
 * How long the quote of a reply without a lead may be — the one clause that should carry the answer
 * when no span is confident enough to say it in a line. Fit on data by scripts/fit-reply-shape.ts
 * (data/reply-shape.json): the bounds whose replies hold the gold answer most often on the fit halves
 * of ChronoQA and crud-qa-dev while the median reply stays within the phone-screen lengths of
 * shared/spec/quality.md.
 */
import { loadFitted, type FittedJson, type FittedSpec } from "../models/fitted.js";
import type { ClauseBounds } from "./clause.js";

export interface ReplyShape extends FittedJson {
  /** The bounds of the clause quoted when the reply has no lead. */
  quote: ClauseBounds;
}

export const REPLY_SHAPE: FittedSpec = {
  name: "reply",
  file: "reply-shape.json",
  script: "scripts/fit-reply-shape.ts",
};

/** The fitted reply shape in data/reply-shape.json. */
export function replyShape(): ReplyShape {
  return loadFitted<ReplyShape>(REPLY_SHAPE);
}
