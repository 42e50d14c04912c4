import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { OpenAIEmbeddings } from "../../src/embed/openai.js";
import { buildIndex } from "../../src/index/build.js";
import { NewsIndex } from "../../src/index/news-index.js";
import { DEFAULT_SEEDS } from "../../src/paths.js";
import { HybridRetriever } from "../../src/retrieve/hybrid.js";
import { startFakeOpenAI, type FakeOpenAI } from "../helpers/fake-openai.js";
import { tempDir } from "../helpers/tmp.js";

describe("embeddings from an OpenAI-compatible endpoint", () => {
  let fake: FakeOpenAI;
  beforeAll(async () => {
    fake = await startFakeOpenAI(32);
  });
  afterAll(() => fake.close());

  const make = (timeoutMs = 2000) =>
    new OpenAIEmbeddings({ baseUrl: fake.baseUrl, model: "toy-embed", apiKey: "sk-test-secret-123", timeoutMs, batchSize: 4, maxRetries: 0 });

  it("embeds in batches, in order, with the key and model it was given", async () => {
    fake.behaviour = "ok";
    fake.requests.length = 0;
    const texts = ["一", "二", "三", "四", "五", "六"];
    const vectors = await make().embedDocuments(texts);
    expect(vectors).toHaveLength(6);
    expect(vectors[0]).toHaveLength(32);
    expect(fake.requests).toHaveLength(2);
    expect(fake.requests[0]!.body).toMatchObject({ model: "toy-embed", input: ["一", "二", "三", "四"] });
    expect(fake.requests[0]!.auth).toBe("Bearer sk-test-secret-123");
  });

  it("builds an index with it and retrieves through it", async () => {
    fake.behaviour = "ok";
    const dir = tempDir();
    const emb = make();
    const summary = await buildIndex({ inputs: [DEFAULT_SEEDS], indexDir: dir, embeddings: emb, chunking: { size: 220, overlap: 60 } });
    expect(summary.documents).toBe(9);
    const index = await NewsIndex.open(dir, make());
    expect(index.manifest.embedding).toMatchObject({ kind: "openai", model: "toy-embed", dim: 32 });
    const hits = await new HybridRetriever(index).search("叁零陆动力部件的扁线电机", { k: 3 });
    expect(hits[0]!.title).toContain("叁零陆");
  });

  it("fails with a clear message, never leaking the key, when the endpoint refuses", async () => {
    fake.behaviour = "refuse";
    const err = await make()
      .embedQuery("问题")
      .catch((e: Error) => e);
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message).toMatch(/HTTP 503.*EMBEDDINGS_BASE_URL/);
    expect((err as Error).message).not.toContain("sk-test-secret-123");
  });

  it("gives up on a hanging endpoint within its timeout", async () => {
    fake.behaviour = "hang";
    const t0 = performance.now();
    const err = await make(300)
      .embedQuery("问题")
      .catch((e: Error) => e);
    expect((err as Error).message).toMatch(/no answer within 300 ms/);
    expect(performance.now() - t0).toBeLessThan(2000);
  });

  it("rejects a garbage body", async () => {
    fake.behaviour = "garbage";
    const err = await make()
      .embedQuery("问题")
      .catch((e: Error) => e);
    expect((err as Error).message).toMatch(/unexpected body/);
  });
});

describe("a question while the embeddings endpoint is down", () => {
  let fake: FakeOpenAI;
  beforeAll(async () => {
    fake = await startFakeOpenAI(32);
  });
  afterAll(() => fake.close());

  it("is still answered from keyword search, within the query timeout, and works again when the endpoint is back", async () => {
    const dir = tempDir();
    const make = () => new OpenAIEmbeddings({ baseUrl: fake.baseUrl, model: "toy-embed", timeoutMs: 2000, queryTimeoutMs: 300, maxRetries: 0 });
    await buildIndex({ inputs: [DEFAULT_SEEDS], indexDir: dir, embeddings: make(), chunking: { size: 220, overlap: 60 } });
    const retriever = new HybridRetriever(await NewsIndex.open(dir, make()));
    for (const behaviour of ["hang", "refuse", "garbage", "ok"] as const) {
      fake.behaviour = behaviour;
      const t0 = performance.now();
      const hits = await retriever.search("叁零陆扁线电机产线的自动化率", { k: 3 });
      expect(performance.now() - t0, behaviour).toBeLessThan(1500);
      expect(hits[0]!.title, behaviour).toContain("叁零陆");
    }
  });
});
