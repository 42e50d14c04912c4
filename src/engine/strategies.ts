/**
 * The ways a question is answered, in the order they are tried (as a router tries its routes): the
 * first that applies to the question's analysis and gives an answer answers it. A comparison of
 * events in time, a timeline, a question anchored on another event's day (which leaves the question
 * to the next one when that day cannot be found), and any question (always applies).
 */
import type { AnswerStrategy } from "./ask-context.js";
import { anchoredStrategy } from "./anchor.js";
import { comparisonStrategy } from "./compare.js";
import { plainStrategy } from "./plain.js";
import { timelineStrategy } from "./timeline.js";

export const ANSWER_STRATEGIES: readonly AnswerStrategy[] = [comparisonStrategy, timelineStrategy, anchoredStrategy, plainStrategy];
