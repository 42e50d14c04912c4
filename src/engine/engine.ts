/**
 * The engine: one object that answers questions over one index. The CLI, the terminal chat and the
 * Telegram bot are thin layers over it; it knows nothing about any of them.
 */
import type { Config } from "../config/env.js";
import { composeAnswer } from "../answer/compose.js";
import type { AnswerResult } from "../answer/types.js";
import { resolveFollowup } from "../conversation/followup.js";
import { emptyConversation, remember, type ConversationState } from "../conversation/state.js";
import { embeddingsFromConfig } from "../embed/factory.js";
import { NewsIndex } from "../index/news-index.js";
import { HybridRetriever, type SearchOptions } from "../retrieve/hybrid.js";
import { searchTokens } from "../text/tokenizer.js";
import type { SearchHit } from "../types.js";

export interface AskOptions {
  /** "Today" for relative dates (YYYY-MM-DD); defaults to the current date. */
  date?: string;
  /** The chat's conversation so far; omitted for a one-off question. */
  state?: ConversationState;
}

export interface AskOutcome {
  result: AnswerResult;
  state: ConversationState;
}

export class Engine {
  readonly retriever: HybridRetriever;

  private constructor(
    readonly index: NewsIndex,
    readonly config: Config,
  ) {
    this.retriever = new HybridRetriever(index);
  }

  static async open(config: Config, indexDir: string = config.VECTOR_DIR): Promise<Engine> {
    return new Engine(await NewsIndex.open(indexDir, embeddingsFromConfig(config)), config);
  }

  search(query: string, opts: SearchOptions = {}): Promise<SearchHit[]> {
    return this.retriever.search(query, opts);
  }

  async ask(question: string, opts: AskOptions = {}): Promise<AskOutcome> {
    const state = opts.state ?? emptyConversation();
    const { standalone, exclude } = resolveFollowup(question, state);
    const hits = await this.retriever.search(standalone, { k: 5, date: opts.date, exclude });
    const result = composeAnswer(question, standalone, hits);
    const next = remember(state, {
      question,
      standalone,
      found: result.found,
      docIds: result.sources.map((s) => s.id),
      entities: searchTokens(standalone),
      at: Date.now(),
    });
    return { result, state: next };
  }
}
