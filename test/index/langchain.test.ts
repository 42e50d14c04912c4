/**
 * The LangChain faces of the index, used for real: the vector store's `similaritySearch` returns the
 * index's chunk Documents, and the retriever's `invoke` returns what the product's `search` returns.
 */
import { join } from "node:path";
import { Document } from "@langchain/core/documents";
import { beforeAll, describe, expect, it } from "vitest";
import { Engine } from "../../src/engine/engine.js";
import { chunkingFromConfig, ingest } from "../../src/engine/ingest.js";
import { HybridRetriever } from "../../src/retrieve/hybrid.js";
import { testConfig } from "../helpers/config.js";
import { tempDir } from "../helpers/tmp.js";

const QUESTION = "液流电池产业生态大会的主办方之一是哪家公司？";
const ARTICLE = "长三角液流电池产业生态大会在我区举行";

describe.each(["exact", "hnsw"] as const)("LangChain over the seed pages (%s)", (mode) => {
  let engine: Engine;
  beforeAll(async () => {
    const cfg = testConfig({ VECTOR_SEARCH: mode });
    const dir = join(tempDir(`wnb-lc-${mode}-`), "vectors");
    await ingest(cfg, { inputs: [cfg.SEEDS_DIR], indexDir: dir, chunking: chunkingFromConfig(cfg) });
    engine = await Engine.open(cfg, dir);
  });

  it("VectorStore.similaritySearch returns chunk Documents of the article asked about", async () => {
    const { index } = engine;
    const docs = await index.vectors.similaritySearch(QUESTION, 3);
    expect(docs.length).toBeGreaterThan(0);
    expect(docs.length).toBeLessThanOrEqual(3);
    for (const d of docs) {
      // each is a chunk of the index: its text, its article and chunk id, its label
      const label = d.metadata.label as number;
      const chunk = index.chunk(label)!;
      expect(d.pageContent).toBe(chunk.text);
      expect(d.metadata).toEqual({ docId: chunk.docId, chunkId: chunk.chunkId, label });
    }
    expect(index.docOfLabel(docs[0]!.metadata.label as number)?.title).toBe(ARTICLE);

    // with scores, best first, and the same chunks as the store's own search for the question's vector
    const scored = await index.vectors.similaritySearchWithScore(QUESTION, 3);
    expect(scored.map(([d]) => d.metadata.label)).toEqual(docs.map((d) => d.metadata.label));
    const scores = scored.map(([, s]) => s);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
    const labels = index.vectors.searchLabels(await index.embeddings.embedQuery(QUESTION), 3).map((h) => h.label);
    expect(docs.map((d) => d.metadata.label)).toEqual(labels);
  });

  it("VectorStore.addDocuments says how the store is filled", async () => {
    await expect(engine.index.vectors.addDocuments([new Document({ pageContent: "x", metadata: {} })])).rejects.toThrow(/buildIndex/);
  });

  it("BaseRetriever.invoke returns the Documents of the product's search", async () => {
    const retriever = new HybridRetriever(engine.index);
    const docs = await retriever.invoke(QUESTION);
    const hits = await engine.search(QUESTION);
    expect(hits.length).toBeGreaterThan(0);
    expect(hits[0]!.title).toBe(ARTICLE);
    expect(docs).toEqual(hits.map((h) => new Document({ pageContent: h.text, metadata: { id: h.docId, chunkId: h.chunkId, score: h.score, title: h.title } })));
  });
});
