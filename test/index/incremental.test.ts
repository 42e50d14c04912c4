import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { HashingEmbeddings } from "../../src/embed/hashing.js";
import { buildIndex } from "../../src/index/build.js";
import { NewsIndex } from "../../src/index/news-index.js";
import { HybridRetriever } from "../../src/retrieve/hybrid.js";
import { syntheticArticle, writeCorpus } from "../helpers/corpus.js";
import { tempDir } from "../helpers/tmp.js";

const embeddings = new HashingEmbeddings({ dimensions: 256 });
const chunking = { size: 220, overlap: 60 };
const range = (a: number, b: number) => Array.from({ length: b - a }, (_, i) => a + i);

async function topIds(index: NewsIndex, q: string): Promise<string[]> {
  return (await new HybridRetriever(index).search(q, { k: 5 })).map((h) => h.docId);
}

/** Every live chunk is in BM25 and every live document in the vector graph, nothing else. */
function consistent(index: NewsIndex): void {
  expect(index.bm25.size).toBe(index.chunkCount);
  let chunks = 0;
  for (const d of index.liveDocs()) {
    const labels = index.labelsOf(d.id);
    expect(labels.length).toBeGreaterThan(0);
    for (const l of labels) expect(index.docOfLabel(l)?.id).toBe(d.id);
    chunks += labels.length;
  }
  expect(chunks).toBe(index.chunkCount);
  expect(index.manifest.counts).toMatchObject({ documents: index.documentCount, chunks: index.chunkCount });
}

describe("incremental ingest", () => {
  const dir = tempDir("wnb-inc-");
  const idx = join(dir, "index");
  const file = join(dir, "news.jsonl");
  const build = (extra: Partial<Parameters<typeof buildIndex>[0]> = {}) => buildIndex({ inputs: [file], indexDir: idx, embeddings, chunking, ...extra });

  it("adds only new documents and embeds only their chunks", async () => {
    writeCorpus(file, range(0, 40));
    const first = await build();
    expect(first).toMatchObject({ documents: 40, added: 40 });
    writeCorpus(file, range(0, 45));
    const second = await build();
    expect(second).toMatchObject({ documents: 45, added: 5, unchanged: 40, changed: 0, removed: 0, written: true });
    const index = await NewsIndex.open(idx, embeddings);
    const newChunks = range(40, 45).reduce((n, i) => n + index.labelsOf(`syn-${i}`).length, 0);
    expect(second.embeddedChunks).toBe(newChunks);
    const a = syntheticArticle(43);
    expect((await topIds(index, a.title))[0]).toBe("syn-43");
    consistent(index);
  });

  it("re-embeds a changed document only, and search sees the new text", async () => {
    writeCorpus(file, range(0, 45), { 7: 3 });
    const s = await build();
    expect(s).toMatchObject({ changed: 1, added: 0, unchanged: 44 });
    const index = await NewsIndex.open(idx, embeddings);
    expect(s.embeddedChunks).toBe(index.labelsOf("syn-7").length);
    expect(index.doc("syn-7")!.body).toContain("变更3");
    expect((await topIds(index, "更正 项目编号 变更3"))[0]).toBe("syn-7");
    consistent(index);
  });

  it("without --prune keeps vanished documents; with it removes them from BM25 and the vector graph", async () => {
    writeCorpus(file, range(5, 45), { 7: 3 });
    expect(await build()).toMatchObject({ removed: 0, written: false, documents: 45 });
    const s = await build({ prune: true });
    expect(s).toMatchObject({ removed: 5, documents: 40, embeddedChunks: 0 });
    const index = await NewsIndex.open(idx, embeddings);
    for (const i of range(0, 5)) {
      expect(index.doc(`syn-${i}`)).toBeUndefined();
      expect(await topIds(index, syntheticArticle(i).title)).not.toContain(`syn-${i}`);
    }
    const vec = await embeddings.embedQuery(syntheticArticle(2).text);
    expect(index.vectors.searchLabels(vec, 40).map((h) => index.docOfLabel(h.label)?.id)).not.toContain("syn-2");
    consistent(index);
  });

  it("compacts when deletions pile up, and the reloaded index answers the same", async () => {
    writeCorpus(file, range(30, 45), { 7: 3 });
    const s = await build({ prune: true });
    expect(s).toMatchObject({ removed: 25, documents: 15, compacted: true });
    const index = await NewsIndex.open(idx, embeddings);
    expect(index.manifest.counts.deletedLabels).toBe(0);
    expect(index.bm25.deletedCount).toBe(0);
    consistent(index);
    for (const i of [30, 38, 44]) expect((await topIds(index, syntheticArticle(i).title))[0]).toBe(`syn-${i}`);
    // adding after a compaction continues from the renumbered labels
    writeCorpus(file, range(30, 50), { 7: 3 });
    expect(await build()).toMatchObject({ added: 5, documents: 20 });
    const again = await NewsIndex.open(idx, embeddings);
    consistent(again);
    expect((await topIds(again, syntheticArticle(47).title))[0]).toBe("syn-47");
  });

  it("updates an index this process has loaded in place (a running bot's daily update)", async () => {
    const live = await NewsIndex.open(idx, embeddings);
    const before = live.documentCount;
    writeCorpus(file, range(30, 53), { 7: 3 });
    const s = await build({ index: live });
    expect(s).toMatchObject({ added: 3, documents: before + 3 });
    expect(live.documentCount).toBe(before + 3);
    expect((await topIds(live, syntheticArticle(52).title))[0]).toBe("syn-52");
    const reloaded = await NewsIndex.open(idx, embeddings);
    expect(reloaded.documentCount).toBe(live.documentCount);
    consistent(reloaded);
  });

  it("gives the same index with worker threads as in-process", async () => {
    const file2 = join(dir, "big.jsonl");
    writeCorpus(file2, range(0, 700));
    const a = await buildIndex({ inputs: [file2], indexDir: join(dir, "w0"), embeddings, chunking, workers: 0, batchSize: 64 });
    const b = await buildIndex({ inputs: [file2], indexDir: join(dir, "w2"), embeddings, chunking, workers: 2, batchSize: 64 });
    expect(b).toMatchObject({ documents: a.documents, chunks: a.chunks });
    const ia = await NewsIndex.open(join(dir, "w0"), embeddings);
    const ib = await NewsIndex.open(join(dir, "w2"), embeddings);
    // names mined by one worker reach the other a little later, so token counts may differ
    // slightly; what a user sees must not
    for (const i of [3, 321, 650]) {
      const q = `${syntheticArticle(i).title} 第${i}号报道`;
      expect((await topIds(ia, q))[0]).toBe(`syn-${i}`);
      expect((await topIds(ib, q))[0]).toBe(`syn-${i}`);
    }
  }, 60_000);
});
