/**
 * Inline keyboards and their callback data. Callback data must stay under Telegram's 64 bytes and
 * keep working after a restart, so it never holds a document id or text: it holds the chunk's
 * integer label in the index plus a short check of its chunk id, resolved through the index when
 * the button is pressed (a rebuilt index that moved the label is detected, not misread).
 *
 *   s:<label>:<check>:<n>   「原文 [n]」: the cited passage
 *   x:<label>:<check>       an example question from /start (about the article of that chunk)
 *   more                    「更多」: continue the last question
 */
import { createHash } from "node:crypto";
import { InlineKeyboard } from "grammy";
import type { AnswerResult } from "../answer/types.js";
import type { NewsIndex, StoredDoc } from "../index/news-index.js";
import type { Chunk } from "../types.js";
import { MSG } from "./messages.js";

export const MORE = "more";

export const check = (chunkId: string): string => createHash("sha1").update(chunkId).digest("base64url").slice(0, 6);

export type Callback =
  | { kind: "source"; label: number; check: string; n: number }
  | { kind: "example"; label: number; check: string }
  | { kind: "more" };

export function encodeCallback(c: Callback): string {
  switch (c.kind) {
    case "source":
      return `s:${c.label}:${c.check}:${c.n}`;
    case "example":
      return `x:${c.label}:${c.check}`;
    case "more":
      return MORE;
  }
}

export function decodeCallback(data: string): Callback | undefined {
  if (data === MORE) return { kind: "more" };
  const m = /^([sx]):(\d{1,9}):([A-Za-z0-9_-]{6})(?::(\d{1,3}))?$/.exec(data);
  if (!m) return undefined;
  const label = Number(m[2]);
  if (m[1] === "s" && m[4] !== undefined) return { kind: "source", label, check: m[3]!, n: Number(m[4]) };
  if (m[1] === "x" && m[4] === undefined) return { kind: "example", label, check: m[3]! };
  return undefined;
}

/** The chunk behind a label, only if it is still the chunk the button was made for. */
export function resolveChunk(index: NewsIndex, label: number, expected: string): { chunk: Chunk; doc: StoredDoc } | undefined {
  const chunk = index.chunk(label);
  const doc = index.docOfLabel(label);
  if (!chunk || !doc || check(chunk.chunkId) !== expected) return undefined;
  return { chunk, doc };
}

/** The integer label of a chunk id (`<docId>::<n>`), or undefined when the index no longer has it. */
export function labelOfChunk(index: NewsIndex, docId: string, chunkId: string): number | undefined {
  return index.labelsOf(docId).find((l) => index.chunk(l)?.chunkId === chunkId);
}

/** 「原文 [n]」 for each source, and 「更多」 when the answer found something. */
export function answerKeyboard(index: NewsIndex, r: AnswerResult): InlineKeyboard | undefined {
  const kb = new InlineKeyboard();
  let buttons = 0;
  for (const s of r.sources) {
    const label = labelOfChunk(index, s.id, s.chunkId);
    if (label === undefined) continue;
    if (buttons > 0 && buttons % 4 === 0) kb.row();
    kb.text(MSG.sourceButton(s.n), encodeCallback({ kind: "source", label, check: check(s.chunkId), n: s.n }));
    buttons++;
  }
  if (r.found && r.sources.length > 0) {
    kb.row().text(MSG.moreButton, MORE);
    buttons++;
  }
  return buttons ? kb : undefined;
}

/** The example question asked about an article (its headline, as a reader would ask it). */
export const exampleQuestion = (doc: StoredDoc): string => `${doc.title.replace(/[。！？!?]+$/u, "")}是怎么回事？`;

/** Example questions for /start: the articles with the most text, one per source file first. */
export function exampleDocs(index: NewsIndex, count = 3): StoredDoc[] {
  const docs = [...index.liveDocs()].filter((d) => d.title && index.labelsOf(d.id).length > 0);
  docs.sort((a, b) => b.chars - a.chars || a.id.localeCompare(b.id));
  const picked: StoredDoc[] = [];
  const seen = new Set<string>();
  for (const d of docs) if (picked.length < count && !seen.has(d.source)) (picked.push(d), seen.add(d.source));
  for (const d of docs) if (picked.length < count && !picked.includes(d)) picked.push(d);
  return picked;
}

export function examplesKeyboard(index: NewsIndex, docs: StoredDoc[]): InlineKeyboard | undefined {
  const kb = new InlineKeyboard();
  let n = 0;
  for (const d of docs) {
    const label = index.labelsOf(d.id)[0];
    const chunk = label === undefined ? undefined : index.chunk(label);
    if (label === undefined || !chunk) continue;
    const text = exampleQuestion(d);
    kb.text(text.length > 40 ? `${text.slice(0, 39)}…` : text, encodeCallback({ kind: "example", label, check: check(chunk.chunkId) })).row();
    n++;
  }
  return n ? kb : undefined;
}
