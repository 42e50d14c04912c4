import type { Article } from "../types.js";

/** The text a chunk is indexed under: its article's headline with the chunk itself. */
export function indexText(doc: Pick<Article, "title" | "subtitle">, chunkText: string): string {
  return `${doc.title}\n${doc.subtitle ? `${doc.subtitle}\n` : ""}${chunkText}`;
}
