/**
 * Optional LLM answers (LLM_BASE_URL + LLM_MODEL). The extractive answer is always composed first;
 * the model then writes an answer from the same numbered excerpts. It is shown only when it passes
 * checkAnswer(); on timeout, HTTP error, garbage, a refusal, or a failed check the extractive answer
 * is returned. Time is bounded: the rewrite gets LLM_TIMEOUT_MS/3, the answer LLM_TIMEOUT_MS, so an
 * ask never waits on the model more than 4/3 × LLM_TIMEOUT_MS in all.
 */
import type { Config } from "../config/env.js";
import type { Composed } from "../answer/compose.js";
import { highlightRanges } from "../answer/highlight.js";
import type { Source } from "../answer/types.js";
import type { QuestionAnalysis } from "../question/analyse.js";
import type { ConversationState } from "../conversation/state.js";
import { log } from "../log.js";
import { ops } from "../ops/events.js";
import type { SearchHit } from "../types.js";
import { checkAnswer, type CheckResult } from "./check.js";
import { ChatClient } from "./client.js";
import { answerMessages, rewriteMessages, type Excerpt } from "./prompt.js";

export interface LlmAnswerer {
  /** A standalone rewrite of a follow-up, or undefined to keep the offline one. */
  rewrite(question: string, state: ConversationState, offline: string): Promise<string | undefined>;
  /** The checked LLM answer, or the extractive one unchanged. */
  answer(extractive: Composed, hits: SearchHit[], q: QuestionAnalysis): Promise<Composed>;
}

const MAX_EXCERPTS = 6;

class OpenAiAnswerer implements LlmAnswerer {
  constructor(readonly client: ChatClient) {}

  async rewrite(question: string, state: ConversationState, _offline: string): Promise<string | undefined> {
    const history = state.turns.slice(-3).map((t) => ({ question: t.question, standalone: t.standalone }));
    try {
      const out = await this.client.complete(rewriteMessages(history, question), {
        timeoutMs: Math.max(100, Math.floor(this.client.opts.timeoutMs / 3)),
        maxTokens: 80,
      });
      const line = out
        .split("\n")[0]!
        .replace(/^(改写后的问题|问题)[：:]\s*/u, "")
        .trim();
      if (!line || line.length > 120 || /[[\]<>{}]/u.test(line) || !/\p{Script=Han}/u.test(line)) {
        ops.llm("rewrite", "rejected");
        return undefined;
      }
      ops.llm("rewrite", "ok");
      return line;
    } catch (e) {
      ops.llm("rewrite", "failed");
      log.warn({ err: (e as Error).message }, "LLM rewrite failed; using the offline rewrite");
      return undefined;
    }
  }

  async answer(extractive: Composed, hits: SearchHit[], q: QuestionAnalysis): Promise<Composed> {
    // The excerpts: what the extractive answer cites, then the best-ranked sentences of the other
    // articles (the same evidence ranking), else their best passages.
    const pool: Source[] = extractive.sources.map((s) => ({ ...s }));
    for (const h of hits) {
      if (pool.length >= MAX_EXCERPTS) break;
      if (pool.some((s) => s.id === h.docId)) continue;
      const ranked = (extractive.evidence ?? []).filter((e) => e.docId === h.docId).map((e) => e.text);
      const excerpt = ranked.length ? ranked.join("……") : h.text;
      const s: Source = {
        n: pool.length + 1,
        id: h.docId,
        chunkId: h.chunkId,
        title: h.title,
        byline: h.doc.byline,
        source: h.doc.source,
        excerpt,
        highlights: [],
      };
      if (h.doc.date) s.date = h.doc.date;
      if (h.doc.dateEstimated) s.dateEstimated = true;
      pool.push(s);
    }
    const excerpts: Excerpt[] = pool.map((s) => ({ n: s.n, title: s.title, text: s.excerpt, ...(s.date ? { date: s.date } : {}) }));
    let text: string;
    try {
      text = await this.client.complete(answerMessages(extractive.standalone, excerpts));
    } catch (e) {
      ops.llm("answer", "failed");
      log.warn({ err: (e as Error).message }, "LLM answer failed; showing the extractive answer");
      return extractive;
    }
    const check = safeCheck(text, excerpts, extractive.answer);
    if (!check.ok) {
      ops.llm("answer", "rejected");
      log.warn({ reason: check.reason }, "LLM answer rejected; showing the extractive answer");
      return extractive;
    }
    // Keep only the cited excerpts, renumbered in order of first citation.
    const order: number[] = [];
    for (const m of text.matchAll(/\[(\d{1,2})\]/gu)) if (!order.includes(Number(m[1]))) order.push(Number(m[1]));
    const renum = new Map(order.map((n, i) => [n, i + 1]));
    const terms = q.words.map((w) => w.word);
    const sources = order.map((n, i) => {
      const s = { ...pool[n - 1]!, n: i + 1 };
      s.highlights = highlightRanges(s.excerpt, terms);
      return s;
    });
    const answer = text.replace(/\[(\d{1,2})\]/gu, (_m, d: string) => `[${renum.get(Number(d))}]`);
    ops.llm("answer", "ok");
    return { ...extractive, answer, sources, llm: true };
  }
}

/** checkAnswer, with a failure of the check itself (a bug) counted as a rejection: the reader gets the offline answer, never an apology. */
function safeCheck(text: string, excerpts: Excerpt[], computed: string): CheckResult {
  try {
    return checkAnswer(text, excerpts, computed);
  } catch (err) {
    return { ok: false, refusal: false, reason: `the answer check failed (${(err as Error).message})` };
  }
}

export function llmFromConfig(c: Config): LlmAnswerer | undefined {
  if (!c.LLM_BASE_URL || !c.LLM_MODEL) return undefined;
  return new OpenAiAnswerer(
    new ChatClient({ baseUrl: c.LLM_BASE_URL, model: c.LLM_MODEL, timeoutMs: c.LLM_TIMEOUT_MS, ...(c.LLM_API_KEY ? { apiKey: c.LLM_API_KEY } : {}) }),
  );
}
