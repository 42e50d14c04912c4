/**
 * Embeddings that can embed words already counted by ingest (the offline ones: hashing and the trained
 * news vectors), so that ingest segments every chunk once, in its worker threads, for BM25 and vectors
 * alike. Worker threads are given a plain description (`CountEmbedderSpec`) and make their own.
 */
import { HashingEmbeddings } from "./hashing.js";
import { NewsEmbeddings } from "./news.js";

export interface CountEmbedder {
  readonly dimensions: number;
  /** A number standing for a word, the same for the embedder's life (callers cache it per word). */
  featureOf(word: string): number;
  /** Unit vector of a text from its first `n` words' features and counts (`text` for what words miss). */
  embedFeatures(features: ArrayLike<number>, counts: ArrayLike<number>, n: number, text: string): Float64Array;
}

export type CountEmbedderSpec =
  { kind: "hash"; dimensions: number; bigramWeight: number } | { kind: "news"; file: string; sif: number; identity: number; identityDims: number };

/** The description of embeddings that can embed counted words, or undefined (an HTTP model). */
export function countEmbedderSpec(embeddings: object): CountEmbedderSpec | undefined {
  if (embeddings instanceof HashingEmbeddings) return { kind: "hash", dimensions: embeddings.dimensions, bigramWeight: embeddings.bigramWeight };
  if (embeddings instanceof NewsEmbeddings)
    return { kind: "news", file: embeddings.file, sif: embeddings.sif, identity: embeddings.identity, identityDims: embeddings.identityDims };
  return undefined;
}

let current: { key: string; embedder: CountEmbedder } | undefined;

/** This thread's embedder for a description (made once, kept while the description stays the same). */
export function countEmbedder(spec: CountEmbedderSpec): CountEmbedder {
  const key = JSON.stringify(spec);
  if (current?.key !== key) current = { key, embedder: spec.kind === "hash" ? new HashingEmbeddings(spec) : new NewsEmbeddings(spec) };
  return current.embedder;
}
