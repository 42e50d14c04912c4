/**
 * Rewrites a follow-up question into a standalone one from the earlier turns of the chat.
 * (First version: questions are taken as they are.)
 */
import type { ConversationState } from "./state.js";

export interface Resolved {
  standalone: string;
  /** Documents to skip (「还有吗」 asks for results not shown yet). */
  exclude: Set<string>;
}

export function resolveFollowup(question: string, _state: ConversationState): Resolved {
  return { standalone: question.trim(), exclude: new Set() };
}
