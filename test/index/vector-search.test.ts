/** VECTOR_SEARCH: the hnswlib graph and exact scoring both serve the offline embeddings. */
import { readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { Engine } from "../../src/engine/engine.js";
import { chunkingFromConfig, ingest } from "../../src/engine/ingest.js";
import { currentGeneration } from "../../src/index/generations.js";
import { FILES } from "../../src/index/news-index.js";
import { ExactDocIndex } from "../../src/index/vectors/exact-doc-index.js";
import { HnswDocIndex } from "../../src/index/vectors/hnsw-doc-index.js";
import { testConfig } from "../helpers/config.js";
import { tempDir } from "../helpers/tmp.js";

describe("vector search mode", () => {
  for (const mode of ["hnsw", "exact"] as const) {
    it(`${mode}: builds, reloads and answers from the seed pages`, async () => {
      const cfg = testConfig({ VECTOR_SEARCH: mode });
      const dir = join(tempDir(`wnb-vs-${mode}-`), "vectors");
      await ingest(cfg, { inputs: [cfg.SEEDS_DIR], indexDir: dir, chunking: chunkingFromConfig(cfg) });
      const engine = await Engine.open(cfg, dir);
      expect(engine.index.manifest.hnsw.search).toBe(mode);
      expect(engine.index.vectors.docs).toBeInstanceOf(mode === "exact" ? ExactDocIndex : HnswDocIndex);
      expect(engine.index.vectors.prefersCandidates).toBe(false); // the seed pages are few enough to scan whole
      const vec = await engine.index.embeddings.embedQuery("常州星辰新能源有限公司 全钒液流电池");
      const top = engine.index.vectors.searchLabels(vec, 3).map((h) => engine.index.docOfLabel(h.label)?.title);
      expect(top).toContain("长三角液流电池产业生态大会在我区举行");
      const { result } = await engine.ask("液流电池产业生态大会的主办方之一是哪家公司？");
      expect(result.answer).toContain("星辰新能源");

      // a later article goes into the journal (graph or matrix), and a reload finds it by its vector
      const extra = join(dir, "..", "extra.jsonl");
      writeFileSync(
        extra,
        `${JSON.stringify({ id: "extra-1", title: "武进新建氢燃料电池检测中心", text: "武进区氢燃料电池检测中心昨日投入使用，可开展电堆性能和氢气纯度检测。" })}\n`,
      );
      expect(await ingest(cfg, { inputs: [extra], indexDir: dir, chunking: chunkingFromConfig(cfg) })).toMatchObject({ added: 1, compacted: false });
      expect(readdirSync((await currentGeneration(dir))!)).toContain(FILES.journal);
      const reloaded = await Engine.open(cfg, dir);
      const q = await reloaded.index.embeddings.embedQuery("氢燃料电池检测中心");
      expect(reloaded.index.vectors.searchLabels(q, 3).map((h) => reloaded.index.docOfLabel(h.label)?.id)).toContain("extra-1");
    });
  }
});
