/**
 * Hybrid retrieval as a LangChain `BaseRetriever`: BM25 over nodejieba tokens fused with the
 * hnswlib vector search by reciprocal-rank fusion, one result per document (its best chunk).
 */
import { BaseRetriever } from "@langchain/core/retrievers";
import { Document } from "@langchain/core/documents";
import type { NewsIndex } from "../index/news-index.js";
import { fixOcr } from "../ingest/ocr.js";
import { searchTokens } from "../text/tokenizer.js";
import type { SearchHit } from "../types.js";

export interface SearchOptions {
  k?: number;
  /** "Today" for relative dates in the question (YYYY-MM-DD). */
  date?: string;
  /** Documents to leave out (e.g. already shown for 「还有吗」). */
  exclude?: ReadonlySet<string>;
}

const RRF_K = 60;

export class HybridRetriever extends BaseRetriever {
  lc_namespace = ["wujin_news", "retrievers"];

  constructor(
    readonly index: NewsIndex,
    private readonly defaults: { k: number } = { k: 5 },
  ) {
    super();
  }

  async search(query: string, opts: SearchOptions = {}): Promise<SearchHit[]> {
    const k = opts.k ?? this.defaults.k;
    const q = fixOcr(query);
    const terms = [...new Set(searchTokens(q))].map((term) => ({ term, weight: 1 }));
    const allow = opts.exclude?.size
      ? (label: number) => !opts.exclude!.has(this.index.docOfLabel(label)?.id ?? "")
      : undefined;
    const pool = Math.max(50, k * 10);
    const lexical = this.index.bm25.search(terms, pool, allow);
    const vector = this.index.vectors.searchLabels(await this.index.embeddings.embedQuery(q), pool, allow);

    const fused = new Map<number, number>();
    lexical.forEach(({ id }, rank) => fused.set(id, (fused.get(id) ?? 0) + 1 / (RRF_K + rank + 1)));
    vector.forEach(({ label }, rank) => fused.set(label, (fused.get(label) ?? 0) + 1 / (RRF_K + rank + 1)));

    const bestPerDoc = new Map<string, { label: number; score: number }>();
    for (const [label, score] of fused) {
      const doc = this.index.docOfLabel(label);
      if (!doc) continue;
      const cur = bestPerDoc.get(doc.id);
      if (!cur || score > cur.score) bestPerDoc.set(doc.id, { label, score });
    }
    return [...bestPerDoc.values()]
      .sort((a, b) => b.score - a.score)
      .slice(0, k)
      .map(({ label, score }) => this.hit(label, score));
  }

  private hit(label: number, score: number): SearchHit {
    const doc = this.index.docOfLabel(label)!;
    const chunk = this.index.chunk(label)!;
    const { body: _body, ...meta } = doc;
    return { docId: doc.id, chunkId: chunk.chunkId, score, title: doc.title, text: chunk.text, doc: meta, chunk };
  }

  override async _getRelevantDocuments(query: string): Promise<Document[]> {
    return (await this.search(query)).map(
      (h) => new Document({ pageContent: h.text, metadata: { id: h.docId, chunkId: h.chunkId, score: h.score, title: h.title } }),
    );
  }
}
