/**
 * The engine: one object that answers questions over one index. The CLI, the terminal chat and the
 * Telegram bot are thin layers over it; it knows nothing about any of them.
 *
 * ask(): clean the input → resolve the follow-up (offline; optionally the LLM) → analyse → the first
 * answer strategy that applies answers (src/engine/strategies.ts: comparison, timeline, anchored,
 * plain: retrieve and compose the extractive answer, then the LLM's when it passes the checks) →
 * the turn is remembered.
 */
import type { Config } from "../config/env.js";
import { resolveFollowup, type Resolved } from "../conversation/followup.js";
import { emptyConversation, type ConversationState } from "../conversation/state.js";
import { embeddingsFromConfig } from "../embed/factory.js";
import { NewsIndex } from "../index/news-index.js";
import { cleanQuestion } from "../input/question.js";
import { SMALL_TALK_REPLY, smallTalkOf } from "../input/small-talk.js";
import { llmFromConfig, type LlmAnswerer } from "../llm/answerer.js";
import type { QuestionAnalysis } from "../question/analyse.js";
import type { QuestionSearch } from "../retrieve/question-search.js";
import type { SearchOptions } from "../retrieve/retriever.js";
import type { SearchHit } from "../types.js";
import type { EvidenceContext } from "../answer/compose.js";
import type { AskContext } from "./ask-context.js";
import type { EngineAnswer } from "./cited-sources.js";
import { EngineEvents } from "./events.js";
import { Library } from "./library.js";
import { ANSWER_STRATEGIES } from "./strategies.js";
import { matchTopic, topicWords, type TopicDoc, type TopicMatch, type TopicWord } from "./topics.js";
import { rememberTurn, shownAnswer } from "./turn.js";
import { viewOf, type EngineView } from "./view.js";

export { ASK_K } from "./plain.js";
export type { EngineView } from "./view.js";

export interface AskOptions {
  /** "Today" for relative dates (YYYY-MM-DD); defaults to the current date. */
  date?: string;
  /** The chat's conversation so far; omitted for a one-off question. */
  state?: ConversationState;
  /** Documents to leave out of the search (evaluation: the gold articles). */
  exclude?: ReadonlySet<string>;
}

export interface AskOutcome {
  result: EngineAnswer;
  state: ConversationState;
}

/** The reply to input with no words in it (only emoji, punctuation or nothing). */
export const NOT_A_QUESTION = "我没看懂这个问题。请用文字问一个关于本地新闻的问题，例如：高新区有哪些新能源项目？";

export class Engine {
  /** The current view; replaced (never changed) by swap(). */
  private current: EngineView;
  /** What the index holds, for the surfaces: catalogue, examples, cited passages (they never read the index). */
  readonly library: Library;
  /** Reloads and articles added, for whoever listens (the bot's metrics, readiness and subscriptions). */
  readonly events = new EngineEvents();

  private constructor(
    index: NewsIndex,
    readonly config: Config,
    readonly llm: LlmAnswerer | undefined = llmFromConfig(config),
  ) {
    this.current = viewOf(index, config);
    this.library = new Library(() => this.current.index);
  }

  static async open(config: Config, indexDir: string = config.VECTOR_DIR): Promise<Engine> {
    return new Engine(await NewsIndex.open(indexDir, embeddingsFromConfig(config)), config);
  }

  /** The index answering now (a later swap() replaces it; a question in flight keeps its own). */
  get index(): NewsIndex {
    return this.current.index;
  }

  /** The question search of the current view: the engine's analyser with the retriever (src/fit and the fitting scripts search through it). */
  get retriever(): QuestionSearch {
    return this.current.search;
  }

  get evidence(): EvidenceContext {
    return this.current.evidence;
  }

  /** The current view, whole: index, analyser, search and evidence that belong together. */
  view(): EngineView {
    return this.current;
  }

  /**
   * Answers from `index` from now on: one reference change, so a question sees either the old
   * view or the new one, never a mix; questions already under way finish on the old one.
   */
  swap(index: NewsIndex): void {
    this.current = viewOf(index, this.config);
  }

  /** The one analysis of a question that every stage reads ("today" for relative dates). */
  analyse(question: string, date?: string): QuestionAnalysis {
    return this.current.analyser.analyse(question, date ? { today: date } : {});
  }

