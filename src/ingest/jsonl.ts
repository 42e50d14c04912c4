/**
 * Reads JSON Lines documents (`.jsonl`, `.jsonl.gz`) as a stream: one article a line,
 * `{"id", "text", "title"?, "date"?, "source"?, "url"?}`. A malformed line is skipped and
 * reported with its line number; the rest of the file is still read.
 */
import { createReadStream } from "node:fs";
import { basename } from "node:path";
import { createInterface } from "node:readline";
import { createGunzip } from "node:zlib";
import type { Article } from "../types.js";
import { fixOcr } from "./ocr.js";
import { deriveTitle } from "./title.js";

export interface SkippedLine {
  file: string;
  line: number;
  reason: string;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Validates one parsed line; returns the article or the reason it was skipped. */
export function articleFromRecord(rec: unknown, file: string, line: number): Article | string {
  if (typeof rec !== "object" || rec === null || Array.isArray(rec)) return "not a JSON object";
  const r = rec as Record<string, unknown>;
  const id = typeof r.id === "number" ? String(r.id) : r.id;
  if (typeof id !== "string" || !id.trim()) return 'missing "id"';
  if (typeof r.text !== "string" || !r.text.trim()) return 'missing "text"';
  const body = fixOcr(r.text.replace(/\r\n?/g, "\n")).trim();
  const article: Article = {
    id: id.trim(),
    title: typeof r.title === "string" && r.title.trim() ? r.title.trim() : deriveTitle(body),
    byline: typeof r.byline === "string" ? r.byline : "",
    reporters: [],
    source: typeof r.source === "string" && r.source ? r.source : basename(file),
    position: line,
    body,
  };
  if (typeof r.date === "string" && DATE.test(r.date)) article.date = r.date;
  if (typeof r.url === "string") article.url = r.url;
  return article;
}

export async function* readJsonl(file: string, onSkip: (s: SkippedLine) => void): AsyncGenerator<Article> {
  const raw = createReadStream(file);
  const input = file.endsWith(".gz") ? raw.pipe(createGunzip()) : raw;
  const lines = createInterface({ input, crlfDelay: Infinity });
  let n = 0;
  for await (const text of lines) {
    n++;
    if (!text.trim()) continue;
    let rec: unknown;
    try {
      rec = JSON.parse(text);
    } catch (err) {
      onSkip({ file, line: n, reason: `invalid JSON (${(err as Error).message})` });
      continue;
    }
    const result = articleFromRecord(rec, file, n);
    if (typeof result === "string") onSkip({ file, line: n, reason: result });
    else yield result;
  }
}
