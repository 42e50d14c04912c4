import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { HashingEmbeddings } from "../../src/embed/hashing.js";
import { buildIndex } from "../../src/index/build.js";
import { NewsIndex } from "../../src/index/news-index.js";
import { DEFAULT_SEEDS } from "../../src/paths.js";
import { HybridRetriever } from "../../src/retrieve/hybrid.js";
import { tempDir } from "../helpers/tmp.js";

const embeddings = new HashingEmbeddings({ dimensions: 256 });
const chunking = { size: 220, overlap: 60 };

describe("index round trip", () => {
  const dir = tempDir();

  it("builds, saves, loads, and answers the same way after loading", async () => {
    const summary = await buildIndex({ inputs: [DEFAULT_SEEDS], indexDir: dir, embeddings, chunking });
    expect(summary).toMatchObject({ documents: 9, added: 9, unchanged: 0, written: true });
    expect(existsSync(join(dir, "CURRENT"))).toBe(true);

    const a = await NewsIndex.open(dir, embeddings);
    const b = await NewsIndex.open(dir, embeddings);
    expect(a.documentCount).toBe(9);
    expect(a.chunkCount).toBe(summary.chunks);
    const q = "星辰新能源的全钒液流电池产线";
    const ra = await new HybridRetriever(a).search(q, { k: 5 });
    const rb = await new HybridRetriever(b).search(q, { k: 5 });
    expect(ra.map((h) => [h.docId, h.chunkId])).toEqual(rb.map((h) => [h.docId, h.chunkId]));
    expect(ra[0]!.title).toBe("长三角液流电池产业生态大会在我区举行");
    expect(ra[0]!.text).toContain("全钒液流电池");
  });

  it("re-ingesting unchanged input embeds nothing and writes nothing", async () => {
    const before = readdirSync(dir).sort();
    let embedded = 0;
    const counting = Object.assign(Object.create(embeddings) as HashingEmbeddings, {
      embedDocuments: async (texts: string[]) => {
        embedded += texts.length;
        return embeddings.embedDocuments(texts);
      },
    });
    const summary = await buildIndex({ inputs: [DEFAULT_SEEDS], indexDir: dir, embeddings: counting, chunking });
    expect(summary).toMatchObject({ added: 0, unchanged: 9, written: false });
    expect(embedded).toBe(0);
    expect(readdirSync(dir).sort()).toEqual(before);
  });

  it("says how to build the index when it is missing", async () => {
    await expect(NewsIndex.open(join(dir, "nope"), embeddings)).rejects.toThrow(/no index at .*ingest/);
  });

  it("refuses an index built with other embeddings", async () => {
    await expect(NewsIndex.open(dir, new HashingEmbeddings({ dimensions: 128 }))).rejects.toThrow(/256-d.*128-d/);
  });
});
