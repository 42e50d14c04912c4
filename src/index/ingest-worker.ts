/** Ingest worker thread: analyses batches of articles (see analyse.ts) for the pool in pool.ts. */
import { parentPort, threadId } from "node:worker_threads";
import { addTerms } from "../text/tokenizer.js";
import { analyseBatch, type AnalyseArticle, type AnalyseOptions } from "./analyse.js";

export type WorkerRequest = { type: "terms"; terms: string[] } | { type: "batch"; id: number; articles: AnalyseArticle[]; opts: AnalyseOptions };

parentPort!.on("message", (msg: WorkerRequest) => {
  if (msg.type === "terms") {
    addTerms(msg.terms);
    return;
  }
  try {
    const r = analyseBatch(msg.articles, msg.opts, threadId);
    const transfer: ArrayBuffer[] = [r.chunkCounts.buffer, r.spans.buffer, r.tfs.buffer, r.lengths.buffer, r.chunkTerms.buffer, r.termIds.buffer].map(
      (b) => b as ArrayBuffer,
    );
    if (r.chunkVectors) transfer.push(r.chunkVectors.buffer as ArrayBuffer);
    if (r.docVectors) transfer.push(r.docVectors.buffer as ArrayBuffer);
    parentPort!.postMessage({ id: msg.id, result: r }, transfer);
  } catch (err) {
    parentPort!.postMessage({ id: msg.id, error: (err as Error).message });
  }
});
