/** `ingest --prune` removes what vanished from the sources it read, and nothing of other sources. */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { HashingEmbeddings } from "../../src/embed/hashing.js";
import { buildIndex } from "../../src/index/build.js";
import { NewsIndex } from "../../src/index/news-index.js";
import { DEFAULT_SEEDS } from "../../src/paths.js";
import { writeCorpus } from "../helpers/corpus.js";
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
