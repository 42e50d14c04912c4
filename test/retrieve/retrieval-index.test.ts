/**
 * The retriever reads the index only through RetrievalIndex: here over a second implementation, a
 * few articles in memory with a plain term count for BM25 and embeddings that fail (the vector channel
 * then stays out, as when an endpoint is down).
 */
import { describe, expect, it } from "vitest";
import type { EmbeddingsInterface } from "@langchain/core/embeddings";
import type { StoredDoc } from "../../src/index/news-index.js";
import { buildAliases } from "../../src/lexicon/aliases.js";
import { QuestionAnalyser } from "../../src/question/analyse.js";
import type { RetrievalContext } from "../../src/retrieve/context.js";
import type { RetrievalIndex } from "../../src/retrieve/retrieval-index.js";
import { Retriever } from "../../src/retrieve/retriever.js";
import type { Chunk } from "../../src/types.js";

const ARTICLES = [
  { id: "a", title: "西太湖夜市开张", body: "西太湖夜市昨晚开张，首批摊位一百个。" },
  { id: "b", title: "液流电池产业生态大会举行", body: "长三角液流电池产业生态大会在我区举行，发布储能项目。" },
  { id: "c", title: "口袋公园开园", body: "湖塘镇三座口袋公园同时开园。" },
];

const failingEmbeddings: EmbeddingsInterface = {
  embedQuery: () => Promise.reject(new Error("endpoint down")),
  embedDocuments: () => Promise.reject(new Error("endpoint down")),
};

/** One chunk per article, label = position; a term's score is how often the chunk holds it, times its weight. */
function memoryIndex(): RetrievalIndex {
  const docs: StoredDoc[] = ARTICLES.map((a, position) => ({ ...a, byline: "", reporters: [], source: "test", position, chars: a.body.length, hash: a.id }));
  const chunks: Chunk[] = docs.map((d) => ({ chunkId: `${d.id}::0`, docId: d.id, n: 0, start: 0, end: d.body.length, text: d.body }));
  const count = (text: string, term: string): number => text.split(term).length - 1;
  const context: RetrievalContext = {
    dateFrom: new Int32Array(docs.length).fill(1),
    dateTo: new Int32Array(docs.length).fill(0),
    docDate: new Map(),
    byDay: new Map(),
    aliases: buildAliases(),
    chunks: docs.length,
    docs: docs.length,
  };
  return {
    searchTerms: (terms, k, allow) =>
      chunks
        .map((c, label) => ({ label, score: terms.reduce((s, t) => s + t.weight * count(c.text, t.term), 0) }))
        .filter((h) => h.score > 0 && (!allow || allow(h.label)))
        .sort((x, y) => y.score - x.score || x.label - y.label)
        .slice(0, k),
    idf: () => 1,
    df: (term) => chunks.filter((c) => c.text.includes(term)).length,
    docOfLabel: (label) => docs[label],
    docKeyOf: (label) => label,
    labelsOf: (docId) => docs.flatMap((d, label) => (d.id === docId ? [label] : [])),
    chunk: (label) => chunks[label],
    chunkLength: (label) => chunks[label]?.text.length ?? 0,
    vectors: { prefersCandidates: false, searchLabels: () => [], chunkScore: () => 0 },
    embeddings: failingEmbeddings,
    context: () => context,
  };
}

const analyser = new QuestionAnalyser({ idf: () => 1, df: () => 1, isTerm: () => false, aliases: () => undefined });
const analyse = (q: string) => analyser.analyse(q, { today: "2024-12-10" });

describe("the retriever over another RetrievalIndex", () => {
  it("finds the article the question's words are in, first", async () => {
    const hits = await new Retriever(memoryIndex()).search(analyse("液流电池产业生态大会在哪里举行？"), { k: 2 });
    expect(hits[0]).toMatchObject({ docId: "b", title: "液流电池产业生态大会举行", chunkId: "b::0" });
  });

  it("leaves out the documents it is told to", async () => {
    const hits = await new Retriever(memoryIndex()).search(analyse("液流电池产业生态大会在哪里举行？"), { k: 3, exclude: new Set(["b"]) });
    expect(hits.map((h) => h.docId)).not.toContain("b");
  });
});
