/**
 * A LangChain `VectorStore` over hnswlib-node, used directly (not through @langchain/community).
 * Labels are the integer chunk labels shared with the BM25 index; the documents themselves live in
 * the chunk catalogue (see catalog.ts), so vectors are the only thing this store keeps.
 */
import type { EmbeddingsInterface } from "@langchain/core/embeddings";
import { Document, type DocumentInterface } from "@langchain/core/documents";
import { VectorStore } from "@langchain/core/vectorstores";
import hnswlib from "hnswlib-node";

export interface HnswParams {
  /** Graph degree. */
  M: number;
  efConstruction: number;
  /** Search breadth at query time. */
  efSearch: number;
}

export const DEFAULT_HNSW: HnswParams = { M: 16, efConstruction: 100, efSearch: 64 };

/** Turns a label into the Document it stands for (chunk text + metadata). */
export type LabelResolver = (label: number) => DocumentInterface | undefined;

/** Label filter: true to keep. */
export type LabelFilter = (label: number) => boolean;

export class HnswVectorStore extends VectorStore {
  declare FilterType: LabelFilter;
  readonly index: hnswlib.HierarchicalNSW;
  readonly dim: number;
  readonly params: HnswParams;
  private resolve: LabelResolver;
  private nextLabel: number;

  _vectorstoreType(): string {
    return "hnswlib-node";
  }

  constructor(embeddings: EmbeddingsInterface, dim: number, params: HnswParams, resolve: LabelResolver, index?: hnswlib.HierarchicalNSW) {
    super(embeddings, {});
    this.dim = dim;
    this.params = params;
    this.resolve = resolve;
    if (index) {
      this.index = index;
    } else {
      this.index = new hnswlib.HierarchicalNSW("cosine", dim);
      this.index.initIndex({ maxElements: 1024, m: params.M, efConstruction: params.efConstruction, randomSeed: 42 });
    }
    this.index.setEf(params.efSearch);
    this.nextLabel = this.index.getCurrentCount();
  }

  setResolver(resolve: LabelResolver): void {
    this.resolve = resolve;
  }

  /** Adds vectors under explicit labels (the chunk labels). */
  addLabelled(vectors: number[][], labels: number[]): void {
    const needed = Math.max(this.index.getCurrentCount() + vectors.length, ...labels.map((l) => l + 1));
    if (needed > this.index.getMaxElements()) this.index.resizeIndex(Math.max(needed, Math.ceil(this.index.getMaxElements() * 1.5)));
    vectors.forEach((v, i) => {
      if (v.length !== this.dim) throw new Error(`vector of dimension ${v.length} given to a ${this.dim}-d index`);
      this.index.addPoint(v, labels[i]!);
    });
    this.nextLabel = Math.max(this.nextLabel, ...labels.map((l) => l + 1));
  }

  /** LangChain entry point: vectors get the next free labels; documents are not stored here. */
  async addVectors(vectors: number[][], _documents: DocumentInterface[]): Promise<string[]> {
    const labels = vectors.map((_, i) => this.nextLabel + i);
    this.addLabelled(vectors, labels);
    return labels.map(String);
  }

  async addDocuments(documents: DocumentInterface[]): Promise<string[]> {
    return this.addVectors(await this.embeddings.embedDocuments(documents.map((d) => d.pageContent)), documents);
  }

  markDeleted(label: number): void {
    try {
      this.index.markDelete(label);
    } catch {
      // already deleted or never added: nothing to do
    }
  }

  /** Nearest labels with cosine similarity (1 - distance). */
  searchLabels(query: number[], k: number, filter?: LabelFilter): Array<{ label: number; score: number }> {
    const count = this.index.getCurrentCount();
    if (count === 0) return [];
    const { neighbors, distances } = this.index.searchKnn(query, Math.min(k, count), filter);
    return neighbors.map((label, i) => ({ label, score: 1 - distances[i]! }));
  }

  async similaritySearchVectorWithScore(query: number[], k: number, filter?: LabelFilter): Promise<[DocumentInterface, number][]> {
    const out: [DocumentInterface, number][] = [];
    for (const { label, score } of this.searchLabels(query, k, filter)) {
      const doc = this.resolve(label);
      if (doc) out.push([doc, score]);
    }
    return out;
  }

  async save(file: string): Promise<void> {
    await this.index.writeIndex(file);
  }

  static async load(file: string, embeddings: EmbeddingsInterface, dim: number, params: HnswParams, resolve: LabelResolver): Promise<HnswVectorStore> {
    const index = new hnswlib.HierarchicalNSW("cosine", dim);
    await index.readIndex(file, true);
    return new HnswVectorStore(embeddings, dim, params, resolve, index);
  }
}

export const chunkDocument = (pageContent: string, metadata: Record<string, unknown>): DocumentInterface =>
  new Document({ pageContent, metadata });
