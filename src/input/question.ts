/**
 * What a user typed, made into a question: control, zero-width and bidi characters removed (and
 * unpaired surrogates), whitespace collapsed, length capped without splitting a character. Every
 * surface (CLI, terminal chat, bot) goes through this before the engine.
 */
type QuestionKind = "ok" | "empty" | "no-words";

export interface CleanQuestion {
  text: string;
  kind: QuestionKind;
  /** True when the input was longer than the cap and was cut. */
  truncated: boolean;
  /** Length of the input before cleaning. */
  originalLength: number;
}

// C0/C1 controls (tab and newlines are whitespace, handled apart), zero-width and bidi controls, BOM.
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u200B-\u200F\u202A-\u202E\u2060-\u2069\uFEFF]/gu;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const HAS_WORD = /[\p{L}\p{N}]/u;

/** Removes characters that must never reach a message or a terminal: controls, bidi overrides, lone surrogates. */
export function stripControl(text: string): string {
  return text.replace(CONTROL, "").replace(LONE_SURROGATE, "");
}

export function cleanQuestion(raw: string, maxChars: number): CleanQuestion {
  const originalLength = raw.length;
  // Cut very long input early (whole code points) so that cleaning a 200,000-character message stays cheap.
  const head =
    raw.length > maxChars * 4
      ? Array.from(raw.slice(0, maxChars * 8))
          .slice(0, maxChars * 4)
          .join("")
      : raw;
  let text = stripControl(head).replace(/\s+/gu, " ").trim();
  const points = Array.from(text);
  const truncated = head !== raw || points.length > maxChars;
  if (points.length > maxChars) text = points.slice(0, maxChars).join("").trim();
  const kind: QuestionKind = !text ? "empty" : HAS_WORD.test(text) ? "ok" : "no-words";
  return { text, kind, truncated: truncated && kind !== "empty", originalLength };
}
