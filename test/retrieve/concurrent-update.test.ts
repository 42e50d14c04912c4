/** A search and an in-place update (a SEEDS_DIR rescan) interleave at the vector side's await. */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { HashingEmbeddings } from "../../src/embed/hashing.js";
import { buildIndex } from "../../src/index/build.js";
import { NewsIndex } from "../../src/index/news-index.js";
import { HybridRetriever } from "../../src/retrieve/hybrid.js";
import { syntheticArticle, writeCorpus } from "../helpers/corpus.js";
import { tempDir } from "../helpers/tmp.js";

/** Offline embeddings whose query vector arrives only when the test lets it. */
class GatedEmbeddings extends HashingEmbeddings {
  release: () => void = () => undefined;
  private gate = new Promise<void>((r) => (this.release = r));

  override async embedQuery(text: string): Promise<number[]> {
    await this.gate;
    return super.embedQuery(text);
  }
}

describe("a search while the index is updated in place", () => {
  it("leaves out an article removed while it awaited the vector side, instead of failing", async () => {
    const dir = tempDir("wnb-concurrent-");
    const file = join(dir, "news.jsonl");
    writeCorpus(
      file,
      Array.from({ length: 30 }, (_, i) => i),
    );
    await buildIndex({
      inputs: [file],
      indexDir: join(dir, "index"),
      embeddings: new HashingEmbeddings({ dimensions: 256 }),
      chunking: { size: 220, overlap: 60 },
    });
    const embeddings = new GatedEmbeddings({ dimensions: 256 });
    const index = await NewsIndex.open(join(dir, "index"), embeddings);
    const retriever = new HybridRetriever(index);
    const q = syntheticArticle(3).title;

    const searching = retriever.search(q, { k: 5 });
    await new Promise((r) => setTimeout(r, 20)); // the keyword channels have run; the vector side waits
    index.removeDoc("syn-3");
    embeddings.release();
    const hits = await searching;
    expect(hits.length).toBeGreaterThan(0);
    expect(hits.map((h) => h.docId)).not.toContain("syn-3");
  });
});
