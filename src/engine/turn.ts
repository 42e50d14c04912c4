/**
 * A turn remembered: what the conversation keeps of an answered question for the follow-ups after it
 * (src/conversation/state.ts), and what the caller is shown of the answer.
 */
import type { Composed } from "../answer/compose.js";
import { describeTurn } from "../conversation/followup.js";
import { remember, type ConversationState, type FollowupKind } from "../conversation/state.js";
import type { StoredDoc } from "../index/news-index.js";
import type { QuestionAnalysis } from "../question/analyse.js";
import { withArticleFacts, type EngineAnswer } from "./cited-sources.js";

export interface AnsweredTurn {
  question: string;
  standalone: string;
  kind: FollowupKind;
  analysis: QuestionAnalysis;
}

/** The conversation with the turn remembered: what it asked, what the answer named, listed and cited. */
export function rememberTurn(state: ConversationState, composed: Composed, turn: AnsweredTurn): ConversationState {
  const { question, standalone, kind, analysis } = turn;
  const prev = state.turns.at(-1);
  const docIds = composed.sources.map((s) => s.id);
  return remember(state, {
    question,
    standalone,
    found: composed.found,
    docIds,
    at: Date.now(),
    kind,
    ...describeTurn(
      analysis,
      {
        ...(composed.person ? { person: composed.person } : {}),
        ...(composed.thing ? { thing: composed.thing } : {}),
        ...(composed.span && composed.spanKind ? { span: { text: composed.span, kind: composed.spanKind } } : {}),
        // what a list answer enumerated (「它们」 means them); an answer's sources are no list
        ...(composed.listed ? { items: composed.items } : {}),
      },
      prev,
      kind,
    ),
    ...(composed.items.length ? { items: composed.items } : kind === "more" && prev?.items ? { items: prev.items } : {}),
    shown: [...new Set([...(kind === "more" ? (prev?.shown ?? prev?.docIds ?? []) : []), ...docIds])],
    ...(composed.quoted?.length ? { quoted: composed.quoted } : {}),
  });
}

/** What the caller shows: the answer without the conversation's bookkeeping, each source with its article's facts (a caption? whose photo?). */
export function shownAnswer(composed: Composed, kind: FollowupKind, docOf: (id: string) => StoredDoc | undefined): EngineAnswer {
  const { type: _t, items: _i, person: _p, thing: _th, evidence: _e, quoted: _q, spanKind: _k, listed: _l, ...answer } = composed;
  return { ...answer, sources: answer.sources.map((s) => withArticleFacts(s, docOf(s.id))), ...(kind === "more" ? { continues: true } : {}) };
}
