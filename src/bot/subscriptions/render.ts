/**
 * The text and buttons of a push (the topic, the headline, byline · paper · date with estimated ones
 * marked 推断, the sentence that matches, a 「原文」 button) and of a digest (the day's articles on
 * the chat's topics, numbered, one button each).
 */
import { InlineKeyboard } from "grammy";
import type { Engine } from "../../engine/engine.js";
import { renderMessages, type Paragraph } from "../format.js";
import { sourceMeta, sourceName } from "../../answer/source-name.js";
import { encodeCallback } from "../keyboards.js";
import { MSG } from "../messages.js";
import type { DigestJob, Job, PushItem, PushJob } from "./jobs.js";

/** The longest matching sentence a push quotes. */
const SENTENCE_CAP = 200;
/** Source buttons in a row of a digest. */
const BUTTONS_PER_ROW = 4;

export interface RenderedMessage {
  text: string;
  keyboard?: InlineKeyboard;
}

type Library = Engine["library"];

/** The message of a job; undefined when none of its articles is in the index any more. */
export function renderJob(job: Job, library: Library): RenderedMessage | undefined {
  return job.kind === "push" ? renderPush(job, library) : renderDigest(job, library);
}

function renderPush(job: PushJob, library: Library): RenderedMessage | undefined {
  const kb = new InlineKeyboard();
  const lines = articleLines(job.item, library);
  if (!lines) return undefined;
  const paragraphs: Paragraph[] = [[{ text: MSG.pushHeading(job.item.topic), style: "italic" }], ...lines];
  const ok = sourceButton(job.item, 1, MSG.pushSourceButton, kb, library);
  return { text: renderMessages(paragraphs)[0]!, ...(ok ? { keyboard: kb } : {}) };
}

function renderDigest(job: DigestJob, library: Library): RenderedMessage | undefined {
  const kb = new InlineKeyboard();
  const paragraphs: Paragraph[] = [[{ text: MSG.digestHeading(job.day), style: "bold" }], [{ text: MSG.digestTopics(job.topics), style: "italic" }]];
  let n = 0;
  let buttons = 0;
  for (const item of job.items) {
    const lines = articleLines(item, library, n + 1);
    if (!lines) continue;
    n++;
    paragraphs.push([], ...lines);
    if (buttons > 0 && buttons % BUTTONS_PER_ROW === 0) kb.row();
    if (sourceButton(item, n, MSG.digestSourceButton(n), kb, library)) buttons++;
  }
  if (!n) return undefined;
  return { text: renderMessages(paragraphs)[0]!, ...(buttons ? { keyboard: kb } : {}) };
}

/** An article's headline (numbered in a digest), its source line and the sentence that matched. */
function articleLines(item: PushItem, library: Library, n?: number): Paragraph[] | undefined {
  const found = library.article(item.docId);
  if (!found) return undefined;
  const a = found.article;
  const meta = sourceMeta(a);
  return [
    [{ text: n === undefined ? "" : `[${n}] ` }, { text: sourceName(a), style: "bold" }],
    ...(meta ? [[{ text: meta, style: "italic" as const }]] : []),
    [{ text: `「${clip(item.match.sentence, SENTENCE_CAP)}」` }],
  ];
}

/** Adds the button that opens the matching passage; false when the article has no passage to open. */
function sourceButton(item: PushItem, n: number, label: string, kb: InlineKeyboard, library: Library): boolean {
  const ref = library.refOf(item.docId, item.match.chunkId) ?? library.firstRef(item.docId);
  if (!ref) return false;
  kb.text(label, encodeCallback({ kind: "source", ...ref, n }));
  return true;
}

function clip(s: string, cap: number): string {
  return s.length > cap ? `${s.slice(0, cap - 1)}…` : s;
}
