/**
 * Domain types shared by every stage of the pipeline:
 * pages → articles → chunks → embeddings → index → retrieval → answer.
 */

/** One news item: an article found on a newspaper page, or one JSON Lines document. */
export interface Article {
  /** Stable document id: the JSONL `id`, or `<page file stem>#<position>` for page articles. */
  id: string;
  title: string;
  /** Sub-headline (引题/副题) where the page has one. */
  subtitle?: string;
  /** Human-readable byline, e.g. "记者 朱梦琪" or "钱垒 摄". Empty when unknown. */
  byline: string;
  /** Names of the reporters / photographers in the byline. */
  reporters: string[];
  /** Source file name (basename) or the JSONL `source` field. */
  source: string;
  /** Position of the article on its page (0-based), or its line number in a JSONL file. */
  position: number;
  /** Publication date YYYY-MM-DD when known. */
  date?: string;
  /** True when `date` is not printed but estimated from what the page says (「昨天上午」, the latest date it names). */
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
  title: string;
  text: string;
  doc: DocMeta;
  chunk: Chunk;
}
