/**
 * What retrieval needs of the index, and nothing more: term search (BM25), the articles and chunks
 * behind chunk labels, the vectors, and what retrieval derives from the documents (their dates, the
 * mined aliases: src/retrieve/context.ts). The retriever, its channels and the re-ranking read the
 * index only through this; `retrievalIndexOf` is the one over a loaded NewsIndex.
 */
import type { EmbeddingsInterface } from "@langchain/core/embeddings";
import { docMeta, type NewsIndex, type StoredDoc } from "../index/news-index.js";
import type { WeightedTerm } from "../question/terms.js";
import type { Chunk, SearchHit } from "../types.js";
import { retrievalContext, type RetrievalContext } from "./context.js";
import type { LabelScore } from "./fuse.js";

/** Which chunk labels a search may return: true to keep. */
export type LabelFilter = (label: number) => boolean;

/** The index's vectors as retrieval searches them (src/index/vectors/store.ts). */
interface ChunkVectors {
  /** Whether a search should be given the documents the other channels found (a scan of every vector costs too much). */
  readonly prefersCandidates: boolean;
  /** The nearest chunks to a vector, best chunk per document (only among the document keys `among` when given). */
  searchLabels(query: number[], k: number, filter?: LabelFilter, among?: Iterable<number>): LabelScore[];
  /** Cosine similarity of a vector with a chunk's (0 for a chunk without one). */
  chunkScore(query: ArrayLike<number>, label: number): number;
}

export interface RetrievalIndex {
  /** BM25: the `k` best chunks for weighted terms, among those `allow` lets through (score descending, label ascending on ties). */
  searchTerms(terms: WeightedTerm[], k: number, allow?: LabelFilter): LabelScore[];
  /** How rare a term is among the chunks (BM25's idf). */
  idf(term: string): number;
  /** In how many chunks a term occurs. */
  df(term: string): number;
  /** The article a chunk belongs to (undefined for a removed chunk). */
  docOfLabel(label: number): StoredDoc | undefined;
  /** The key of a chunk's article in the vector index. */
  docKeyOf(label: number): number;
  /** The labels of an article's chunks, in text order. */
  labelsOf(docId: string): readonly number[];
  chunk(label: number): Chunk | undefined;
  /** A chunk's length in characters, without decoding it. */
  chunkLength(label: number): number;
  readonly vectors: ChunkVectors;
  /** What turns a question into a vector (the index's own embeddings). */
  readonly embeddings: EmbeddingsInterface;
  /** What retrieval derives from the documents: their dates, articles by day, the alias table. */
  context(): RetrievalContext;
}

/** A chunk as a search hit: its article, its text and the score it was found with. */
export function hitOf(index: RetrievalIndex, label: number, score: number): SearchHit {
  const doc = index.docOfLabel(label)!;
  const chunk = index.chunk(label)!;
  return { docId: doc.id, chunkId: chunk.chunkId, score, title: doc.title, text: chunk.text, doc: docMeta(doc), chunk };
}

/** Retrieval's view of a loaded index. */
export function retrievalIndexOf(index: NewsIndex): RetrievalIndex {
  return {
    searchTerms: (terms, k, allow) => index.bm25.search(terms, k, allow).map(({ id, score }) => ({ label: id, score })),
    idf: (term) => index.bm25.idf(term),
    df: (term) => index.bm25.df(term),
    docOfLabel: (label) => index.docOfLabel(label),
    docKeyOf: (label) => index.chunkDoc[label]!,
    labelsOf: (docId) => index.labelsOf(docId),
    chunk: (label) => index.chunk(label),
    chunkLength: (label) => index.chunkLength(label),
    vectors: index.vectors,
    embeddings: index.embeddings,
    context: () => retrievalContext(index),
  };
}
