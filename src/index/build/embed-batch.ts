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

export async function embedBatch(embeddings: EmbeddingsInterface, dim: number, docs: StoredDoc[], r: AnalysedBatch): Promise<BatchVectors> {
  const vecs = await embeddings.embedDocuments(chunkTexts(docs, r));
  const chunkVectors = new Int8Array(vecs.length * dim);
  vecs.forEach((v, i) => {
    if (v.length !== dim) throw new Error(`the embeddings returned a ${v.length}-d vector for a ${dim}-d index`);
    quantise(v, chunkVectors, i * dim);
  });
  const docVectors = new Float32Array(docs.length * dim);
  let c = 0;
  docs.forEach((_, i) => {
    const n = r.chunkCounts[i]!;
    if (n > 0) docVectors.set(meanDirection(vecs.slice(c, c + n), dim), i * dim);
    c += n;
  });
  return { chunkVectors, docVectors };
}

/** The text each chunk is embedded as (its headline and its span of the body). */
function chunkTexts(docs: StoredDoc[], r: AnalysedBatch): string[] {
  const texts: string[] = [];
  let c = 0;
  docs.forEach((d, i) => {
    for (let j = 0; j < r.chunkCounts[i]!; j++, c++) texts.push(indexText(d, d.body.slice(r.spans[2 * c]!, r.spans[2 * c + 1]!)));
  });
  return texts;
}
