import { existsSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it, vi } from "vitest";
import { HashingEmbeddings } from "../../src/embed/hashing.js";
import { buildIndex, type BuildOptions } from "../../src/index/build.js";
import { currentGeneration } from "../../src/index/generations.js";
import { FILES, NewsIndex } from "../../src/index/news-index.js";
import { HybridRetriever } from "../../src/retrieve/hybrid.js";
import { syntheticArticle, writeCorpus } from "../helpers/corpus.js";
import { tempDir } from "../helpers/tmp.js";

const embeddings = new HashingEmbeddings({ dimensions: 256 });
const chunking = { size: 220, overlap: 60 };
const range = (a: number, b: number) => Array.from({ length: b - a }, (_, i) => a + i);
const QUERIES = [syntheticArticle(3).title, syntheticArticle(41).title, "更正 项目编号 变更2", "湖塘镇 社区食堂 投资", "充电站 投入运营"];

/** What a reader would get: the top documents and their scores for a few questions. */
async function answers(index: NewsIndex): Promise<string[]> {
  const r = new HybridRetriever(index);
  const out: string[] = [];
  for (const q of QUERIES) out.push(...(await r.search(q, { k: 5 })).map((h) => `${q}→${h.docId}:${h.score.toFixed(6)}`));
  return out;
}

const inode = (gen: string, f: string): number => statSync(join(gen, f)).ino;

describe("index journal: daily updates write the change, not the index", () => {
  const dir = tempDir("wnb-journal-");
  const idx = join(dir, "index");
  const file = join(dir, "news.jsonl");
  const build = (extra: Partial<BuildOptions> = {}) => buildIndex({ inputs: [file], indexDir: idx, embeddings, chunking, ...extra });

  it("an update writes only a journal; the snapshot's files are shared with the previous generation", async () => {
    writeCorpus(file, range(0, 40));
    await build();
    const first = (await currentGeneration(idx))!;
    expect(existsSync(join(first, FILES.journal))).toBe(false);
    const snapshotInodes = [FILES.bodies, FILES.postings, FILES.chunkVectors].map((f) => inode(first, f));

    writeCorpus(file, range(0, 45));
    expect(await build({ cleanup: { graceMs: 0 } })).toMatchObject({ added: 5, documents: 45, written: true });
    const second = (await currentGeneration(idx))!;
    expect(second).not.toBe(first);
    expect(existsSync(first)).toBe(false); // the old generation is gone (no grace period here), its files live on in the new one
    expect([FILES.bodies, FILES.postings, FILES.chunkVectors].map((f) => inode(second, f))).toEqual(snapshotInodes);
    expect(statSync(join(second, FILES.journal)).size).toBeGreaterThan(0);

    const index = await NewsIndex.open(idx, embeddings);
    expect(index.documentCount).toBe(45);
    expect((await new HybridRetriever(index).search(syntheticArticle(43).title, { k: 3 }))[0]?.docId).toBe("syn-43");
  });

  it("a reloaded index (snapshot + journal) answers exactly as the live one, and as a fresh build would", async () => {
    const live = await NewsIndex.open(idx, embeddings);
    // a day of changes applied to the running process's index: additions, a correction, removals
    writeCorpus(file, range(3, 50), { 7: 2 });
    expect(await build({ index: live, prune: true })).toMatchObject({ added: 5, changed: 1, removed: 3, compacted: false });
    const gen = (await currentGeneration(idx))!;
    expect(existsSync(join(gen, FILES.journal))).toBe(true);

    const reloaded = await NewsIndex.open(idx, embeddings);
    const fresh = join(dir, "fresh");
    await buildIndex({ inputs: [file], indexDir: fresh, embeddings, chunking });
    const rebuilt = await NewsIndex.open(fresh, embeddings);
    for (const i of [reloaded, rebuilt]) {
      expect(i.documentCount).toBe(live.documentCount);
      expect(i.chunkCount).toBe(live.chunkCount);
      expect(i.bm25.size).toBe(live.bm25.size);
    }
    expect(reloaded.doc("syn-7")!.body).toContain("变更2");
    expect(reloaded.doc("syn-1")).toBeUndefined();
    const expected = await answers(live);
    expect(expected.some((a) => a.includes("syn-41"))).toBe(true);
    expect(await answers(reloaded)).toEqual(expected);
    // a fresh build has no tombstones in its statistics yet, so scores differ slightly; the best answers do not
    const top = (a: string[]) => QUERIES.map((q) => a.find((x) => x.startsWith(`${q}→`))?.split(":")[0]);
    expect(top(await answers(rebuilt))).toEqual(top(expected));
    // the names mined from journal batches reach the segmenter and the follow-up resolver too
    expect([...reloaded.knownTerms].sort()).toEqual([...live.knownTerms].sort());
  });

  it("folds the journal into a new snapshot once it outgrows its limit", async () => {
    const before = (await currentGeneration(idx))!;
    const bodies = inode(before, FILES.bodies);
    writeCorpus(file, range(3, 52), { 7: 2 });
    expect(await build({ journalLimit: 0 })).toMatchObject({ added: 2 });
    const gen = (await currentGeneration(idx))!;
    expect(existsSync(join(gen, FILES.journal))).toBe(false);
    expect(inode(gen, FILES.bodies)).not.toBe(bodies);
    const index = await NewsIndex.open(idx, embeddings);
    expect(index.documentCount).toBe(49);
    expect((await new HybridRetriever(index).search(syntheticArticle(51).title, { k: 3 }))[0]?.docId).toBe("syn-51");
  });
});

