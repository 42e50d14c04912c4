/**
 * Answer metrics of shared/spec/quality.md over `ask` results: fact recall, negative rejection,
 * false refusals, follow-up conversations, and citation integrity.
 */
import type { ConversationState } from "../conversation/state.js";
import type { Engine } from "../engine/engine.js";
import type { QueryItem } from "../cli/queries.js";
import { percentile } from "./stats.js";

const squash = (s: string): string => s.replace(/\s+/gu, "");
const FIGURE = /\d+(?:\.\d+)?/g;

export interface AnswerMetrics {
  answered: number;
  fact_recall?: number;
  negative_rejection?: number;
  false_refusals: number;
  followups_correct?: number;
  citations_valid: number;
  ask_p95_ms: number;
  failures: Array<{ id: string; turn: number; why: string }>;
}

export async function evalAnswers(engine: Engine, items: QueryItem[]): Promise<AnswerMetrics> {
  let factItems = 0;
  let factShare = 0;
  let negatives = 0;
  let rejected = 0;
  let falseRefusals = 0;
  let convs = 0;
  let convsRight = 0;
  let answered = 0;
  let citedOk = 0;
  const times: number[] = [];
  const failures: AnswerMetrics["failures"] = [];
  // Latency is the steady state: one untimed question first loads the dictionaries and tagger.
  await engine.ask("预热");
  for (const item of items) {
    const type = String(item.raw.type ?? "");
    const topFacts = Array.isArray(item.raw.facts) ? item.raw.facts.map(String) : [];
    const isNegative = type === "negative";
    if (!isNegative && !topFacts.length && !item.turns.some((t) => t.facts?.length)) continue;
    let state: ConversationState | undefined;
    let convOk = true;
    for (const [turn, t] of item.turns.entries()) {
      const t0 = performance.now();
      const { result, state: next } = await engine.ask(t.q, { date: item.date, state });
      times.push(performance.now() - t0);
      state = next;
      answered++;
      const listed = new Set(result.sources.map((s) => s.n));
      const cited = [...result.answer.matchAll(/\[(\d+)\]/g)].map((m) => Number(m[1]));
      const citesOk = (!result.found || cited.length > 0) && cited.every((n) => listed.has(n));
      if (citesOk) citedOk++;
      else failures.push({ id: item.id, turn, why: "citation names no listed source" });
      if (isNegative) {
        negatives++;
        const excerpts = result.sources.map((s) => s.excerpt).join("\n");
        // Citation marks ([1]) are not figures.
        const invented = (result.answer.replace(/\[\d+\]/gu, "").match(FIGURE) ?? []).filter((f) => !excerpts.includes(f));
        if (!result.found && invented.length === 0) rejected++;
        else failures.push({ id: item.id, turn, why: result.found ? "answered a negative question" : `invented figure ${invented[0]}` });
        continue;
      }
      const facts = item.conversation ? (t.facts ?? []) : topFacts;
      if (!result.found) {
        falseRefusals++;
        failures.push({ id: item.id, turn, why: "refused a question that has an answer" });
      }
      if (facts.length) {
        const answer = squash(result.answer);
        const got = facts.filter((f) => answer.includes(squash(f))).length;
        factItems++;
        factShare += got / facts.length;
        if (got < facts.length) {
          convOk = false;
          failures.push({ id: item.id, turn, why: `missing facts: ${facts.filter((f) => !answer.includes(squash(f))).join(", ")}` });
        }
      }
    }
    if (item.conversation) {
      convs++;
      if (convOk) convsRight++;
    }
  }
  const r = (x: number, n: number): number => Number((n ? x / n : 0).toFixed(4));
  const out: AnswerMetrics = {
    answered,
    false_refusals: falseRefusals,
    citations_valid: r(citedOk, answered),
    ask_p95_ms: Number(percentile(times, 95).toFixed(2)),
    failures,
  };
  if (factItems) out.fact_recall = r(factShare, factItems);
  if (negatives) out.negative_rejection = r(rejected, negatives);
  if (convs) out.followups_correct = r(convsRight, convs);
  return out;
}
