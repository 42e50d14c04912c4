/**
 * Reads JSON Lines documents (`.jsonl`, `.jsonl.gz`) as a stream: one article a line,
 * `{"id", "text", "title"?, "date"?, "source"?, "url"?}`. Lines are split on bytes and each is
 * decoded strictly, so a malformed line — invalid JSON, invalid UTF-8, a missing field — is skipped
 * and reported with its line number while the rest of the file is still read.
 */
import { createReadStream } from "node:fs";
import { basename } from "node:path";
import { createGunzip } from "node:zlib";
import type { Article } from "../types.js";
import { decodeEntities } from "./entities.js";
import { fixOcr } from "../text/ocr.js";
import { givenHeadline } from "./title.js";

export interface SkippedLine {
  file: string;
  line: number;
  reason: string;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Whether text is binary data rather than writing: it holds NUL characters, or more than 5 % of it
 * is control characters other than tabs, line and page breaks (valid UTF-8 can be either).
 */
export function isBinaryText(text: string): boolean {
  if (text.includes("\0")) return true;
  const controls = text.match(/[\u0001-\u0008\u000e-\u001f\u007f]/gu)?.length ?? 0;
  return controls > 0 && controls > text.length * 0.05;
}

const nonEmpty = (v: unknown): string | undefined => (typeof v === "string" && v.trim() ? v.trim() : undefined);

/**
 * Validates one parsed line; returns the article or the reason it was skipped. `title` is the line's
 * own, or the 「原标题：…」 its text gives, or none (""); `source` is the line's own, else `paper`
 * (the PAPER_NAME setting), else the file's name.
 */
export function articleFromRecord(rec: unknown, file: string, line: number, paper?: string): Article | string {
  if (typeof rec !== "object" || rec === null || Array.isArray(rec)) return "not a JSON object";
  const r = rec as Record<string, unknown>;
  const id = typeof r.id === "number" ? String(r.id) : r.id;
  if (typeof id !== "string" || !id.trim()) return 'missing "id"';
  if (typeof r.text !== "string" || !r.text.trim()) return 'missing "text"';
  if (isBinaryText(r.text)) return '"text" is binary data, not writing';
  const body = fixOcr(decodeEntities(r.text).replace(/\r\n?/g, "\n")).trim();
  if (!body) return 'empty "text"';
  const article: Article = {
    id: id.trim(),
    title: nonEmpty(r.title) ? decodeEntities(nonEmpty(r.title)!) : givenHeadline(body),
    byline: typeof r.byline === "string" ? r.byline : "",
    reporters: [],
    source: nonEmpty(r.source) ?? (paper || basename(file)),
    position: line,
    body,
  };
  if (typeof r.date === "string" && DATE.test(r.date)) article.date = r.date;
  if (typeof r.url === "string") article.url = r.url;
  return article;
}

/** Splits a byte stream into lines (without the newline), keeping a partial line across chunks. */
async function* byteLines(input: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  let rest: Buffer | undefined;
  for await (const chunk of input) {
    let buf = rest ? Buffer.concat([rest, chunk]) : chunk;
    let start = 0;
    for (;;) {
      const nl = buf.indexOf(10, start);
      if (nl < 0) break;
      yield buf.subarray(start, nl);
      start = nl + 1;
    }
    rest = start < buf.length ? Buffer.from(buf.subarray(start)) : undefined;
    buf = Buffer.alloc(0);
  }
  if (rest && rest.length) yield rest;
}

export interface ReadJsonlOptions {
  /** Called with the number of (compressed) file bytes read so far. */
  onBytes?: (n: number) => void;
  /** The paper's name (PAPER_NAME): the source of lines that name none. */
  paper?: string;
}

export async function* readJsonl(file: string, onSkip: (s: SkippedLine) => void, opts: ReadJsonlOptions = {}): AsyncGenerator<Article> {
  const raw = createReadStream(file, { highWaterMark: 1 << 20 });
  if (opts.onBytes) raw.on("data", (c) => opts.onBytes!((c as Buffer).length));
  const input = (file.endsWith(".gz") ? raw.pipe(createGunzip()) : raw) as AsyncIterable<Buffer>;
  const decoder = new TextDecoder("utf-8", { fatal: true });
  let n = 0;
  try {
    for await (const bytes of byteLines(input)) {
      n++;
      let text: string;
      try {
        text = decoder.decode(bytes);
      } catch {
        onSkip({ file, line: n, reason: "invalid UTF-8" });
        continue;
      }
      if (n === 1 && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      if (!text.trim()) continue;
      let rec: unknown;
      try {
        rec = JSON.parse(text);
      } catch (err) {
        onSkip({ file, line: n, reason: `invalid JSON (${(err as Error).message})` });
        continue;
      }
      const result = articleFromRecord(rec, file, n, opts.paper);
      if (typeof result === "string") onSkip({ file, line: n, reason: result });
      else yield result;
    }
  } catch (err) {
    // a truncated or corrupt .gz: keep what was read, report where it stopped
    onSkip({ file, line: n + 1, reason: `file unreadable from here on (${(err as Error).message})` });
  } finally {
    raw.destroy();
  }
}
