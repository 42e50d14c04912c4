/**
 * Chunk and document vectors from the configured embeddings, for a batch whose analysis could not
 * compute them (the analysing thread computes them only for the offline count embeddings).
 */
import type { EmbeddingsInterface } from "@langchain/core/embeddings";
import type { AnalysedBatch } from "../analyse.js";
import { quantise } from "../quantise.js";
import type { StoredDoc } from "../stored-doc.js";
import { indexText } from "../text.js";
import { meanDirection } from "../vectors/chunk-vectors.js";

export interface BatchVectors {
  /** int8, `dim` per chunk. */
  chunkVectors: Int8Array;
  /** Unit vectors, `dim` per document. */
  docVectors: Float32Array;
}

export async function embedBatch(embeddings: EmbeddingsInterface, dim: number, docs: StoredDoc[], analysed: AnalysedBatch): Promise<BatchVectors> {
  const vecs = await embeddings.embedDocuments(chunkTexts(docs, analysed));
  const chunkVectors = new Int8Array(vecs.length * dim);
  vecs.forEach((v, i) => {
    if (v.length !== dim) throw new Error(`the embeddings returned a ${v.length}-d vector for a ${dim}-d index`);
    quantise(v, chunkVectors, i * dim);
  });
  const docVectors = new Float32Array(docs.length * dim);
  let firstChunk = 0;
  docs.forEach((_, i) => {
    const n = analysed.chunkCounts[i]!;
    if (n > 0) docVectors.set(meanDirection(vecs.slice(firstChunk, firstChunk + n), dim), i * dim);
    firstChunk += n;
  });
  return { chunkVectors, docVectors };
}

/** The text each chunk is embedded as (its headline and its span of the body). */
function chunkTexts(docs: StoredDoc[], analysed: AnalysedBatch): string[] {
  const texts: string[] = [];
  const { chunkCounts, spans } = analysed;
  let chunk = 0;
  docs.forEach((doc, i) => {
    for (let j = 0; j < chunkCounts[i]!; j++, chunk++) texts.push(indexText(doc, doc.body.slice(spans[2 * chunk]!, spans[2 * chunk + 1]!)));
  });
  return texts;
}
