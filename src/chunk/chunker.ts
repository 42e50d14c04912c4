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

const DEFAULT_CHUNKING: ChunkOptions = { size: 220, overlap: 60 };

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

/**
 * The chunking of a body as units (sentences, long ones cut) and, for each chunk, the range of
 * units it spans [first, last). Ingest tokenises each unit once and sums units into chunks, so the
 * overlap is not tokenised twice.
 */
export function chunkPlan(body: string, opts: ChunkOptions = DEFAULT_CHUNKING): { units: Span[]; chunks: Array<[number, number]> } {
  const units = sentenceSpans(body).flatMap((s) => (s.end - s.start > opts.size ? splitLong(body, s, opts.size) : [s]));
  const chunks: Array<[number, number]> = [];
  let i = 0;
  while (i < units.length) {
    const first = i;
    i++;
    while (i < units.length && units[i]!.end - units[first]!.start <= opts.size) i++;
    chunks.push([first, i]);
    if (i >= units.length) break;
    // Step back over trailing sentences that fit in the overlap, but always make progress.
    const end = units[i - 1]!.end;
    let back = i;
    while (back - 1 > first && end - units[back - 1]!.start <= opts.overlap) back--;
    i = back;
  }
  return { units, chunks };
}

export function chunkSpans(body: string, opts: ChunkOptions = DEFAULT_CHUNKING): Span[] {
  const { units, chunks } = chunkPlan(body, opts);
  return chunks.map(([a, b]) => ({ start: units[a]!.start, end: units[b - 1]!.end }));
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
