import { statSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { countEmbedder, countEmbedderSpec } from "../../src/embed/count-embedder.js";
import { NEWS_VECTORS_FILE, NewsEmbeddings } from "../../src/embed/news.js";
import { vectorWords } from "../../src/embed/vector-words.js";
import { readWordVectors } from "../../src/embed/word-vectors.js";

const cosine = (a: number[], b: number[]): number => a.reduce((s, x, i) => s + x * b[i]!, 0);

describe("the trained news embeddings (data/news-vectors.bin)", () => {
  const embeddings = new NewsEmbeddings();

  it("is a small committed file that says where it came from", () => {
    expect(statSync(NEWS_VECTORS_FILE).size).toBeLessThanOrEqual(15 * 1024 * 1024);
    const { header } = readWordVectors(NEWS_VECTORS_FILE);
    expect(header.provenance).toMatchObject({ data: [expect.stringContaining("Apache-2.0")], script: "scripts/train-embeddings.ts" });
    expect(embeddings.model).toMatch(/^news-vectors@[0-9a-f]{12}\//);
  });

  it("gives unit vectors of the model's dimension, the same for a text every time", async () => {
    const [a, b] = await embeddings.embedDocuments(["武进高新区新能源项目开工", "武进高新区新能源项目开工"]);
    expect(a).toHaveLength(embeddings.dimensions);
    expect(Math.abs(cosine(a!, a!) - 1)).toBeLessThan(1e-9);
    expect(a).toEqual(b);
  });

  it("puts a text nearer to one about the same thing in other words than to an unrelated one", async () => {
    const [question, paraphrase, unrelated] = await embeddings.embedDocuments(["氢能汽车加氢站", "燃料电池汽车的加注站点投入使用", "足球联赛周末开赛"]);
    expect(cosine(question!, paraphrase!)).toBeGreaterThan(cosine(question!, unrelated!) + 0.1);
  });

  it("gives a word it never saw a vector from its characters' meaning", () => {
    const made = "氢湾港能"; // not a word of the vocabulary
    expect(readWordVectors(NEWS_VECTORS_FILE).wordRow.has(made)).toBe(false);
    // the trained dimensions alone (each word's own direction left out): what the characters mean
    const meaning = new NewsEmbeddings({ identityDims: 0 });
    expect(cosine(meaning.embed(made), meaning.embed("氢能"))).toBeGreaterThan(cosine(meaning.embed(made), meaning.embed("足球")) + 0.2);
    // and with its own direction, it is not any other word
    expect(cosine(embeddings.embed(made), embeddings.embed("氢能"))).toBeLessThan(0.9);
  });

  it("is made alike in ingest's worker threads, settings included", () => {
    const own = new NewsEmbeddings({ identityDims: 64, sif: 1e-3 });
    const inWorker = countEmbedder(countEmbedderSpec(own)!);
    expect(inWorker.dimensions).toBe(own.dimensions);
    const f = inWorker.featureOf("液流电池");
    expect(Array.from(inWorker.embedFeatures([f], [2], 1, ""))).toEqual(Array.from(own.embedFeatures([own.featureOf("液流电池")], [2], 1)));
  });

  it("embeds counted words (the ingest path) exactly as it embeds the text (the question path)", () => {
    const text = "常州市武进区召开新能源汽车产业发展大会，理想汽车等车企参加。";
    const counts = new Map<number, number>();
    for (const w of vectorWords(text)) {
      const f = embeddings.featureOf(w);
      if (f >= 0) counts.set(f, (counts.get(f) ?? 0) + 1);
    }
    const counted = Array.from(embeddings.embedFeatures([...counts.keys()], [...counts.values()], counts.size));
    expect(counted).toEqual(embeddings.embed(text));
  });
});
