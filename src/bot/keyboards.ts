/**
 * Inline keyboards and their callback data. Callback data must stay under Telegram's 64 bytes and
 * keep working after a restart, so it never holds a document id or text: it holds a SourceRef (the
 * chunk's integer label in the index plus a short check of its chunk id, src/engine/library.ts),
 * resolved through the engine when the button is pressed (a rebuilt index that moved the label is
 * detected, not misread).
 *
 *   s:<label>:<check>:<n>   「原文 [n]」: the cited passage
 *   x:<label>:<check>       an example question from /start (about the article of that chunk)
 *   m:<answer id>           「更多」: continue the answer it sits under (src/bot/answer-context.ts)
 *   more                    「更多」 of answers sent before answer ids existed: the chat's last question
 *   p:<page>                /sources: that page of the catalogue (0-based, newest articles first)
 *   a:<label>:<check>       「原文」 under an article's summary (deep link /start a_…): the whole article
 *   f:+:<answer id>         👍 under an answer, f:-:<answer id> 👎 (src/bot/feedback.ts)
 */
import { InlineKeyboard } from "grammy";
import type { AnswerResult } from "../answer/types.js";
import type { ArticleView, Library } from "../engine/library.js";
import { MSG } from "./messages.js";

const MORE = "more";

/** The highest source number an answer's 「原文 [n]」 can carry (answers cite at most 8: a timeline's lines). */
const MAX_SOURCE_NUMBER = 20;

export type Callback =
  | { kind: "source"; label: number; check: string; n: number }
  | { kind: "example"; label: number; check: string }
  | { kind: "more"; answerId?: string }
  | { kind: "page"; page: number }
  | { kind: "article"; label: number; check: string };

export function encodeCallback(c: Callback): string {
  switch (c.kind) {
    case "source":
      return `s:${c.label}:${c.check}:${c.n}`;
    case "example":
      return `x:${c.label}:${c.check}`;
    case "more":
      return c.answerId ? `m:${c.answerId}` : MORE;
    case "page":
      return `p:${c.page}`;
    case "article":
      return `a:${c.label}:${c.check}`;
  }
}

export function decodeCallback(data: string): Callback | undefined {
  if (data === MORE) return { kind: "more" };
  const more = /^m:([A-Za-z0-9_-]{9})$/u.exec(data);
  if (more) return { kind: "more", answerId: more[1]! };
  const page = /^p:(\d{1,6})$/u.exec(data);
  if (page) return { kind: "page", page: Number(page[1]) };
  const article = /^a:(\d{1,9}):([A-Za-z0-9_-]{6})$/u.exec(data);
  if (article) return { kind: "article", label: Number(article[1]), check: article[2]! };
  const m = /^([sx]):(\d{1,9}):([A-Za-z0-9_-]{6})(?::(\d{1,3}))?$/.exec(data);
  if (!m) return undefined;
  const label = Number(m[2]);
  if (m[1] === "s" && m[4] !== undefined) {
    const n = Number(m[4]);
    // an answer cites a handful of sources: a number no answer gives is tampered data, not shown as 「[999]」
    return n >= 1 && n <= MAX_SOURCE_NUMBER ? { kind: "source", label, check: m[3]!, n } : undefined;
  }
  if (m[1] === "x" && m[4] === undefined) return { kind: "example", label, check: m[3]! };
  return undefined;
}

/** Callback data of a vote on an answer: f:+:<id> (👍) or f:-:<id> (👎). */
export const feedbackData = (vote: "up" | "down", answerId: string): string => `f:${vote === "up" ? "+" : "-"}:${answerId}`;

export function decodeFeedback(data: string): { vote: "up" | "down"; answerId: string } | undefined {
  const m = /^f:([+-]):([A-Za-z0-9_-]{6,16})$/u.exec(data);
  return m ? { vote: m[1] === "+" ? "up" : "down", answerId: m[2]! } : undefined;
}

/** 「原文 [n]」 for each source, 「更多」 when there is more to show, and 👍 / 👎 when feedback is on (never under small talk). */
export function answerKeyboard(library: Library, r: AnswerResult, answerId?: string, opts: { feedback?: boolean } = {}): InlineKeyboard | undefined {
  const kb = new InlineKeyboard();
  let buttons = 0;
  for (const s of r.sources) {
    const ref = library.refOf(s.id, s.chunkId);
    if (!ref) continue;
    if (buttons > 0 && buttons % 4 === 0) kb.row();
    kb.text(MSG.sourceButton(s.n), encodeCallback({ kind: "source", ...ref, n: s.n }));
    buttons++;
  }
  if (r.found && r.more && r.sources.length > 0) {
    kb.row().text(MSG.moreButton, encodeCallback({ kind: "more", ...(answerId ? { answerId } : {}) }));
    buttons++;
  }
  if (answerId && opts.feedback && !r.smallTalk) {
    kb.row().text(MSG.voteUpButton, feedbackData("up", answerId)).text(MSG.voteDownButton, feedbackData("down", answerId));
    buttons += 2;
  }
  return buttons ? kb : undefined;
}

/** The example question asked about an article (its headline, as a reader would ask it). */
export const exampleQuestion = (doc: ArticleView): string => `${doc.title.replace(/[。！？!?]+$/u, "")}是怎么回事？`;

/** One example question a row; a row is started only before a button, so no empty row follows the last. */
export function examplesKeyboard(library: Library, docs: ArticleView[]): InlineKeyboard | undefined {
  const kb = new InlineKeyboard();
  let n = 0;
  for (const d of docs) {
    const ref = library.firstRef(d.id);
    if (!ref) continue;
    const text = exampleQuestion(d);
    if (n > 0) kb.row();
    kb.text(text.length > 40 ? `${text.slice(0, 39)}…` : text, encodeCallback({ kind: "example", ...ref }));
    n++;
  }
  return n ? kb : undefined;
}
