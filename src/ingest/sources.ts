/**
 * Turns input paths (page `.txt` files, `.jsonl`/`.jsonl.gz` files, or folders of them) into a
 * stream of articles. Duplicate ids keep the first occurrence and are reported.
 */
import { readdir, readFile, stat } from "node:fs/promises";
import { basename, join, resolve } from "node:path";
import type { Article } from "../types.js";
import { isBinaryText, readJsonl, type SkippedLine } from "./jsonl.js";
import { issueDate } from "./issue-date.js";
import { splitPage, type PageOptions } from "./page.js";
import { emptyRecognised, noteDocument, notePage, notePageArticle, type Recognised } from "./recognised.js";

const INPUT_EXTENSIONS = [".txt", ".jsonl", ".jsonl.gz"];

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
  /**
   * Files read only in part: a JSON Lines file with lines that could not be used, or one that is
   * unreadable from some point on (a truncated `.gz`). What they held beyond the damage is unknown.
   */
  partialFiles: Array<{ file: string; reason: string }>;
  /** Files that gave at least one article. */
  usableFiles: number;
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
      articles = readJsonl(file, (s) => noteSkipped(report, s), { onBytes: (n) => (report.bytesRead += n), ...(opts.paper ? { paper: opts.paper } : {}) });
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
    if (count > 0) report.usableFiles++;
    else if (!file.endsWith(".txt")) report.emptyFiles.push(file);
  }
}

/** A line that could not be used: reported, and its file counted as read only in part. */
function noteSkipped(report: InputReport, s: SkippedLine): void {
  report.skipped.push(s);
  if (!report.partialFiles.some((p) => p.file === s.file)) report.partialFiles.push({ file: s.file, reason: `line ${s.line}: ${s.reason}` });
}

/**
 * The files whose documents `prune` must keep, because this run could not tell what they hold: files
 * unreadable, read only in part, empty, or pages in which no article was recognised (a page cut
 * short while being copied, a file emptied by a failed write).
 */
export function filesNotReadCompletely(report: InputReport): Set<string> {
  return new Set(
    [...report.badFiles.map((b) => b.file), ...report.partialFiles.map((p) => p.file), ...report.emptyFiles, ...report.emptyPages].map((f) => resolve(f)),
  );
}

async function readPage(file: string, report: InputReport, read: ReadOptions): Promise<Article[]> {
  const buf = await readFile(file);
  report.bytesRead += buf.length;
  if (buf.length === 0 || !buf.toString("utf8").trim()) {
    report.emptyFiles.push(file);
    return [];
  }
  const text = decodeUtf8(buf, file);
  if (isBinaryText(text)) throw new InputError(`${file} is binary data, not a text page (skipped)`);
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

/**
 * Why nothing could be taken from the inputs, when nothing could: no input file at all, or not one
 * that gave an article. Undefined when at least one file was usable.
 */
export function nothingUsable(inputs: string[], report: InputReport): string | undefined {
  if (report.usableFiles > 0) return undefined;
  if (report.files.length === 0) return `no input files (${INPUT_EXTENSIONS.join(", ")}) in ${inputs.join(", ")}`;
  const first =
    report.badFiles[0]?.reason ??
    report.partialFiles[0]?.reason ??
    (report.emptyPages[0] ? `no articles recognised in ${report.emptyPages[0]}` : `${report.emptyFiles[0]} is empty`);
  return `none of the ${report.files.length} input file(s) held a usable article (${first})`;
}

export const emptyReport = (): InputReport => ({
  files: [],
  skipped: [],
  duplicates: [],
  emptyPages: [],
  emptyFiles: [],
  badFiles: [],
  partialFiles: [],
  usableFiles: 0,
  totalBytes: 0,
  bytesRead: 0,
  recognised: emptyRecognised(),
});
