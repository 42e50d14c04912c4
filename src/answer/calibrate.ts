/**
 * Calibrates CONFIDENCE_THRESHOLD (confidence.ts) on data, not by hand, and NOT on seeds-dev.
 *
 *   npx tsx src/answer/calibrate.ts --index DIR --queries FILE [--limit N]
 *
 * FILE holds questions with gold documents and answers (ChronoQA dev: {"q","date","gold","answer"}),
 * DIR an index of their corpus. Each question is asked twice:
 * - answerable: normal retrieval, kept when a gold document is among the hits;
 * - unanswerable: the same question with every gold document, and every hit containing the gold
 *   answer, excluded from retrieval ("leave the answer out"), so the news cannot answer it.
 * The composer's confidence is recorded for both; the threshold printed is the one that minimises
 * wrong outcomes (false refusals + answers to unanswerable questions), with unanswered ties going
 * to the higher threshold (refusing is the safer error). Progress on stderr, result on stdout.
 */
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { loadConfig } from "../config/env.js";
import { Engine } from "../engine/engine.js";
import { composeAnswer } from "./compose.js";

interface Row {
  q: string;
  docs?: string;
  date?: string;
  gold?: string[];
  answer?: string;
}

export interface CalibrationResult {
  threshold: number;
  answerable: number;
  unanswerable: number;
  false_refusal_rate: number;
  false_answer_rate: number;
  answer_contains_gold: number;
}

export function bestThreshold(pos: number[], neg: number[]): { threshold: number; errors: number } {
  const candidates = [...new Set([...pos, ...neg, 0, 1].map((c) => Number(c.toFixed(3))))].sort((a, b) => a - b);
  let best = { threshold: 1, errors: Infinity };
  for (const t of candidates) {
    const errors = pos.filter((c) => c < t).length + neg.filter((c) => c >= t).length;
    if (errors <= best.errors) best = { threshold: t, errors };
  }
  return best;
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { index: { type: "string" }, queries: { type: "string" }, limit: { type: "string" } } });
  if (!values.index || !values.queries) throw new Error("usage: calibrate --index DIR --queries FILE [--limit N]");
  const engine = await Engine.open(loadConfig(), values.index);
  const rows = readFileSync(values.queries, "utf8")
    .split("\n")
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as Row)
    // One-document questions: comparisons across events (「哪个更早」) are not for an extractive composer.
    .filter((r) => !r.docs || r.docs === "single")
    .slice(0, Number(values.limit ?? 400));
  const pos: number[] = [];
  const neg: number[] = [];
  let containsGold = 0;
  for (const [i, r] of rows.entries()) {
    if (i % 50 === 0) process.stderr.write(`calibrate: ${i}/${rows.length}\n`);
    const gold = new Set(r.gold ?? []);
    const hits = await engine.search(r.q, { k: 6, ...(r.date ? { date: r.date } : {}) });
    if (hits.some((h) => gold.has(h.docId))) {
      const a = composeAnswer(r.q, r.q, hits, engine.evidence, { threshold: 0 });
      pos.push(a.found ? a.confidence : 0);
      if (a.found && r.answer && a.answer.replace(/\s/gu, "").includes(r.answer.replace(/\s/gu, ""))) containsGold++;
    }
    const exclude = new Set(gold);
    // Leave the answer out: also every retrieved passage that states the gold answer.
    for (let round = 0; round < 3; round++) {
      const more = await engine.search(r.q, { k: 6, exclude, ...(r.date ? { date: r.date } : {}) });
      const leak = more.filter((h) => r.answer && (engine.index.doc(h.docId)?.body ?? h.text).includes(r.answer));
      if (!leak.length) {
        const a = composeAnswer(r.q, r.q, more, engine.evidence, { threshold: 0 });
        neg.push(a.found ? a.confidence : 0);
        break;
      }
      leak.forEach((h) => exclude.add(h.docId));
    }
  }
  const { threshold } = bestThreshold(pos, neg);
  const out: CalibrationResult = {
    threshold,
    answerable: pos.length,
    unanswerable: neg.length,
    false_refusal_rate: Number((pos.filter((c) => c < threshold).length / Math.max(1, pos.length)).toFixed(3)),
    false_answer_rate: Number((neg.filter((c) => c >= threshold).length / Math.max(1, neg.length)).toFixed(3)),
    answer_contains_gold: Number((containsGold / Math.max(1, pos.length)).toFixed(3)),
  };
  const q = (xs: number[], p: number): number => [...xs].sort((a, b) => a - b)[Math.floor(p * (xs.length - 1))] ?? 0;
  process.stderr.write(
    `answerable confidence p10/p50/p90 ${q(pos, 0.1).toFixed(2)}/${q(pos, 0.5).toFixed(2)}/${q(pos, 0.9).toFixed(2)}; ` +
      `unanswerable ${q(neg, 0.1).toFixed(2)}/${q(neg, 0.5).toFixed(2)}/${q(neg, 0.9).toFixed(2)}\n`,
  );
  process.stdout.write(`${JSON.stringify(out)}\n`);
}

if (process.argv[1]?.endsWith("calibrate.ts")) {
  main().catch((e: unknown) => {
    process.stderr.write(`calibrate: ${(e as Error).message}\n`);
    process.exit(1);
  });
}
