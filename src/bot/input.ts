/**
 * What the bot makes of a text message before it reaches the engine: control characters removed,
 * whitespace collapsed, the question cut to MAX_QUESTION_CHARS, and messages with no words at all
 * (empty, emoji-only, punctuation-only) recognised so that they get a hint instead of an answer.
 */
import { stripControl } from "./format.js";

export type CleanQuestion =
  | { kind: "empty" }
  | { kind: "noWords" }
  | { kind: "ok"; text: string; truncated: boolean };

export function cleanQuestion(raw: string, maxChars: number): CleanQuestion {
  // Cut very long input early (by code points, never inside a surrogate pair) so the rest is cheap.
  const head = raw.length > maxChars * 4 ? Array.from(raw.slice(0, maxChars * 8)).slice(0, maxChars * 4).join("") : raw;
  const text = stripControl(head).replace(/\s+/gu, " ").trim();
  if (!text) return { kind: "empty" };
  if (!/[\p{L}\p{N}]/u.test(text)) return { kind: "noWords" };
  const points = Array.from(text);
  if (points.length <= maxChars && head === raw) return { kind: "ok", text, truncated: false };
  if (points.length <= maxChars) return { kind: "ok", text, truncated: true };
  const cut = points.slice(0, maxChars).join("").trim();
  return /[\p{L}\p{N}]/u.test(cut) ? { kind: "ok", text: cut, truncated: true } : { kind: "noWords" };
}
