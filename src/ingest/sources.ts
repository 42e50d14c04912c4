/**
 * Turns input paths (page `.txt` files, `.jsonl`/`.jsonl.gz` files, or folders of them) into a
 * stream of articles. Duplicate ids keep the first occurrence and are reported.
 */
import { readdir, readFile, stat } from "node:fs/promises";
import { basename, join, resolve } from "node:path";
import type { Article } from "../types.js";
import { readJsonl, type SkippedLine } from "./jsonl.js";
import { issueDate } from "./issue-date.js";
import { splitPage, type PageOptions } from "./page.js";
import { emptyRecognised, noteDocument, notePage, notePageArticle, type Recognised } from "./recognised.js";

export const INPUT_EXTENSIONS = [".txt", ".jsonl", ".jsonl.gz"];

export interface InputReport {
  files: string[];
  skipped: SkippedLine[];
  duplicates: string[];
  /** Page files in which no article could be recognised. */
  emptyPages: string[];
  /** Files that are empty or hold no usable article (JSON Lines). */
  emptyFiles: string[];
  /** Files that could not be read at all (e.g. a page that is not UTF-8), with the reason. */
  badFiles: Array<{ file: string; reason: string }>;
  /** Bytes of the input files, and how many have been read so far (for progress and ETA). */
  totalBytes: number;
  bytesRead: number;
  /** What the pages and documents read held: headlines, bylines, captions, dates (src/ingest/recognised.ts). */
  recognised: Recognised;
}

export class InputError extends Error {}

const isInput = (name: string): boolean => INPUT_EXTENSIONS.some((ext) => name.endsWith(ext));

/** Expands folders (recursively, sorted) into the input files they hold. */
export async function listInputs(paths: string[]): Promise<string[]> {
  const files: string[] = [];
  for (const p of paths) {
    let st;
    try {
      st = await stat(p);
    } catch {
      throw new InputError(`input not found: ${p}`);
    }
    if (st.isDirectory()) {
      const entries = (await readdir(p, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name));
      for (const e of entries) {
        if (e.name.startsWith(".")) continue;
        if (e.isDirectory()) files.push(...(await listInputs([join(p, e.name)])));
        else if (isInput(e.name)) files.push(join(p, e.name));
      }
    } else if (isInput(p)) {
      files.push(p);
    } else {
      throw new InputError(`unsupported input ${p}: expected ${INPUT_EXTENSIONS.join(", ")} or a folder`);
    }
  }
  return files;
}

/** Decodes UTF-8 strictly so that a broken file is reported instead of ingested as mojibake. */
function decodeUtf8(buf: Buffer, file: string): string {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(buf);
  } catch {
    throw new InputError(`${file} is not valid UTF-8 text (skipped)`);
  }
}

/**
 * Streams the articles of every input. A file that cannot be used is reported (`badFiles`,
 * `emptyFiles`, `emptyPages`, `skipped` lines) and the others are still read; duplicate ids keep
 * their first occurrence.
 */
export interface ReadOptions {
  /** The paper's name (PAPER_NAME): the `source` of articles whose input names none. */
  paper?: string;
}

export async function* readArticles(paths: string[], report: InputReport, opts: ReadOptions = {}): AsyncGenerator<Article> {
  const seen = new Set<string>();
  const files = await listInputs(paths);
  for (const f of files) report.totalBytes += (await stat(f)).size;
  for (const file of files) {
    report.files.push(file);
    let articles: AsyncIterable<Article> | Iterable<Article>;
    if (file.endsWith(".txt")) {
      try {
        articles = await readPage(file, report, opts);
      } catch (err) {
        if (!(err instanceof InputError)) throw err;
        report.badFiles.push({ file, reason: err.message });
        continue;
      }
    } else {
      articles = readJsonl(file, (s) => report.skipped.push(s), { onBytes: (n) => (report.bytesRead += n), ...(opts.paper ? { paper: opts.paper } : {}) });
    }
    let count = 0;
    const origin = resolve(file);
    const page = file.endsWith(".txt");
    for await (const a of articles) {
      count++;
      if (seen.has(a.id)) {
        report.duplicates.push(a.id);
        continue;
      }
      seen.add(a.id);
      if (page) notePageArticle(report.recognised, a);
      else noteDocument(report.recognised, a, a.source !== basename(file) && a.source !== opts.paper);
      a.origin = origin;
      yield a;
    }
    if (count === 0 && !file.endsWith(".txt")) report.emptyFiles.push(file);
  }
}

async function readPage(file: string, report: InputReport, read: ReadOptions): Promise<Article[]> {
  const buf = await readFile(file);
  report.bytesRead += buf.length;
  if (buf.length === 0 || !buf.toString("utf8").trim()) {
    report.emptyFiles.push(file);
    return [];
  }
  const text = decodeUtf8(buf, file);
  const name = basename(file);
  const issue = issueDate(text, name);
  notePage(report.recognised, issue?.date, issue?.estimated ?? false);
  const opts: PageOptions = { source: name, ...(read.paper ? { paper: read.paper } : {}) };
  if (issue) {
    opts.date = issue.date;
    if (issue.estimated) opts.dateEstimated = true;
  }
  const articles = splitPage(text, opts);
  if (articles.length === 0) report.emptyPages.push(file);
  return articles;
}

export const emptyReport = (): InputReport => ({
  files: [],
  skipped: [],
  duplicates: [],
  emptyPages: [],
  emptyFiles: [],
  badFiles: [],
  totalBytes: 0,
  bytesRead: 0,
  recognised: emptyRecognised(),
});
