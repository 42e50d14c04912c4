/**
 * An answer's sources as the surfaces show them: the answer layer's Source (headline, byline, paper,
 * date, excerpt) with what else naming a source needs from its article — whether it is a photo
 * caption and who took the photo (src/answer/source-name.ts).
 */
import type { AnswerResult, Source } from "../answer/types.js";
import type { DocMeta } from "../types.js";

export type CitedSource = Source & Pick<DocMeta, "kind" | "photographers">;

export interface EngineAnswer extends AnswerResult {
  sources: CitedSource[];
}

const asWritten = (text: string): string => text.replace(/[？?！!。\s]/gu, "");

/**
 * The question as the engine understood it, when that is not what the reader wrote (a follow-up
 * rewritten with its subject): every surface shows it, with answers and refusals alike, so that a
 * wrong reading is visible.
 */
export function understoodQuestion(r: Pick<AnswerResult, "question" | "standalone">): string | undefined {
  return r.standalone && asWritten(r.standalone) !== asWritten(r.question) ? r.standalone : undefined;
}

/** The source with its article's kind and photographers (when the index still has the article). */
export function withArticleFacts(s: Source, doc: Pick<DocMeta, "kind" | "photographers"> | undefined): CitedSource {
  if (!doc) return s;
  return { ...s, ...(doc.kind ? { kind: doc.kind } : {}), ...(doc.photographers?.length ? { photographers: doc.photographers } : {}) };
}
