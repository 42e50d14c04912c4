/**
 * What the engine holds, as a reader-facing surface needs it (the bot, inline answers, pushes): the
 * catalogue of articles by source and date, example articles, and the passage behind a citation.
 * Surfaces never read the index themselves (src/index/ stays behind the engine).
 *
 * A citation is referred to by a SourceRef: the chunk's integer label in the index plus a short
 * check of its chunk id. It fits in Telegram's 64-byte callback data, survives restarts, and a
 * rebuilt index that moved the label is detected (the check fails), never misread.
 */
import { createHash } from "node:crypto";
import { headlineOf } from "../answer/source-name.js";
import { NewsIndex, type StoredDoc } from "../index/news-index.js";
import type { Chunk, DocMeta } from "../types.js";

export interface SourceRef {
  label: number;
  check: string;
}

/** An article as a surface shows it: its metadata, without the index's internals. */
export type ArticleView = Omit<DocMeta, "hash" | "origin">;

export interface CitedPassage {
  article: ArticleView;
  /** The full text of the article. */
  body: string;
  /** Where the cited chunk stands in the body. */
  start: number;
  end: number;
}

interface SourceSummary {
  source: string;
  count: number;
  /** The distinct dates of its articles, oldest first. */
  dates: string[];
  /** The dates some article of this source prints; the others are only estimated from the text. */
  printed: Set<string>;
  articles: ArticleView[];
}

export interface Catalog {
  documents: number;
  sources: SourceSummary[];
  dates: string[];
  printed: Set<string>;
}

export const refCheck = (chunkId: string): string => createHash("sha1").update(chunkId).digest("base64url").slice(0, 6);

function articleView(doc: StoredDoc | DocMeta): ArticleView {
  const { hash: _hash, origin: _origin, ...meta } = doc as DocMeta;
  // A StoredDoc's body is a getter of its class: the spread above leaves it out.
  return meta;
}

export class Library {
  constructor(private readonly index: () => NewsIndex) {}

  /** The reference of a cited chunk, or undefined when the index no longer has it. */
  refOf(docId: string, chunkId: string): SourceRef | undefined {
    const index = this.index();
    const label = index.labelsOf(docId).find((l) => index.chunk(l)?.chunkId === chunkId);
    return label === undefined ? undefined : { label, check: refCheck(chunkId) };
  }

  /** The reference of an article's first chunk. */
  firstRef(docId: string): SourceRef | undefined {
    const index = this.index();
    const label = index.labelsOf(docId)[0];
    const chunk = label === undefined ? undefined : index.chunk(label);
    return label === undefined || !chunk ? undefined : { label, check: refCheck(chunk.chunkId) };
  }

  /** The passage behind a reference, only if it is still the chunk the reference was made for. */
  source(ref: SourceRef): CitedPassage | undefined {
    const index = this.index();
    const chunk: Chunk | undefined = index.chunk(ref.label);
    const doc = index.docOfLabel(ref.label);
    if (!chunk || !doc || refCheck(chunk.chunkId) !== ref.check) return undefined;
    return { article: articleView(doc), body: doc.body, start: chunk.start, end: chunk.end };
  }

  /** An article by its id (deep links: /start a_<id>). */
  article(docId: string): { article: ArticleView; body: string } | undefined {
    const doc = this.index().doc(docId);
    return doc ? { article: articleView(doc), body: doc.body } : undefined;
  }

  /** How many live articles the index holds. */
  count(): number {
    return this.index().documentCount;
  }

  /** Every live article, in index order. */
  *articles(): Generator<ArticleView> {
    for (const d of this.index().liveDocs()) yield articleView(d);
  }

  /** Every live article by source, with their dates. */
  catalog(): Catalog {
    const index = this.index();
    const bySource = new Map<string, SourceSummary>();
    for (const d of index.liveDocs()) {
      const s = bySource.get(d.source) ?? { source: d.source, count: 0, dates: [], printed: new Set<string>(), articles: [] };
      s.count++;
      if (d.date && !s.dates.includes(d.date)) s.dates.push(d.date);
      if (d.date && !d.dateEstimated) s.printed.add(d.date);
      s.articles.push(articleView(d));
      bySource.set(d.source, s);
    }
    const sources = [...bySource.values()].sort((a, b) => a.source.localeCompare(b.source));
    for (const s of sources) s.dates.sort();
    const dates = [...new Set(sources.flatMap((s) => s.dates))].sort();
    const printed = new Set(sources.flatMap((s) => [...s.printed]));
    return { documents: index.documentCount, sources, dates, printed };
  }

  /** Example articles for a first question (those with a headline): the longest, one per source first. */
  examples(count = 3): ArticleView[] {
    const index = this.index();
    // an example question is asked by headline: articles without one (captions, untitled documents) are no examples
    const docs = [...index.liveDocs()].filter((d) => headlineOf(d) !== undefined && index.labelsOf(d.id).length > 0);
    docs.sort((a, b) => b.chars - a.chars || a.id.localeCompare(b.id));
    const picked: StoredDoc[] = [];
    const seen = new Set<string>();
    for (const d of docs) {
      if (picked.length >= count || seen.has(d.source)) continue;
      picked.push(d);
      seen.add(d.source);
    }
    for (const d of docs) if (picked.length < count && !picked.includes(d)) picked.push(d);
    return picked.map(articleView);
  }
}

/**
 * The library of an index folder opened for listing only (`articles`): no verification of every
 * file, no retrieval structures, so that listing a large index is quick.
 */
export async function openLibrary(dir: string, embeddings: Parameters<typeof NewsIndex.open>[1]): Promise<Library> {
  const index = await NewsIndex.open(dir, embeddings, { verify: false });
  return new Library(() => index);
}
