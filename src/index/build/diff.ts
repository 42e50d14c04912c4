/**
 * The diff stage of a build: each article read from the inputs is compared with the index by its
 * content hash. An unchanged one costs nothing; a changed one's old version is removed; new and
 * changed ones go on to be analysed and embedded.
 */
import { createHash } from "node:crypto";
import { readArticles, type InputReport } from "../../ingest/sources.js";
import type { Article } from "../../types.js";
import type { NewsIndex } from "../news-index.js";

/** An article to (re)index, with its content hash. */
export interface ArticleToIndex {
  article: Article;
  hash: string;
}

/** What the diff found so far (read by progress reports while it runs). */
export interface DiffCounts {
  documents: number;
  added: number;
  changed: number;
  unchanged: number;
}

/** Content hash of everything about an article that ends up in the index. */
function articleHash(a: Article): string {
  return createHash("sha256")
    .update(
      JSON.stringify([
        a.title,
        a.subtitle ?? "",
        a.byline,
        a.date ?? "",
        a.column ?? "",
        a.source,
        a.url ?? "",
        a.body,
        ...(a.kind || a.photographers ? [a.kind ?? "", a.photographers ?? []] : []),
      ]),
    )
    .digest("hex")
    .slice(0, 24);
}

/**
 * Reads the inputs (into `report`), counting into `counts`, and hands each new or changed article
 * to `take` (awaited: it may hold reading back). Returns the ids of every article read.
 */
export async function diffInputs(
  inputs: string[],
  index: NewsIndex,
  report: InputReport,
  counts: DiffCounts,
  take: (item: ArticleToIndex) => Promise<void>,
  paper?: string,
): Promise<Set<string>> {
  const seen = new Set<string>();
  for await (const article of readArticles(inputs, report, paper ? { paper } : {})) {
    counts.documents++;
    seen.add(article.id);
    const hash = articleHash(article);
    const old = index.doc(article.id);
    if (old && old.hash === hash) {
      counts.unchanged++;
      continue;
    }
    if (old) {
      index.removeDoc(article.id);
      counts.changed++;
    } else {
      counts.added++;
    }
    await take({ article, hash });
  }
  return seen;
}
