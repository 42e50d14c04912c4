/**
 * The engine: one object that answers questions over one index. The CLI, the terminal chat and the
 * Telegram bot are thin layers over it; it knows nothing about any of them.
 *
 * ask(): resolve the follow-up (offline; optionally the LLM) → retrieve → compose the extractive
 * answer (offline, always) → when an LLM is configured, let it write the answer from the same
 * numbered excerpts and show it only if it passes the checks; otherwise the extractive answer.
 */
import type { Config } from "../config/env.js";
import { cleanQuestion } from "../input/question.js";
import { composeAnswer, type Composed, type EvidenceContext } from "../answer/compose.js";
import { answerAnchored } from "./anchor.js";
import { answerComparison } from "./compare.js";
import { answerTimeline } from "./timeline.js";
import { withArticleFacts, type EngineAnswer } from "./cited-sources.js";
import { answerableDate } from "./answer-dates.js";
import { describeTurn, resolveFollowup, type Resolved } from "../conversation/followup.js";
import { SMALL_TALK_REPLY, smallTalkOf } from "../input/small-talk.js";
type ResolvedKind = ReturnType<typeof resolveFollowup>["kind"];
import type { QuestionAnalysis } from "../question/analyse.js";
import { emptyConversation, remember, type ConversationState } from "../conversation/state.js";
import { embeddingsFromConfig } from "../embed/factory.js";
import { NewsIndex } from "../index/news-index.js";
import { llmFromConfig, type LlmAnswerer } from "../llm/answerer.js";
import { HybridRetriever, type SearchOptions } from "../retrieve/hybrid.js";
import { Library } from "./library.js";
import { EngineEvents } from "./events.js";
import { matchTopic, topicWords, type TopicDoc, type TopicMatch, type TopicWord } from "./topics.js";
import type { SearchHit } from "../types.js";

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

/**
 * The analysis a search reads for a question that leans on the conversation: its own terms, and the
 * previous question's at the context weight (data/conversation-model.json) — the context enters the
 * search as weighted words, not as text spliced into the question.
 */
function withContext(analysis: QuestionAnalysis, context: Resolved["context"]): QuestionAnalysis {
  if (!context || context.weight <= 0) return analysis;
  const own = new Set(analysis.terms.map((t) => t.term));
  const added = context.terms.filter((t) => !own.has(t.term)).map((t) => ({ ...t, weight: t.weight * context.weight }));
  return added.length ? { ...analysis, terms: [...analysis.terms, ...added] } : analysis;
}

/** Share of the refusal threshold a follow-up answered from the articles just shown must reach. */
const FOLLOWUP_PRIOR = 0.5;

/** Articles read per question (the composer reads each one whole). */
export const ASK_K = 6;

/**
 * What answers a question: one loaded index with the retriever and evidence over it. The engine
 * holds one at a time and replaces it whole when a new index generation is loaded (reload.ts);
 * each question reads the view that was current when it started, to its end.
 */
export interface EngineView {
  readonly index: NewsIndex;
  readonly retriever: HybridRetriever;
  readonly evidence: EvidenceContext;
}