  /** The articles found for a question (the CLI's `search`): analysed here, then retrieved. */
  search(query: string, opts: SearchOptions = {}): Promise<SearchHit[]> {
    return this.current.search.retriever.search(this.analyse(query, opts.date), opts);
  }

  /** The words a followed topic is matched by (empty: the topic has nothing to look for). */
  topicWords(topic: string): TopicWord[] {
    const clean = cleanQuestion(topic, this.config.MAX_QUESTION_CHARS);
    return clean.kind === "ok" ? topicWords(this.analyse(clean.text)) : [];
  }

  /**
   * Which of `docIds` are about `topic` (a reader's subscription), each with the sentence that
   * matches best and its chunk (src/engine/topics.ts). Ids no longer in the index are skipped.
   */
  matches(topic: string, docIds: Iterable<string>): TopicMatch[] {
    const words = this.topicWords(topic);
    if (!words.length) return [];
    const index = this.index;
    const docs = function* (): Generator<TopicDoc> {
      for (const id of docIds) {
        const doc = index.doc(id);
        if (!doc) continue;
        const chunks = index.labelsOf(id).flatMap((l) => {
          const c = index.chunk(l);
          return c ? [{ chunkId: c.chunkId, start: c.start, end: c.end }] : [];
        });
        yield { doc, chunks };
      }
    };
    return matchTopic(words, docs());
  }

  /** The ids of the live articles (to tell which ones an update added). */
  liveIds(): Set<string> {
    const ids = new Set<string>();
    for (const d of this.index.liveDocs()) ids.add(d.id);
    return ids;
  }

  async ask(raw: string, opts: AskOptions = {}): Promise<AskOutcome> {
    // the view this question is answered from, to its end, whatever a reload swaps in meanwhile
    const view = this.current;
    const state = opts.state ?? emptyConversation();
    // Every surface cleans its input first; the engine does it again so that no caller can skip it.
    const clean = cleanQuestion(raw, this.config.MAX_QUESTION_CHARS);
    if (clean.kind !== "ok") return { result: { question: clean.text, standalone: clean.text, found: false, answer: NOT_A_QUESTION, sources: [] }, state };
    const question = clean.text;
    const chat = smallTalkOf(question);
    // a greeting or thanks is no question: a friendly line, no search, the conversation unchanged
    if (chat) return { result: { question, standalone: question, found: false, answer: SMALL_TALK_REPLY[chat], sources: [], smallTalk: chat }, state };
    const ctx = await this.askContext(view, question, state, opts);
    for (const strategy of ANSWER_STRATEGIES) {
      if (!strategy.applies(ctx.analysis)) continue;
      const composed = await strategy.answer(ctx);
      if (!composed) continue;
      const turn = { question, standalone: ctx.standalone, kind: ctx.kind, analysis: ctx.analysis };
      return { result: shownAnswer(composed, ctx.kind, (id) => view.index.doc(id)), state: rememberTurn(state, composed, turn) };
    }
    throw new Error("no answer strategy answered (the plain one always does)");
  }

  /** The question resolved against the conversation (rewritten by the LLM when one is configured) and analysed. */
  private async askContext(view: EngineView, question: string, state: ConversationState, opts: AskOptions): Promise<AskContext> {
    const analyse = (text: string): QuestionAnalysis => view.analyser.analyse(text, opts.date ? { today: opts.date } : {});
    const asked = analyse(question);
    let resolved: Resolved = resolveFollowup(asked, state, { docText: (id) => view.index.doc(id)?.body, termsOf: (text) => analyse(text).terms });
    if (this.llm && resolved.kind !== "new" && resolved.kind !== "more") {
      const rewritten = await this.llm.rewrite(question, state, resolved.standalone);
      if (rewritten) resolved = { ...resolved, standalone: rewritten };
    }
    const { standalone, kind } = resolved;
    const analysis = kind === "new" || standalone.replace(/[？?！!。.\s]+$/u, "") === asked.text ? asked : analyse(standalone);
    const exclude = opts.exclude?.size ? new Set([...resolved.exclude, ...opts.exclude]) : resolved.exclude;
    return { question, standalone, kind, asked, analysis, resolved, exclude, date: opts.date, search: view.search, evidence: view.evidence, llm: this.llm };
  }
}
