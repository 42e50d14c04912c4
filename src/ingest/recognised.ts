/**
 * What an ingest recognised in its inputs, and what it could not: the articles of the pages with their
 * headlines, bylines, captions and dates, and what the JSON Lines documents brought. It is counted
 * over every article read (unchanged ones too), so it describes the inputs, not only what changed.
 * `ingest` prints it on stderr and adds it to its `--json` line (docs/pages.md).
 */
import type { Article } from "../types.js";

export interface Recognised {
  /** Page files read, and the articles found on them. */
  pages: number;
  pageArticles: number;
  headlines: number;
  subheadlines: number;
  bylines: number;
  /** Photo captions standing on their own (kind "caption"). */
  captions: number;
  /** Items with a photo credit (「钱垒 摄」). */
  photoCredits: number;
  columns: number;
  /** Pages by where their date comes from: printed (dateline or file name), estimated to a day, a month or a year, or none. */
  datedPages: { printed: number; day: number; month: number; year: number; undated: number };
  /** Page articles without a headline that are not captions, and without a byline that are not captions. */
  withoutHeadline: string[];
  withoutByline: string[];
  /** JSON Lines documents, and how many brought a headline (`title` or a 「原标题：…」), a date, a source. */
  documents: number;
  documentHeadlines: number;
  documentDates: number;
  documentSources: number;
}

export const emptyRecognised = (): Recognised => ({
  pages: 0,
  pageArticles: 0,
  headlines: 0,
  subheadlines: 0,
  bylines: 0,
  captions: 0,
  photoCredits: 0,
  columns: 0,
  datedPages: { printed: 0, day: 0, month: 0, year: 0, undated: 0 },
  withoutHeadline: [],
  withoutByline: [],
  documents: 0,
  documentHeadlines: 0,
  documentDates: 0,
  documentSources: 0,
});

/** Counts a page by where its date comes from (`date` YYYY-MM-DD, YYYY-MM or YYYY). */
export function notePage(r: Recognised, date: string | undefined, estimated: boolean): void {
  r.pages++;
  const d = r.datedPages;
  if (!date) d.undated++;
  else if (!estimated) d.printed++;
  else if (date.length === 10) d.day++;
  else if (date.length === 7) d.month++;
  else d.year++;
}

/** Counts what one article of a page carries. */
export function notePageArticle(r: Recognised, a: Article): void {
  r.pageArticles++;
  const caption = a.kind === "caption";
  if (caption) r.captions++;
  if (a.title) r.headlines++;
  else if (!caption) r.withoutHeadline.push(a.id);
  if (a.subtitle) r.subheadlines++;
  if (a.byline) r.bylines++;
  else if (!caption) r.withoutByline.push(a.id);
  if (a.photographers?.length) r.photoCredits++;
  if (a.column) r.columns++;
}

/** Counts what one JSON Lines document brought; `ownSource`: the line named its source. */
export function noteDocument(r: Recognised, a: Article, ownSource: boolean): void {
  r.documents++;
  if (a.title) r.documentHeadlines++;
  if (a.date) r.documentDates++;
  if (ownSource) r.documentSources++;
}

const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;
const some = (ids: string[]): string => `${ids.slice(0, 3).join(", ")}${ids.length > 3 ? ", …" : ""}`;

/** The summary as lines for stderr (plain English: it is read by whoever runs the ingest). */
export function describeRecognised(r: Recognised): string[] {
  const lines: string[] = [];
  if (r.pages) {
    const d = r.datedPages;
    const dates = [
      d.printed && `${d.printed} printed`,
      d.day && `${d.day} estimated to a day`,
      d.month && `${d.month} to a month`,
      d.year && `${d.year} to a year`,
      d.undated && `${d.undated} undated`,
    ].filter(Boolean);
    lines.push(
      `recognised on ${plural(r.pages, "page")}: ${plural(r.pageArticles, "article")}, ${r.headlines} with a headline (${r.subheadlines} with a sub-headline), ${plural(r.bylines, "byline")}, ${plural(r.captions, "photo caption")}, ${plural(r.photoCredits, "photo credit")}, ${plural(r.columns, "column label")}; page dates: ${dates.join(", ")}`,
    );
    const missing = [
      r.withoutHeadline.length && `${plural(r.withoutHeadline.length, "article")} without a headline (cited by paper and date: ${some(r.withoutHeadline)})`,
      r.withoutByline.length && `${plural(r.withoutByline.length, "article")} without a byline (${some(r.withoutByline)})`,
      d.undated && `${plural(d.undated, "page")} with no date printed or to be told from its text`,
    ].filter(Boolean);
    lines.push(
      `not recognised: ${missing.length ? missing.join("; ") : "nothing (every article has a headline or is a caption, a byline or a photo credit, and every page a date)"}`,
    );
  }
  if (r.documents) {
    lines.push(
      `JSON Lines: ${plural(r.documents, "document")}, ${r.documentHeadlines} with a headline (title, or 原标题 in the text), ${r.documentDates} dated, ${r.documentSources} naming their source; ${r.documents - r.documentHeadlines} without a headline are cited by source and date`,
    );
  }
  return lines;
}

/** The summary for `ingest --json` (snake_case fields, like the rest of that line). */
export function recognisedJson(r: Recognised): Record<string, unknown> {
  return {
    pages: r.pages,
    page_articles: r.pageArticles,
    headlines: r.headlines,
    subheadlines: r.subheadlines,
    bylines: r.bylines,
    captions: r.captions,
    photo_credits: r.photoCredits,
    columns: r.columns,
    page_dates: { ...r.datedPages },
    without_headline: r.withoutHeadline.length,
    without_byline: r.withoutByline.length,
    documents: r.documents,
    document_headlines: r.documentHeadlines,
    document_dates: r.documentDates,
    document_sources: r.documentSources,
  };
}
