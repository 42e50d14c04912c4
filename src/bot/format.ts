/**
 * Telegram message formatting, safe by construction: a message is built from plain-text segments
 * with a style, and only render() turns them into HTML, escaping every segment. Reader input and
 * article text are always segments, never markup. Long messages are split at paragraph boundaries
 * into parts that each fit Telegram's 4096-character limit.
 *
 * Two block-level forms besides the inline styles: a segment with `href` is a link (https only; the
 * bot's own deep links), and consecutive paragraphs marked with quote() are rendered as one expandable
 * blockquote (`<blockquote expandable>`: collapsed to a few lines until the reader opens it).
 */
import { stripControl } from "../input/question.js";
import { creditOf, dateOf, paperName, sourceMeta, sourceName } from "../answer/source-name.js";
import { understoodQuestion, type EngineAnswer } from "../engine/cited-sources.js";
import type { ArticleView } from "../engine/library.js";
import { MSG } from "./messages.js";

type Style = "plain" | "bold" | "italic" | "code";
export interface Segment {
  text: string;
  style?: Style;
  /** A link around the segment (https URLs only; anything else is shown as plain text). */
  href?: string;
  /** Set on every segment of a paragraph that stands in an expandable blockquote (see quote()). */
  block?: "quote";
}
/** One line of a message; an empty paragraph is a blank line. */
export type Paragraph = Segment[];

/** Telegram allows 4096 characters after entity parsing; keep a margin. */
export const MESSAGE_LIMIT = 4000;

export function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

const TAGS: Record<Exclude<Style, "plain">, string> = { bold: "b", italic: "i", code: "code" };

