import { cpSync, mkdirSync, readFileSync, readdirSync, rmSync, truncateSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { HashingEmbeddings } from "../../src/embed/hashing.js";
import { buildIndex } from "../../src/index/build.js";
import { IndexError } from "../../src/index/errors.js";
import { currentGeneration } from "../../src/index/generations.js";
import { FILES, NewsIndex } from "../../src/index/news-index.js";
import { cli } from "../helpers/cli.js";
import { writeCorpus } from "../helpers/corpus.js";
import { tempDir } from "../helpers/tmp.js";

const embeddings = new HashingEmbeddings({ dimensions: 256 });
const dir = tempDir("wnb-broken-");
const good = join(dir, "good");

/** A fresh copy of the good index, damaged by `harm` in its live generation. */
async function damaged(name: string, harm: (gen: string) => void): Promise<string> {
  const copy = join(dir, name);
  cpSync(good, copy, { recursive: true });
  harm((await currentGeneration(copy))!);
  return copy;
}

async function loadError(indexDir: string): Promise<IndexError> {
  const err = await NewsIndex.open(indexDir, embeddings).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(IndexError);
  const msg = (err as Error).message;
  expect(msg.split("\n")).toHaveLength(1);
  expect(msg).toContain(`fix it with: npm run -s cli -- ingest --index ${indexDir} --rebuild`);
  return err as IndexError;
}

describe("a broken index is refused at load, in one line, with the fixing command", () => {
  it("builds the index the cases start from", async () => {
    const file = join(dir, "news.jsonl");
    writeCorpus(
      file,
      Array.from({ length: 30 }, (_, i) => i),
    );
    await buildIndex({ inputs: [file], indexDir: good, embeddings, chunking: { size: 220, overlap: 60 } });
    // a later update, so that the live generation holds a journal as well as the snapshot
    writeCorpus(
      file,
      Array.from({ length: 35 }, (_, i) => i),
    );
    await buildIndex({ inputs: [file], indexDir: good, embeddings, chunking: { size: 220, overlap: 60 } });
    expect(readdirSync((await currentGeneration(good))!)).toContain(FILES.journal);
    expect((await NewsIndex.open(good, embeddings)).documentCount).toBe(35);
  });

  const dataFiles = Object.values(FILES).filter((f) => f !== FILES.manifest);
  for (const f of dataFiles) {
    it(`detects ${f} missing, truncated or corrupted`, async () => {
      expect((await loadError(await damaged(`${f}-gone`, (g) => rmSync(join(g, f))))).message).toMatch(/missing/);
      expect((await loadError(await damaged(`${f}-cut`, (g) => truncateSync(join(g, f), Math.floor(readFileSync(join(g, f)).length / 2))))).message).toMatch(
        /truncated/,
      );
      const flipped = await damaged(`${f}-flip`, (g) => {
        const b = readFileSync(join(g, f));
        const i = Math.floor(b.length / 2);
        b[i] = b[i]! ^ 0x5a;
        writeFileSync(join(g, f), b);
      });
      expect((await loadError(flipped)).message).toMatch(/checksum/);
    });
  }

  it("detects a missing or unreadable manifest, and an index from another format version", async () => {
    expect((await loadError(await damaged("mf-gone", (g) => rmSync(join(g, FILES.manifest))))).message).toMatch(/manifest/);
    expect((await loadError(await damaged("mf-junk", (g) => writeFileSync(join(g, FILES.manifest), "{not json")))).message).toMatch(/manifest/);
    const old = await damaged("mf-old", (g) => {
      const m = JSON.parse(readFileSync(join(g, FILES.manifest), "utf8"));
      m.formatVersion = 1;
      writeFileSync(join(g, FILES.manifest), JSON.stringify(m));
    });
    expect((await loadError(old)).message).toMatch(/format 1/);
  });

  it("refuses an index built with other embeddings", async () => {
    const other = await NewsIndex.open(good, new HashingEmbeddings({ dimensions: 128 })).catch((e: Error) => e);
    expect((other as Error).message).toMatch(/256-d.*128-d.*--rebuild/);
  });

  it("the next ingest replaces a damaged index instead of failing", async () => {
    const broken = await damaged("rebuild-me", (g) => truncateSync(join(g, FILES.postings), 10));
    const file = join(dir, "news.jsonl");
    const s = await buildIndex({ inputs: [file], indexDir: broken, embeddings, chunking: { size: 220, overlap: 60 }, cleanup: { graceMs: 0 } });
    expect(s).toMatchObject({ documents: 35, added: 35, written: true });
    expect((await NewsIndex.open(broken, embeddings)).documentCount).toBe(35);
    expect(readdirSync(broken).filter((n) => n.startsWith("gen-"))).toHaveLength(1);
  });

  it("the fix line names the inputs the index was built from, and running it restores that corpus (issue 22, item 3: it rebuilt from seeds/, 50 articles → 9)", async () => {
    const file = join(dir, "fifty.jsonl");
    writeCorpus(
      file,
      Array.from({ length: 50 }, (_, i) => i),
    );
    const idx = join(dir, "fifty-index");
    expect(cli(["ingest", "--input", file, "--index", idx]).code).toBe(0);
    truncateSync(join((await currentGeneration(idx))!, FILES.postings), 10);
    const r = cli(["ask", "--index", idx, "湖塘镇社区食堂"]);
    expect(r.code).toBe(1);
    const fix = /fix it with: npm run -s cli -- (.+)$/mu.exec(r.stderr)?.[1];
    expect(fix).toBe(`ingest --index ${idx} --rebuild --input ${file}`);
    expect(cli(fix!.split(" ")).code).toBe(0);
    expect(cli(["articles", "--index", idx, "--json"]).json).toHaveLength(50);
  });

  it("with the live manifest gone, the fix takes the inputs from a generation it superseded, else says what to give", async () => {
    const idx = join(dir, "two-inputs");
    const a = join(dir, "a.jsonl");
    const b = join(dir, "b.jsonl");
    writeCorpus(a, [1, 2, 3]);
    writeCorpus(b, [4, 5]);
    await buildIndex({ inputs: [a], indexDir: idx, embeddings, chunking: { size: 220, overlap: 60 } });
    await buildIndex({ inputs: [b], indexDir: idx, embeddings, chunking: { size: 220, overlap: 60 } });
    rmSync(join((await currentGeneration(idx))!, FILES.manifest));
    expect((await loadError(idx)).message).toContain(`--rebuild --input ${a}`);
    for (const g of readdirSync(idx).filter((n) => n.startsWith("gen-"))) rmSync(join(idx, g, FILES.manifest), { force: true });
    expect((await loadError(idx)).message).toContain("--rebuild --input <the files or folders it was built from>");
  });

  it("an index built from two inputs names both; a file inside a folder input is named by the folder", async () => {
    const root = join(dir, "both");
    const pages = join(root, "pages");
    mkdirSync(pages, { recursive: true });
    const idx = join(root, "index");
    const a = join(pages, "a.jsonl");
    const b = join(root, "b.jsonl");
    writeCorpus(a, [1, 2, 3]);
    writeCorpus(b, [4, 5]);
    await buildIndex({ inputs: [a, b], indexDir: idx, embeddings, chunking: { size: 220, overlap: 60 } });
    expect((await NewsIndex.open(idx, embeddings)).manifest.inputs).toEqual([a, b]);
    writeCorpus(b, [4]);
    await buildIndex({ inputs: [pages, b], indexDir: idx, embeddings, chunking: { size: 220, overlap: 60 }, prune: true });
    expect((await NewsIndex.open(idx, embeddings)).manifest.inputs).toEqual([b, pages]);
    // b removed and pruned by an ingest of the folder it was in: the folder now names them all
    rmSync(b);
    const s = await buildIndex({ inputs: [root], indexDir: idx, embeddings, chunking: { size: 220, overlap: 60 }, prune: true });
    expect(s.removed).toBe(1);
    expect((await NewsIndex.open(idx, embeddings)).manifest.inputs).toEqual([root]);
  });

  it("ask --index <a file> says it is a file, and does not suggest an ingest that would fail there", () => {
    const file = join(dir, "fifty.jsonl");
    const r = cli(["ask", "--index", file, "问题"]);
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toBe(
      `error: ${file} is a file, not an index folder; fix it with: pass --index the folder an ingest wrote (npm run -s cli -- ingest --index FOLDER makes one; the default is VECTOR_DIR, vectors/)`,
    );
    expect(cli(["ingest", "--index", file]).stderr).toMatch(/is a file, not an index folder/u);
  });
});
