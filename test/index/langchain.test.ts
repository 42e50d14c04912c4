/**
 * LangChain's one seam kept: the `Embeddings` interface, which every embeddings implementation
 * (src/embed/) extends and the index and retrieval call. The vector store and the retriever are the
 * product's own classes (no `VectorStore` or `BaseRetriever` subclass: nothing used them but a test),
 * and the vector search they run finds the article asked about.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { Engine } from "../../src/engine/engine.js";
import { chunkingFromConfig, ingest } from "../../src/engine/ingest.js";
import { PROJECT_ROOT } from "../../src/paths.js";
import { testConfig } from "../helpers/config.js";
import { tempDir } from "../helpers/tmp.js";

const QUESTION = "液流电池产业生态大会的主办方之一是哪家公司？";
const ARTICLE = "长三角液流电池产业生态大会在我区举行";

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : path.endsWith(".ts") ? [path] : [];
  });
}

describe("LangChain", () => {
  it("is imported for its Embeddings interface only", () => {
    const imports: string[] = [];
    for (const file of sourceFiles(join(PROJECT_ROOT, "src"))) {
      for (const m of readFileSync(file, "utf8").matchAll(/from\s+"(@langchain\/[^"]+)"/gu)) imports.push(`${relative(PROJECT_ROOT, file)}: ${m[1]}`);
    }
    expect(imports.length).toBeGreaterThan(0);
    expect(imports.filter((i) => !i.endsWith(": @langchain/core/embeddings"))).toEqual([]);
  });
});

describe.each(["exact", "hnsw"] as const)("vector search over the seed pages through the Embeddings seam (%s)", (mode) => {
  let engine: Engine;
  beforeAll(async () => {
    const cfg = testConfig({ VECTOR_SEARCH: mode });
    const dir = join(tempDir(`wnb-lc-${mode}-`), "vectors");
    await ingest(cfg, { inputs: [cfg.SEEDS_DIR], indexDir: dir, chunking: chunkingFromConfig(cfg) });
    engine = await Engine.open(cfg, dir);
  });

  it("the question's embedding finds chunks of the article asked about, best first", async () => {
    const { index } = engine;
    const found = index.vectors.searchLabels(await index.embeddings.embedQuery(QUESTION), 3);
    expect(found.length).toBeGreaterThan(0);
    expect(found.length).toBeLessThanOrEqual(3);
    for (const { label } of found) expect(index.chunk(label)).toBeDefined();
    expect(index.docOfLabel(found[0]!.label)?.title).toBe(ARTICLE);
    const scores = found.map((f) => f.score);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
  });

  it("the product's search finds the article", async () => {
    const hits = await engine.search(QUESTION);
    expect(hits.length).toBeGreaterThan(0);
    expect(hits[0]!.title).toBe(ARTICLE);
  });
});
