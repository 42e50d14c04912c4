/**
 * What a user typed, made into a question: control and zero-width characters removed, whitespace
 * collapsed, length capped. Every surface (CLI, terminal chat, bot) goes through this before the engine.
 */
export type QuestionKind = "ok" | "empty" | "no-words";

export interface CleanQuestion {
  text: string;
  kind: QuestionKind;
  /** True when the input was longer than the cap and was cut. */
  truncated: boolean;
  /** Length of the input before cleaning. */
  originalLength: number;
}

// C0/C1 controls (tab and newlines become spaces), zero-width and bidi controls, BOM.
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u200B-\u200F\u202A-\u202E\u2060-\u2064\uFEFF]/gu;
const HAS_WORD = /[\p{L}\p{N}]/u;

export function cleanQuestion(raw: string, maxChars: number): CleanQuestion {
  const originalLength = raw.length;
  let text = raw.replace(CONTROL, "").replace(/\s+/gu, " ").trim();
  const truncated = text.length > maxChars;
  if (truncated) text = Array.from(text).slice(0, maxChars).join("").trim();
  const kind: QuestionKind = !text ? "empty" : HAS_WORD.test(text) ? "ok" : "no-words";
  return { text, kind, truncated, originalLength };
}
