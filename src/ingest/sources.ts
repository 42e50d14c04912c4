/**
 * Turns input paths (page `.txt` files, `.jsonl`/`.jsonl.gz` files, or folders of them) into a
 * stream of articles. Duplicate ids keep the first occurrence and are reported.
 */
import { readdir, readFile, stat } from "node:fs/promises";
import { basename, join } from "node:path";
import type { Article } from "../types.js";
import { readJsonl, type SkippedLine } from "./jsonl.js";
import { pageDate, splitPage } from "./page.js";

export const INPUT_EXTENSIONS = [".txt", ".jsonl", ".jsonl.gz"];

export interface InputReport {
  files: string[];
  skipped: SkippedLine[];
  duplicates: string[];
  /** Page files in which no article could be recognised. */
  emptyPages: string[];
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
    throw new InputError(`${file} is not valid UTF-8 text`);
  }
}

export async function* readArticles(paths: string[], report: InputReport): AsyncGenerator<Article> {
  const seen = new Set<string>();
  for (const file of await listInputs(paths)) {
    report.files.push(file);
    const articles: AsyncIterable<Article> | Iterable<Article> = file.endsWith(".txt")
      ? await readPage(file, report)
      : readJsonl(file, (s) => report.skipped.push(s));
    for await (const a of articles) {
      if (seen.has(a.id)) {
        report.duplicates.push(a.id);
        continue;
      }
      seen.add(a.id);
      yield a;
    }
  }
}

async function readPage(file: string, report: InputReport): Promise<Article[]> {
  const text = decodeUtf8(await readFile(file), file);
  const name = basename(file);
  const date = pageDate(text, name);
  const articles = splitPage(text, date ? { source: name, date } : { source: name });
  if (articles.length === 0) report.emptyPages.push(file);
  return articles;
}

export const emptyReport = (): InputReport => ({ files: [], skipped: [], duplicates: [], emptyPages: [] });
