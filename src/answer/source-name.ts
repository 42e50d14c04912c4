/**
 * How a source is named to a reader: the one place that says it, for every surface (answers, the CLI,
 * the terminal chat, the bot's sources, pushes, inline results, /sources, 原文).
 *
 * A source is named by the headline it really has. Without one (a JSON Lines document without
 * `title`, a photo caption) it is named by what is known of it instead — the paper (a JSON Lines
 * `source` or the PAPER_NAME setting) and the date — never by a phrase of its body and never by a
 * file name. A photo caption is 「图片说明」, with its photographer as photographer (「摄影 钱垒」), not
 * as a reporter.
 */
import { shownDate } from "../ingest/issue-date.js";
import type { ArticleKind } from "../types.js";

/** What naming a source needs; an article's metadata and an answer's source both have it. */
export interface SourceFacts {
  /** The headline it really has; empty (or null) when it has none. */
  title?: string | null;
  kind?: ArticleKind;
  byline: string;
  photographers?: readonly string[];
  /** The paper (JSON Lines `source`, PAPER_NAME), or a file name, which is never shown. */
  source: string;
  date?: string;
  dateEstimated?: boolean;
}

/** A source without a headline in a sources list. */
const UNTITLED = "（无标题）";
/** A photo caption in a sources list. */
const CAPTION = "图片说明";

/** The headline the source really has, or undefined. */
export function headlineOf(s: Pick<SourceFacts, "title">): string | undefined {
  const t = s.title?.trim();
  return t ? t : undefined;
}

/** True for a photo caption. */
const isCaption = (s: Pick<SourceFacts, "kind">): boolean => s.kind === "caption";

/**
 * The paper or source an article comes from, as a reader can read it: a JSON Lines `source` field or
 * PAPER_NAME (「常州日报」), never a file name — a page file's name (「004_c0f6460f45f37c11.txt」) or a
 * JSON Lines file's, which an article without its own `source` carries, says nothing to a reader.
 */
export function paperName(source: string | undefined): string | undefined {
  const s = source?.trim();
  if (!s || /\.(txt|jsonl|json|gz|csv|tsv|md|html?|xml)$/iu.test(s) || /^[\w-]+\.[A-Za-z0-9]{1,5}$/u.test(s)) return undefined;
  return s;
}

/** The source's date as readers see it (「2024-12-07」, 「2024-12（推断）」), or undefined. */
export function dateOf(s: Pick<SourceFacts, "date" | "dateEstimated">): string | undefined {
  return s.date ? shownDate(s.date, s.dateEstimated) : undefined;
}

/** Who made it: the byline, or for a caption (or an article with a photo and no byline) its photographer. */
export function creditOf(s: Pick<SourceFacts, "byline" | "photographers">): string | undefined {
  if (s.byline.trim()) return s.byline.trim();
  return s.photographers?.length ? `摄影 ${s.photographers.join(" ")}` : undefined;
}

/**
 * The running-text citation before a quote: 「据《headline》报道：」; for a source without a headline
 * 「据新京报2023-07-25报道：」, 「据2023-07-25的报道：」 (no paper known), 「据新京报报道：」 (no date
 * known), 「据报道：」 (neither); for a photo caption 「据图片说明：」.
 */
export function quotePrefix(s: SourceFacts): string {
  const headline = headlineOf(s);
  if (headline) return `据《${headline}》报道：`;
  if (isCaption(s)) return `据${CAPTION}：`;
  const paper = paperName(s.source);
  const date = dateOf(s);
  if (paper) return `据${paper}${date ?? ""}报道：`;
  return date ? `据${date}的报道：` : "据报道：";
}

/** The headline in book-title marks (「《headline》」), or "" when the source has none. */
export function quotedHeadline(s: Pick<SourceFacts, "title">): string {
  const headline = headlineOf(s);
  return headline ? `《${headline}》` : "";
}

/** A list line's label before its text: 「《headline》：」, 「图片说明：」, or "" for a source without a headline. */
export function listLabel(s: Pick<SourceFacts, "title" | "kind">): string {
  const headline = headlineOf(s);
  if (headline) return `《${headline}》：`;
  return isCaption(s) ? `${CAPTION}：` : "";
}

/** What a sources list calls the source: its headline, 「图片说明」, or 「（无标题）」. */
export function sourceName(s: Pick<SourceFacts, "title" | "kind">): string {
  return headlineOf(s) ?? (isCaption(s) ? CAPTION : UNTITLED);
}

/** 「记者 张宁 · 常州日报 · 2024-12-07（推断）」: who, which paper, when (each only when known). */
export function sourceMeta(s: SourceFacts): string {
  return [creditOf(s), paperName(s.source), dateOf(s)].filter(Boolean).join(" · ");
}

/** The line a sources list shows: 「headline — 记者 张宁 · 常州日报 · 2024-12-07」. */
export function sourceLine(s: SourceFacts): string {
  const meta = sourceMeta(s);
  return meta ? `${sourceName(s)} — ${meta}` : sourceName(s);
}
