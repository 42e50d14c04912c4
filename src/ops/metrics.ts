/**
 * The process's Prometheus metrics (prom-client), fed by the events of src/ops/events.ts. Importing
 * this module installs the sink; nothing else in the product imports prom-client. Served on
 * /metrics by src/ops/health.ts. Labels are fixed words (outcome, stage, call, result, user, kind):
 * never a question's text, a user id or a chat id.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";
import { setOpsSink, type OpsSink } from "./events.js";

const registry = new Registry();
collectDefaultMetrics({ register: registry });

// Latencies from 5 ms to 30 s: retrieval is milliseconds, an LLM answer or a slow send seconds.
const BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

const questions = new Counter({
  name: "newsbot_questions_total",
  help: "Questions by outcome: answered (from the articles), refused (nothing in the news answers it), error (the engine failed)",
  labelNames: ["outcome"],
  registers: [registry],
});
const updates = new Counter({ name: "newsbot_updates_total", help: "Telegram updates handled, by outcome", labelNames: ["outcome"], registers: [registry] });
const stages = new Histogram({
  name: "newsbot_stage_duration_seconds",
  help: "Time per question in each stage: retrieval (searching the index), answer (the rest of answering: analysis, composing, LLM), send (sending the answer to Telegram)",
  labelNames: ["stage"],
  buckets: BUCKETS,
  registers: [registry],
});
const llmCalls = new Counter({
  name: "newsbot_llm_calls_total",
  help: "LLM calls by call (rewrite, answer) and result (ok, failed, rejected)",
  labelNames: ["call", "result"],
  registers: [registry],
});
const llmFallbacks = new Counter({
  name: "newsbot_llm_fallbacks_total",
  help: "LLM calls whose result was not used (failed or rejected): the offline rewrite or the extractive answer was used instead",
  labelNames: ["call"],
  registers: [registry],
});
const embeddingsFallbacks = new Counter({
  name: "newsbot_embeddings_fallbacks_total",
  help: "Searches that ran without the vector channel because the query embeddings failed",
  registers: [registry],
});
const redisDegraded = new Gauge({
  name: "newsbot_redis_degraded",
  help: "1 while Redis is unavailable to this user (sessions: kept in memory; limits: counted in memory), else 0",
  labelNames: ["user"],
  registers: [registry],
});
const redisDegradations = new Counter({
  name: "newsbot_redis_degradations_total",
  help: "Times a Redis user went degraded",
  labelNames: ["user"],
  registers: [registry],
});
const rateLimited = new Counter({
  name: "newsbot_rate_limited_total",
  help: "Updates refused by a rate limit, by limit (question, button, inline, group)",
  labelNames: ["kind"],
  registers: [registry],
});
const rescans = new Counter({
  name: "newsbot_rescans_total",
  help: "Checks of SEEDS_DIR by result (unchanged, updated, settling, busy, failed)",
  labelNames: ["outcome"],
  registers: [registry],
});

const reloads = new Counter({
  name: "newsbot_index_reloads_total",
  help: "Switches to an index generation another process made live, by result (reloaded, failed: the old index keeps serving)",
  labelNames: ["outcome"],
  registers: [registry],
});
const reloadSeconds = new Histogram({
  name: "newsbot_index_reload_seconds",
  help: "Time from noticing a new index generation to answering from it (or giving up)",
  buckets: [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120],
  registers: [registry],
});

let documents: (() => number) | undefined;
new Gauge({
  name: "newsbot_index_documents",
  help: "Articles in the index being served",
  registers: [registry],
  collect() {
    if (documents) this.set(documents());
  },
});

/** Where newsbot_index_documents reads its number (the engine's library, set by the bot at start). */
export function setDocumentsSource(fn: () => number): void {
  documents = fn;
}

for (const user of ["sessions", "limits"]) redisDegraded.set({ user }, 0);

const sink: OpsSink = {
  question: (outcome) => questions.inc({ outcome }),
  stage: (stage, seconds) => stages.observe({ stage }, seconds),
  llm: (call, result) => {
    llmCalls.inc({ call, result });
    if (result !== "ok") llmFallbacks.inc({ call });
  },
  embeddingsFallback: () => embeddingsFallbacks.inc(),
  redisDegraded: (user, degraded) => {
    redisDegraded.set({ user }, degraded ? 1 : 0);
    if (degraded) redisDegradations.inc({ user });
  },
  rateLimited: (kind) => rateLimited.inc({ kind }),
  rescan: (outcome) => rescans.inc({ outcome }),
  reload: (outcome, seconds) => {
    reloads.inc({ outcome });
    reloadSeconds.observe(seconds);
  },
  update: (outcome) => updates.inc({ outcome }),
};
setOpsSink(sink);

/** The metrics in the Prometheus text format, and its content type. */
export async function metricsText(): Promise<{ body: string; contentType: string }> {
  return { body: await registry.metrics(), contentType: registry.contentType };
}