const SAFE_URL = /^https:\/\/[^\s"'<>\\]+$/u;

function renderSegment(s: Segment): string {
  const text = escapeHtml(stripControl(s.text));
  if (!text) return text;
  const tag = s.style && s.style !== "plain" ? TAGS[s.style] : undefined;
  const styled = tag ? `<${tag}>${text}</${tag}>` : text;
  return s.href && SAFE_URL.test(s.href) ? `<a href="${escapeHtml(s.href).replace(/"/g, "&quot;")}">${styled}</a>` : styled;
}

const renderParagraph = (p: Paragraph): string => p.map(renderSegment).join("");

/** A message rendered by renderMessages() as the plain text a reader sees (tags dropped, escapes undone). */
export function plainText(html: string): string {
  return html
    .replace(/<\/?(?:b|i|code|blockquote(?: expandable)?|a(?: href="[^"]*")?)>/gu, "")
    .replace(/&(lt|gt|quot|amp);/gu, (_m, e: string) => ({ lt: "<", gt: ">", quot: '"', amp: "&" })[e]!);
}

/** The paragraph as a line of an expandable blockquote; consecutive quoted lines share one quote. */
export const quote = (p: Paragraph): Paragraph => p.map((s) => ({ ...s, block: "quote" }));
const isQuoted = (p: Paragraph): boolean => p.length > 0 && p.every((s) => s.block === "quote");

/** The lines of one message: quoted runs inside one <blockquote expandable> each. */
function renderLines(lines: Paragraph[]): string {
  const out: string[] = [];
  for (let i = 0; i < lines.length;) {
    if (!isQuoted(lines[i]!)) {
      out.push(renderParagraph(lines[i++]!));
      continue;
    }
    const run: string[] = [];
    while (i < lines.length && isQuoted(lines[i]!)) run.push(renderParagraph(lines[i++]!));
    out.push(`<blockquote expandable>${run.join("\n")}</blockquote>`);
  }
  return out.join("\n");
}
const visibleLength = (p: Paragraph): number => p.reduce((n, s) => n + stripControl(s.text).length, 0);

/** Cuts a paragraph that is longer than `limit` into pieces, preferring sentence ends. */
function cutParagraph(p: Paragraph, limit: number): Paragraph[] {
  const pieces: Paragraph[] = [];
  let current: Paragraph = [];
  let used = 0;
  for (const seg of p) {
    let text = stripControl(seg.text);
    while (text.length > 0) {
      const room = limit - used;
      if (text.length <= room) {
        current.push({ ...seg, text });
        used += text.length;
        break;
      }
      let cut = room;
      const window = text.slice(0, room);
      const sentenceEnd = Math.max(...["。", "！", "？", "；", ". ", "\t"].map((m) => window.lastIndexOf(m)));
      if (sentenceEnd > room / 2) cut = sentenceEnd + 1;
      else if (/[\uD800-\uDBFF]/.test(text[cut - 1] ?? "")) cut -= 1;
      if (cut > 0) current.push({ ...seg, text: text.slice(0, cut) });
      text = text.slice(Math.max(cut, 0));
      pieces.push(current);
      current = [];
      used = 0;
    }
  }
  if (current.length) pieces.push(current);
  return pieces;
}

/**
 * Renders paragraphs into one or more HTML messages of at most `limit` visible characters each,
 * breaking between paragraphs (at a blank line when there is one), and inside a paragraph only
 * when that paragraph alone is too long. Tags never span a break.
 */
export function renderMessages(paragraphs: Paragraph[], limit = MESSAGE_LIMIT): string[] {
  const lines = paragraphs.flatMap((p) => (visibleLength(p) > limit ? cutParagraph(p, limit) : [p]));
  const messages: string[] = [];
  let current: Paragraph[] = [];
  let used = 0;
  const flush = (): void => {
    while (current.length && visibleLength(current[current.length - 1]!) === 0) current.pop();
    while (current.length && visibleLength(current[0]!) === 0) current.shift();
    if (current.length) messages.push(renderLines(current));
    current = [];
    used = 0;
  };
  for (const line of lines) {
    const len = visibleLength(line);
    if (current.length && used + 1 + len > limit) {
      // Prefer to break at the last blank line of the current message when it is not too early.
      const blank = current.map(visibleLength).lastIndexOf(0);
      if (blank > current.length / 2) {
        const rest = current.slice(blank + 1);
        current = current.slice(0, blank);
        flush();
        current = rest;
        used = rest.reduce((n, p) => n + visibleLength(p) + 1, 0);
      }
      if (current.length && used + 1 + len > limit) flush();
    }
    current.push(line);
    used += len + (current.length > 1 ? 1 : 0);
  }
  flush();
  return messages;
}

const plain = (text: string): Paragraph => [{ text }];
export const textParagraphs = (text: string): Paragraph[] => text.split("\n").map(plain);

/** An excerpt with the words that match the question in bold. */
export function excerptSegments(excerpt: string, highlights: ReadonlyArray<readonly [number, number]> = []): Segment[] {
  const out: Segment[] = [];
  let at = 0;
  for (const [a, b] of [...highlights].sort((x, y) => x[0] - y[0])) {
    if (a < at || b <= a || b > excerpt.length) continue;
    if (a > at) out.push({ text: excerpt.slice(at, a) });
    out.push({ text: excerpt.slice(a, b), style: "bold" });
    at = b;
  }
  if (at < excerpt.length) out.push({ text: excerpt.slice(at) });
  return out;
}

/** An answer with its numbered sources, ready for renderMessages(). */
export function answerParagraphs(r: EngineAnswer, opts: { notice?: string } = {}): Paragraph[] {
  const out: Paragraph[] = [];
  if (opts.notice) out.push([{ text: opts.notice, style: "italic" }], []);
  const understood = understoodQuestion(r);
  if (understood)
    out.push(
      [
        { text: MSG.understoodAs, style: "italic" },
        { text: understood, style: "italic" },
      ],
      [],
    );
  out.push(...textParagraphs(r.answer));
  if (r.sources.length) {
    out.push([], [{ text: MSG.sourcesTitle, style: "bold" }]);
    for (const s of r.sources) {
      const meta = sourceMeta(s);
      out.push([{ text: `[${s.n}] ` }, { text: sourceName(s), style: "bold" }, { text: meta ? ` — ${meta}` : "" }]);
    }
    // The cited excerpts, to check in place: one expandable quote, collapsed to a few lines.
    const quoted = r.sources.filter((s) => s.excerpt.trim());
    if (quoted.length) {
      out.push([{ text: MSG.excerptsTitle, style: "bold" }]);
      for (const s of quoted) out.push(quote([{ text: `[${s.n}] 「` }, ...excerptSegments(s.excerpt, s.highlights), { text: "」" }]));
    }
  }
  return out;
}

/**
 * The passage of an article that contains [start, end): widened to whole paragraphs of the body,
 * and capped around the cited part when the paragraphs are very long.
 */
export function passageOf(body: string, start: number, end: number, cap = 3000): string {
  let a = body.lastIndexOf("\n", Math.max(0, start - 1));
  a = a < 0 ? 0 : a + 1;
  let b = body.indexOf("\n", end);
  if (b < 0) b = body.length;
  if (b - a > cap) {
    a = Math.max(a, start - Math.floor((cap - (end - start)) / 2));
    b = Math.min(b, a + cap);
  }
  const prefix = a > 0 && body[a - 1] !== "\n" ? "…" : "";
  const suffix = b < body.length && body[b] !== "\n" ? "…" : "";
  return `${prefix}${body.slice(a, b).trim()}${suffix}`;
}

/** The message behind a 「原文 [n]」 button: headline, byline and the relevant passage. */
export function sourceParagraphs(n: number | undefined, doc: ArticleView, passage: string): Paragraph[] {
  const meta = [creditOf(doc), doc.column, paperName(doc.source), dateOf(doc)].filter(Boolean).join(" · ");
  const out: Paragraph[] = [[{ text: n === undefined ? "" : `[${n}] ` }, { text: sourceName(doc), style: "bold" }]];
  if (doc.subtitle) out.push([{ text: doc.subtitle, style: "italic" }]);
  if (meta) out.push([{ text: meta, style: "italic" }]);
  out.push([], ...textParagraphs(passage));
  if (doc.url) out.push([], plain(doc.url));
  return out;
}
