/**
 * What the stages tell the operator: tiny functions the engine, the retriever, the LLM client and
 * the bot call, with no dependency on how they are counted. src/ops/metrics.ts installs a sink that
 * turns them into Prometheus metrics; without it (the CLI, most tests) they only feed the per-update
 * record. Labels are fixed words: never a question's text, a user id or a chat id.
 *
 * The per-update record (AsyncLocalStorage): the bot opens one for each update
 * (src/bot/middleware/update-log.ts); stages that run inside it add their timings and the outcome,
 * and the bot logs one JSON line per update from it.
 */
import { AsyncLocalStorage } from "node:async_hooks";

export type QuestionOutcome = "answered" | "refused" | "error";
export type Stage = "retrieval" | "answer" | "send";
export type LlmCall = "rewrite" | "answer";
/** ok: its text was used; failed: the call failed (timeout, HTTP error); rejected: the checks refused it. */
export type LlmResult = "ok" | "failed" | "rejected";
export type RedisUser = "sessions" | "limits";
export type LimitKind = "question" | "button" | "inline" | "group";
/** An update's outcome in its log line. */
export type UpdateOutcome = QuestionOutcome | "ignored" | "rate-limited" | "button" | "command" | "replied" | "inline" | "member";

export interface OpsSink {
  question(outcome: QuestionOutcome): void;
  stage(stage: Stage, seconds: number): void;
  llm(call: LlmCall, result: LlmResult): void;
  embeddingsFallback(): void;
  redisDegraded(user: RedisUser, degraded: boolean): void;
  rateLimited(kind: LimitKind): void;
  rescan(outcome: string): void;
  reload(outcome: string, seconds: number): void;
  update(outcome: UpdateOutcome): void;
}

const noop: OpsSink = {
  question: () => undefined,
  stage: () => undefined,
  llm: () => undefined,
  embeddingsFallback: () => undefined,
  redisDegraded: () => undefined,
  rateLimited: () => undefined,
  rescan: () => undefined,
  reload: () => undefined,
  update: () => undefined,
};

let sink: OpsSink = noop;

/** Installs where the events go (src/ops/metrics.ts does, once). */
export function setOpsSink(s: OpsSink): void {
  sink = s;
}

export interface UpdateRecord {
  outcome?: UpdateOutcome;
  retrievalMs: number;
  answerMs: number;
  sendMs: number;
  /** The bot sent or edited something for this update (sendChatAction does not count). */
  replied: boolean;
}

const current = new AsyncLocalStorage<UpdateRecord>();

export function newUpdateRecord(): UpdateRecord {
  return { retrievalMs: 0, answerMs: 0, sendMs: 0, replied: false };
}

/** Runs `fn` with `rec` as the current update's record (the stages it calls write into it). */
export function inUpdate<T>(rec: UpdateRecord, fn: () => Promise<T>): Promise<T> {
  return current.run(rec, fn);
}

export function currentUpdate(): UpdateRecord | undefined {
  return current.getStore();
}

/** Says how the current update ended (the last one said wins: an error after an answer is an error). */
export function updateOutcome(outcome: UpdateOutcome): void {
  const rec = current.getStore();
  if (rec) rec.outcome = outcome;
}

export const ops = {
  question(outcome: QuestionOutcome): void {
    sink.question(outcome);
    updateOutcome(outcome);
  },
  /** A stage's time; added to the current update's timings too. */
  stage(stage: Stage, ms: number): void {
    sink.stage(stage, ms / 1000);
    const rec = current.getStore();
    if (rec) rec[`${stage}Ms`] += ms;
  },
  llm(call: LlmCall, result: LlmResult): void {
    sink.llm(call, result);
  },
  embeddingsFallback(): void {
    sink.embeddingsFallback();
  },
  redisDegraded(user: RedisUser, degraded: boolean): void {
    sink.redisDegraded(user, degraded);
  },
  rateLimited(kind: LimitKind): void {
    sink.rateLimited(kind);
    updateOutcome("rate-limited");
  },
  rescan(outcome: string): void {
    sink.rescan(outcome);
  },
  /** A switch to an index generation another process made live (src/engine/reload.ts): reloaded or failed, and its time. */
  reload(outcome: string, seconds: number): void {
    sink.reload(outcome, seconds);
  },
  update(outcome: UpdateOutcome): void {
    sink.update(outcome);
  },
};