describe("index journal: edge cases a reader would feel after a restart", () => {
  const dir = tempDir("wnb-journal2-");
  const idx = join(dir, "index");
  const file = join(dir, "news.jsonl");
  const build = (extra: Partial<BuildOptions> = {}) => buildIndex({ inputs: [file], indexDir: idx, embeddings, chunking, ...extra });

  it("articles added through the journal can be corrected and withdrawn, and a reload agrees", async () => {
    writeCorpus(file, range(0, 40));
    await build();
    writeCorpus(file, range(0, 46));
    await build(); // 40..45 are in the journal now
    const live = await NewsIndex.open(idx, embeddings);
    writeCorpus(file, [...range(0, 44), 45], { 43: 2 }); // 43 corrected, 44 withdrawn
    expect(await build({ index: live, prune: true })).toMatchObject({ changed: 1, removed: 1, compacted: false });
    const reloaded = await NewsIndex.open(idx, embeddings);
    expect(reloaded.doc("syn-44")).toBeUndefined();
    expect(reloaded.doc("syn-43")!.body).toContain("变更2");
    expect(reloaded.documentCount).toBe(45);
    expect(await answers(reloaded)).toEqual(await answers(live));
  });

  it("a compaction with a journal present writes a snapshot, and a reload agrees", async () => {
    const live = await NewsIndex.open(idx, embeddings);
    writeCorpus(file, range(20, 46), { 43: 2 });
    expect(await build({ index: live, prune: true })).toMatchObject({ removed: 20, added: 1, compacted: true });
    const gen = (await currentGeneration(idx))!;
    expect(existsSync(join(gen, FILES.journal))).toBe(false);
    const reloaded = await NewsIndex.open(idx, embeddings);
    expect(reloaded.documentCount).toBe(26);
    expect(reloaded.manifest.counts.deletedLabels).toBe(0);
    expect(await answers(reloaded)).toEqual(await answers(live));
  });

  it("changes whose save failed are written by the next update, even when the inputs did not change again", async () => {
    const live = await NewsIndex.open(idx, embeddings);
    writeCorpus(file, range(20, 48), { 43: 2 });
    const save = vi.spyOn(live, "save").mockRejectedValueOnce(new Error("ENOSPC: no space left on device"));
    await expect(build({ index: live })).rejects.toThrow(/ENOSPC/);
    expect(live.documentCount).toBe(28); // the running process already answers from them
    expect((await NewsIndex.open(idx, embeddings)).documentCount).toBe(26);
    save.mockRestore();
    expect(await build({ index: live })).toMatchObject({ added: 0, written: true });
    const reloaded = await NewsIndex.open(idx, embeddings);
    expect(reloaded.documentCount).toBe(28);
    expect(reloaded.doc("syn-47")).toBeDefined();
  });
});
