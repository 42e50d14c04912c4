/**
 * The command that rebuilds an index from what it was built from. The manifest keeps the inputs
 * (absolute paths, see Manifest.inputs), so the fix printed for a damaged index names them: a
 * rebuild from the default `seeds/` would replace a corpus built from other inputs.
 */
import { readdir, readFile, stat } from "node:fs/promises";
import { isAbsolute, join, relative, resolve, sep } from "node:path";

/** A path as a shell word: bare when it is plain, else in single quotes. */
export function shellWord(s: string): string {
  return /^[\w./@%+=:,-]+$/u.test(s) ? s : `'${s.replace(/'/gu, `'\\''`)}'`;
}

/** A path as the reader can type it from the working folder: relative when it is inside it. */
function shownPath(p: string): string {
  const rel = relative(process.cwd(), p);
  return rel && !rel.startsWith("..") && !isAbsolute(rel) ? rel : p;
}

/** What stands for the inputs when nothing recorded them (an index from before inputs were kept, or one whose every manifest is gone). */
const UNKNOWN_INPUTS = "<the files or folders it was built from>";

/** `npm run -s cli -- ingest --index DIR --rebuild --input …` for the inputs an index was built from. */
export function rebuildCommand(indexDir: string, inputs: readonly string[] | undefined): string {
  const from = inputs?.length ? inputs.map((i) => `--input ${shellWord(shownPath(i))}`).join(" ") : `--input ${UNKNOWN_INPUTS}`;
  return `npm run -s cli -- ingest --index ${shellWord(indexDir)} --rebuild ${from}`;
}

/**
 * The inputs named by any readable manifest in the index folder (newest first): for a live
 * generation whose own manifest is damaged, a generation it superseded still says what it was built from.
 */
export async function inputsFromAnyGeneration(indexDir: string): Promise<string[] | undefined> {
  const gens = (await readdir(indexDir).catch(() => [] as string[])).filter((n) => n.startsWith("gen-"));
  const dated = await Promise.all(gens.map(async (g) => ({ g, t: (await stat(join(indexDir, g)).catch(() => undefined))?.mtimeMs ?? 0 })));
  for (const { g } of dated.sort((a, b) => b.t - a.t)) {
    try {
      const m = JSON.parse(await readFile(join(indexDir, g, "manifest.json"), "utf8")) as { inputs?: unknown };
      if (Array.isArray(m.inputs) && m.inputs.every((i) => typeof i === "string") && m.inputs.length) return m.inputs as string[];
    } catch {
      // damaged or gone: try the next one
    }
  }
  return undefined;
}

/**
 * The inputs an index holds documents from after a write: those it held before and those of this
 * run, keeping only the ones some document still comes from (documents record their file, `origin`).
 * Documents from before origins were recorded keep every earlier input.
 */
export function inputsAfterWrite(previous: readonly string[], run: readonly string[], docs: Iterable<{ origin?: string }>): string[] {
  const all = [...new Set([...previous, ...run.map((p) => resolve(p))])];
  const used = new Set<string>();
  for (const d of docs) {
    if (d.origin === undefined) return outermost(all);
    for (const r of all) if (d.origin === r || d.origin.startsWith(r + sep)) used.add(r);
    if (used.size === all.length) break;
  }
  return outermost(all.filter((r) => used.has(r)));
}

/** Paths without those inside another one of them (a file of a folder that is an input too is read with the folder). */
function outermost(paths: string[]): string[] {
  return paths.filter((p) => !paths.some((q) => q !== p && p.startsWith(q + sep)));
}
