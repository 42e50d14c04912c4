/** `ingest --prune` removes what vanished from the sources it read, and nothing of other sources. */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { HashingEmbeddings } from "../../src/embed/hashing.js";
import { buildIndex } from "../../src/index/build.js";
import { NewsIndex } from "../../src/index/news-index.js";
import { DEFAULT_SEEDS } from "../../src/paths.js";
import { cli } from "../helpers/cli.js";
import { syntheticArticle, writeCorpus } from "../helpers/corpus.js";
import { tempDir } from "../helpers/tmp.js";

const embeddings = new HashingEmbeddings({ dimensions: 256 });
const chunking = { size: 220, overlap: 60 };
const range = (a: number, b: number) => Array.from({ length: b - a }, (_, i) => a + i);

describe("prune is scoped to the inputs of the run", () => {
  const dir = tempDir("wnb-prune-");
  const idx = join(dir, "index");
  const archive = join(dir, "archive.jsonl");
  const pages = join(dir, "pages");

  it("keeps the documents of another source when the seed pages are re-ingested with prune (as npm start does)", async () => {
    writeCorpus(archive, range(0, 20));
    mkdirSync(pages);
    for (const f of ["000_20bfb9a86f03d2e9.txt", "004_c0f6460f45f37c11.txt"]) {
      writeFileSync(join(pages, f), readFileSync(join(DEFAULT_SEEDS, f)));
    }
    await buildIndex({ inputs: [archive, pages], indexDir: idx, embeddings, chunking });
    const s = await buildIndex({ inputs: [pages], indexDir: idx, embeddings, chunking, prune: true });
    expect(s).toMatchObject({ removed: 0, documents: 29, unchanged: 9 });
  });

  it("removes the articles of a page deleted from the folder, and of documents gone from a file read", async () => {
    rmSync(join(pages, "004_c0f6460f45f37c11.txt"));
    const s = await buildIndex({ inputs: [pages], indexDir: idx, embeddings, chunking, prune: true });
    expect(s).toMatchObject({ removed: 5, documents: 24 });
    writeCorpus(archive, range(0, 15));
    expect(await buildIndex({ inputs: [archive], indexDir: idx, embeddings, chunking, prune: true })).toMatchObject({ removed: 5, documents: 19 });
    const index = await NewsIndex.open(idx, embeddings);
    expect(index.doc("syn-3")).toBeDefined();
    expect(index.doc("syn-17")).toBeUndefined();
    expect([...index.liveDocs()].filter((d) => d.source.startsWith("000_"))).toHaveLength(4);
  });

  it("does not remove the documents of a file that cannot be read this time", async () => {
    writeFileSync(join(pages, "000_20bfb9a86f03d2e9.txt"), Buffer.from([0xff, 0xfe, 0x00, 0xc3, 0x28]));
    const s = await buildIndex({ inputs: [pages], indexDir: idx, embeddings, chunking, prune: true });
    expect(s.removed).toBe(0);
    expect(s.input.badFiles).toHaveLength(1);
  });
});

/** `count` synthetic articles as JSON Lines text. */
const corpusText = (count: number): string =>
  range(0, count)
    .map((i) => JSON.stringify(syntheticArticle(i)))
    .join("\n") + "\n";

describe("prune removes a document only when its file was read completely and no longer holds it (issue 22, item 2)", () => {
  const dir = tempDir("wnb-prune-damage-");

  it("keeps every article of a truncated .jsonl.gz (it was 2,050 → 1,038)", async () => {
    const idx = join(dir, "gz-index");
    const gz = join(dir, "archive.jsonl.gz");
    const whole = gzipSync(Buffer.from(corpusText(400)));
    writeFileSync(gz, whole);
    expect(await buildIndex({ inputs: [gz], indexDir: idx, embeddings, chunking })).toMatchObject({ documents: 400 });
    writeFileSync(gz, whole.subarray(0, Math.floor(whole.length / 2)));
    const s = await buildIndex({ inputs: [gz], indexDir: idx, embeddings, chunking, prune: true });
    expect(s.input.partialFiles.map((p) => p.file)).toEqual([gz]);
    expect(s).toMatchObject({ removed: 0, documents: 400 });
    expect(s.keptUnread).toBeGreaterThan(0);
    expect((await NewsIndex.open(idx, embeddings)).documentCount).toBe(400);
  });

  it("keeps the articles of a file with an unparsable line, and prunes them once the file is whole again", async () => {
    const idx = join(dir, "lines-index");
    const file = join(dir, "news.jsonl");
    writeCorpus(file, range(0, 20));
    await buildIndex({ inputs: [file], indexDir: idx, embeddings, chunking });
    const lines = readFileSync(file, "utf8").split("\n");
    lines[5] = lines[5]!.slice(0, 30); // cut mid-line: unparsable
    writeFileSync(file, lines.filter((_, i) => i !== 12).join("\n"));
    expect(await buildIndex({ inputs: [file], indexDir: idx, embeddings, chunking, prune: true })).toMatchObject({ removed: 0, documents: 20 });
    writeCorpus(
      file,
      range(0, 20).filter((i) => i !== 12),
    );
    expect(await buildIndex({ inputs: [file], indexDir: idx, embeddings, chunking, prune: true })).toMatchObject({ removed: 1, documents: 19 });
  });

  it("keeps the articles of a file emptied, and of a page in which no article is recognised any more", async () => {
    const idx = join(dir, "empty-index");
    const pages = join(dir, "empty-pages");
    mkdirSync(pages);
    writeFileSync(join(pages, "000_20bfb9a86f03d2e9.txt"), readFileSync(join(DEFAULT_SEEDS, "000_20bfb9a86f03d2e9.txt")));
    writeCorpus(join(pages, "news.jsonl"), range(0, 5));
    expect(await buildIndex({ inputs: [pages], indexDir: idx, embeddings, chunking })).toMatchObject({ documents: 9 });
    writeFileSync(join(pages, "news.jsonl"), "");
    writeFileSync(join(pages, "000_20bfb9a86f03d2e9.txt"), "第一版\n\n");
    expect(await buildIndex({ inputs: [pages], indexDir: idx, embeddings, chunking, prune: true })).toMatchObject({ removed: 0, documents: 9 });
  });

  it("ingest --prune on a damaged .jsonl.gz: exit 0, nothing removed, and stderr says what was kept and why", async () => {
    const idx = join(dir, "cli-index");
    const gz = join(dir, "cli.jsonl.gz");
    const whole = gzipSync(Buffer.from(corpusText(300)));
    writeFileSync(gz, whole);
    expect(cli(["ingest", "--input", gz, "--index", idx, "--json"]).json[0]).toMatchObject({ documents: 300 });
    writeFileSync(gz, whole.subarray(0, Math.floor(whole.length * 0.6)));
    const r = cli(["ingest", "--input", gz, "--index", idx, "--prune", "--json"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.json[0]).toMatchObject({ documents: 300, removed: 0, partial_files: 1 });
    expect(r.stderr).toMatch(/read only in part: .*cli\.jsonl\.gz/u);
    expect(r.stderr).toMatch(/--prune kept \d+ document\(s\) of input files that could not be read completely/u);
  });
});