function viewOf(index: NewsIndex): EngineView {
  const retriever = new HybridRetriever(index);
  return {
    index,
    retriever,
    evidence: {
      body: (id) => index.doc(id)?.body,
      df: (w) => index.bm25.df(w),
      // an estimated month or year is no day to read 「昨天」 against (src/engine/answer-dates.ts)
      documentDate: (id) => answerableDate(retriever.documentDate(id), index.doc(id)),
    },
  };
}

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
    this.current = viewOf(index);
    this.library = new Library(() => this.current.index);
  }

  /** The index answering now (a later swap() replaces it; a question in flight keeps its own). */
  get index(): NewsIndex {
    return this.current.index;
  }

  get retriever(): HybridRetriever {
    return this.current.retriever;
  }

  get evidence(): EvidenceContext {
    return this.current.evidence;
  }

  /** The current view, whole: index, retriever and evidence that belong together. */
  view(): EngineView {
    return this.current;
  }

  /**
   * Answers from `index` from now on: one reference change, so a question sees either the old
   * view or the new one, never a mix; questions already under way finish on the old one.
   */
  swap(index: NewsIndex): void {
    this.current = viewOf(index);
  }

  static async open(config: Config, indexDir: string = config.VECTOR_DIR): Promise<Engine> {
    return new Engine(await NewsIndex.open(indexDir, embeddingsFromConfig(config)), config);
  }

  search(query: string, opts: SearchOptions = {}): Promise<SearchHit[]> {
    return this.retriever.search(query, opts);
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

  /** The one analysis of a question that every stage reads ("today" for relative dates). */
  analyse(question: string, date?: string): QuestionAnalysis {
    return this.retriever.analyze(question, date);
  }

  async ask(raw: string, opts: AskOptions = {}): Promise<AskOutcome> {
    // the index this question is answered from, to its end, whatever a reload swaps in meanwhile
    const { index, retriever, evidence } = this.current;
    const analyse = (text: string): QuestionAnalysis => retriever.analyze(text, opts.date);
    const state = opts.state ?? emptyConversation();
    // Every surface cleans its input first; the engine does it again so that no caller can skip it.
    const clean = cleanQuestion(raw, this.config.MAX_QUESTION_CHARS);
    if (clean.kind !== "ok") {
      return { result: { question: clean.text, standalone: clean.text, found: false, answer: NOT_A_QUESTION, sources: [] }, state };
    }
    const question = clean.text;
    const chat = smallTalkOf(question);
    // a greeting or thanks is no question: a friendly line, no search, the conversation unchanged
    if (chat) return { result: { question, standalone: question, found: false, answer: SMALL_TALK_REPLY[chat], sources: [], smallTalk: chat }, state };
    const asked = analyse(question);
    let resolved = resolveFollowup(asked, state, { docText: (id) => index.doc(id)?.body, termsOf: (text) => analyse(text).terms });
    if (this.llm && resolved.kind !== "new" && resolved.kind !== "more") {
      const rewritten = await this.llm.rewrite(question, state, resolved.standalone);
      if (rewritten) resolved = { ...resolved, standalone: rewritten };
    }
    const { standalone, kind } = resolved;
    const analysis = kind === "new" || standalone.replace(/[？?！!。.\s]+$/u, "") === asked.text ? asked : analyse(standalone);
    const exclude = opts.exclude?.size ? new Set([...resolved.exclude, ...opts.exclude]) : resolved.exclude;
    if (analysis.comparison) {
      const composed = await answerComparison(retriever, evidence, analysis, analysis.comparison, question, standalone, { ...(opts.date ? { date: opts.date } : {}), exclude });
      return this.finish(composed, state, { question, standalone, kind, analysis }, index);
    }
    if (analysis.timeline) {
      const composed = await answerTimeline(retriever, evidence, analysis, analysis.timeline, question, standalone, { ...(opts.date ? { date: opts.date } : {}), exclude });
      return this.finish(composed, state, { question, standalone, kind, analysis }, index);
    }
    if (analysis.anchor) {
      const composed = await answerAnchored(retriever, evidence, analysis, analysis.anchor, question, standalone, { k: ASK_K, ...(opts.date ? { date: opts.date } : {}), exclude });
      if (composed) return this.finish(composed, state, { question, standalone, kind, analysis }, index);
    }
    let hits = await retriever.search(withContext(analysis, resolved.context), { k: ASK_K, date: opts.date, exclude, ...(resolved.prefer ? { prefer: resolved.prefer } : {}) });
    if (resolved.focusDoc) {
      const i = hits.findIndex((h) => h.docId === resolved.focusDoc);
      if (i > 0) hits = [hits[i]!, ...hits.slice(0, i), ...hits.slice(i + 1)];
      if (i >= 0) hits = hits.slice(0, 1);
    }
    const compose = (from: SearchHit[], thresholdScale = 1): Composed =>
      composeAnswer(analysis, question, standalone, from, evidence, { thresholdScale, ...(resolved.continueAfter ? { continueAfter: resolved.continueAfter } : {}) });
    // A follow-up about what was just shown (他…, 它…, a question without a subject) is answered from
    // the articles the previous answer cited when they answer it; otherwise from everything found.
    // The conversation has already shown those articles to be about its subject, so the evidence
    // they need is less than a question out of the blue needs (FOLLOWUP_PRIOR of the refusal
    // threshold: a product decision, not fit — no follow-up data exists to fit it on).
    const previous = resolved.prefer && (kind === "pronoun" || kind === "topic") ? hits.filter((h) => resolved.prefer!.has(h.docId)) : [];
    let composed = previous.length ? compose(previous, FOLLOWUP_PRIOR) : compose(hits);
    if (previous.length && !composed.found) composed = compose(hits);
    if (this.llm && composed.found) composed = await this.llm.answer(composed, hits, analysis);
    return this.finish(composed, state, { question, standalone, kind, analysis }, index);
  }

  /** Remembers the turn in the conversation and returns what the caller shows. */
  private finish(composed: Composed, state: ConversationState, turn: { question: string; standalone: string; kind: ResolvedKind; analysis: QuestionAnalysis }, index: NewsIndex): AskOutcome {
    const { question, standalone, kind, analysis } = turn;
    const prev = state.turns.at(-1);
    const docIds = composed.sources.map((s) => s.id);
    const next = remember(state, {
      question,
      standalone,
      found: composed.found,
      docIds,
      at: Date.now(),
      kind,
      ...describeTurn(
        analysis,
        {
          ...(composed.person ? { person: composed.person } : {}),
          ...(composed.thing ? { thing: composed.thing } : {}),
          ...(composed.span && composed.spanKind ? { span: { text: composed.span, kind: composed.spanKind } } : {}),
          // what a list answer enumerated (「它们」 means them); an answer's sources are no list
          ...(composed.listed ? { items: composed.items } : {}),
        },
        prev,
        kind,
      ),
      ...(composed.items.length ? { items: composed.items } : kind === "more" && prev?.items ? { items: prev.items } : {}),
      shown: [...new Set([...(kind === "more" ? (prev?.shown ?? prev?.docIds ?? []) : []), ...docIds])],
      ...(composed.quoted?.length ? { quoted: composed.quoted } : {}),
    });
    const { type: _t, items: _i, person: _p, thing: _th, evidence: _e, quoted: _q, spanKind: _k, listed: _l, ...answer } = composed;
    // what naming each source needs besides the answer's own fields: is it a caption, who took the photo
    const result: EngineAnswer = { ...answer, sources: answer.sources.map((s) => withArticleFacts(s, index.doc(s.id))), ...(kind === "more" ? { continues: true } : {}) };
    return { result, state: next };
  }
}
