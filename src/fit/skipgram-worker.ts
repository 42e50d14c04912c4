/** Worker thread of scripts/train-embeddings.ts: tokenises articles, or trains its part of the stream (skipgram.ts). */
import { parentPort } from "node:worker_threads";
import { vectorWords } from "../embed/vector-words.js";
import { trainPart, type SkipgramState } from "./skipgram.js";

export type SkipgramRequest =
  { type: "tokenise"; id: number; texts: string[] } | { type: "train"; id: number; state: SkipgramState; from: number; to: number; slot: number };

parentPort!.on("message", (msg: SkipgramRequest) => {
  try {
    if (msg.type === "tokenise") {
      parentPort!.postMessage({ id: msg.id, words: msg.texts.map((t) => vectorWords(t).join(" ")).join("\n") });
      return;
    }
    trainPart(msg.state, msg.from, msg.to, msg.slot, (done) => parentPort!.postMessage({ id: msg.id, progress: done }));
    parentPort!.postMessage({ id: msg.id, done: true });
  } catch (err) {
    parentPort!.postMessage({ id: msg.id, error: (err as Error).stack ?? String(err) });
  }
});
