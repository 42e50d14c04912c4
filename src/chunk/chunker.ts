/**
 * Splits an article body into chunks of whole sentences, about `size` characters each, where each
 * chunk starts with the last sentences of the previous one (up to `overlap` characters) so that a
 * fact spanning a boundary is whole in at least one chunk. A sentence longer than `size` is cut
 * at clause marks (，、) and, failing that, at `size`.
 */
import type { Article, Chunk } from "../types.js";
import { sentenceSpans, type Span } from "./sentences.js";

export interface ChunkOptions {
  size: number;
  overlap: number;
}

export const DEFAULT_CHUNKING: ChunkOptions = { size: 220, overlap: 60 };

function splitLong(text: string, span: Span, size: number): Span[] {
  const out: Span[] = [];
  let start = span.start;
  while (span.end - start > size) {
    const window = text.slice(start, start + size);
    const cut = Math.max(window.lastIndexOf("，"), window.lastIndexOf("、"), window.lastIndexOf(","));
    const end = cut > size / 3 ? start + cut + 1 : start + size;
    out.push({ start, end });
    start = end;
  }
  if (span.end > start) out.push({ start, end: span.end });
  return out;
}

export function chunkSpans(body: string, opts: ChunkOptions = DEFAULT_CHUNKING): Span[] {
  const units = sentenceSpans(body).flatMap((s) => (s.end - s.start > opts.size ? splitLong(body, s, opts.size) : [s]));
  const chunks: Span[] = [];
  let i = 0;
  while (i < units.length) {
    const first = i;
    let end = units[i]!.end;
    i++;
    while (i < units.length && units[i]!.end - units[first]!.start <= opts.size) {
      end = units[i]!.end;
      i++;
    }
    chunks.push({ start: units[first]!.start, end });
    if (i >= units.length) break;
    // Step back over trailing sentences that fit in the overlap, but always make progress.
    let back = i;
    while (back - 1 > first && end - units[back - 1]!.start <= opts.overlap) back--;
    i = back;
  }
  return chunks;
}

export function chunkArticle(article: Pick<Article, "id" | "body">, opts: ChunkOptions = DEFAULT_CHUNKING): Chunk[] {
  return chunkSpans(article.body, opts).map((s, n) => ({
    chunkId: `${article.id}::${n}`,
    docId: article.id,
    n,
    start: s.start,
    end: s.end,
    text: article.body.slice(s.start, s.end),
  }));
}
