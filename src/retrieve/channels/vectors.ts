/**
 * The vector channel: the question's vector against the chunks'. Exact scoring searches the whole
 * index when a scan is cheap (a newsroom's archive of some thousands of articles: it then finds articles
 * whose words are not the question's, the paraphrase set's evidence@5 0.036 → 0.179) and otherwise ranks
 * the articles the keyword channels found (a whole scan of crud-news's 68,798 articles costs 16 ms).
 *
 * When the embeddings endpoint fails (down, slow, garbage), the question is answered from the other
 * channels: a degraded answer beats none. Said once in the log, and again when it works again.
 */
import { weighsWords } from "../../embed/news.js";
import { log } from "../../log.js";
import { ops } from "../../ops/events.js";
import type { Channel, LabelScore } from "../fuse.js";
import { CHANNEL_POOL } from "../fusion-weights.js";
import type { LabelFilter, RetrievalIndex } from "../retrieval-index.js";

/**
 * A question word's weight in the question's vector, from this corpus: (idf / QUESTION_IDF_SCALE)², and 0
 * for a word no article holds. Measured on ChronoQA dev's fit half, vectors alone, recall_any@5: 0.832
 * with the embeddings' own weights, 0.838 dropping absent words, 0.840 with idf, 0.849 with idf².
 */
const QUESTION_IDF_SCALE = 5;

export interface VectorHits {
  /** The question's vector (the re-ranking reads its similarity to each chunk). */
  vector: number[];
  hits: LabelScore[];
}

export class VectorChannel {
  /** Whether the last question's embedding failed (the log says so once). */
  private down = false;

  constructor(private readonly index: RetrievalIndex) {}

  /** The channel for a question's text, among the keyword channels' candidates when the vector index prefers it. */
  async channel(
    text: string,
    allow: LabelFilter | undefined,
    keywordChannels: readonly Channel[],
    weight: number,
  ): Promise<{ vector: number[]; channel: Channel } | undefined> {
    const found = await this.search(text, allow, this.index.vectors.prefersCandidates ? this.documentsOf(keywordChannels) : undefined);
    return found && { vector: found.vector, channel: { name: "vector", weight, hits: found.hits } };
  }

  /** The nearest chunks to the question's text (only among the document keys `among` when given); undefined when embedding it failed. */
  async search(text: string, allow: LabelFilter | undefined, among?: Iterable<number>): Promise<VectorHits | undefined> {
    let vector: number[];
    try {
      vector = await this.queryVector(text);
    } catch (err) {
      if (!this.down) log.warn({ err: (err as Error).message }, "query embeddings failed; searching without the vector channel until they work again");
      ops.embeddingsFallback();
      this.down = true;
      return undefined;
    }
    if (this.down) log.info("query embeddings work again; vector channel back");
    this.down = false;
    return { vector, hits: this.index.vectors.searchLabels(vector, CHANNEL_POOL, allow, among) };
  }

  /** The document keys of every chunk the channels found. */
  private documentsOf(channels: readonly Channel[]): Set<number> {
    const among = new Set<number>();
    for (const ch of channels) for (const h of ch.hits) among.add(this.index.docKeyOf(h.label));
    return among;
  }

  /**
   * The question's vector. Embeddings that can weigh words (the offline news vectors) get each word
   * scaled by this corpus: a word no article holds cannot be what the articles are about.
   */
  private queryVector(text: string): Promise<number[]> {
    const embeddings = this.index.embeddings;
    if (weighsWords(embeddings)) {
      const weightOf = (word: string): number => (this.index.df(word) > 0 ? (this.index.idf(word) / QUESTION_IDF_SCALE) ** 2 : 0);
      return Promise.resolve(embeddings.embedWeighted(text, weightOf));
    }
    return embeddings.embedQuery(text);
  }
}
