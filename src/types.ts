/**
 * Domain types shared by every stage of the pipeline:
 * pages → articles → chunks → embeddings → index → retrieval → answer.
 */

export type ArticleKind = "caption";

/** One news item: an article found on a newspaper page, or one JSON Lines document. */
export interface Article {
  /** Stable document id: the JSONL `id`, or `<page file stem>#<position>` for page articles. */
  id: string;
  /**
   * The headline the article really has: its page headline, the JSON Lines `title`, or a 「原标题：…」
   * the text gives (src/ingest/title.ts). Empty when it has none: never made up from the body.
   */
  title: string;
  /** "caption": a photo caption standing on its own on a page, cited as 「图片说明」 (no headline, no byline). */
  kind?: ArticleKind;
  /** Sub-headline (引题/副题) where the page has one. */
  subtitle?: string;
  /** Human-readable byline of who wrote it, e.g. "记者 朱梦琪". Empty when unknown. */
  byline: string;
  /** Names of the reporters in the byline. */
  reporters: string[];
  /** Who took its photo (「钱垒 摄」 → ["钱垒"]), when a photo credit goes with it. */
  photographers?: string[];
  /**
   * The paper or agency it comes from: the JSON Lines `source`, else the PAPER_NAME setting, else the
   * name of the file it was read from (which readers are never shown: src/answer/source-name.ts).
   */
  source: string;
  /** Position of the article on its page (0-based), or its line number in a JSONL file. */
  position: number;
  /**
   * Publication date when known: YYYY-MM-DD, or YYYY-MM when only the month can be told (an estimated
   * date: a page whose text names its season and year but no day).
   */
  date?: string;
  /** True when `date` is not printed but estimated from what the page says (「昨天上午」, the latest date it names, its season). */
  dateEstimated?: boolean;
  /** Column label (栏目), e.g. "重点项目进行时", kept as metadata. */
  column?: string;
  url?: string;
  /** Absolute path of the input file the article was read from (what `ingest --prune` is scoped by). */
  origin?: string;
  /** The article text, paragraphs separated by "\n". */
  body: string;
}

/** A retrievable piece of an article, with the article's metadata and its offsets in `body`. */
export interface Chunk {
  /** `<docId>::<n>` */
  chunkId: string;
  docId: string;
  /** 0-based index of the chunk within its article. */
  n: number;
  /** Character offsets of `text` in the article body: body.slice(start, end) === text. */
  start: number;
  end: number;
  text: string;
}

/** Article metadata stored in the index (everything but the body is cheap to keep in memory). */
export type DocMeta = Omit<Article, "body"> & { chars: number; hash: string };

/** One retrieval hit: a document, represented by its best chunk. */
export interface SearchHit {
  docId: string;
  chunkId: string;
  score: number;
  /** The article's headline; empty when it has none (see Article.title). */
  title: string;
  text: string;
  doc: DocMeta;
  chunk: Chunk;
}
