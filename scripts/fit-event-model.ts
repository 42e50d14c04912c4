/**
 * Fits which article reports an event a comparison names (data/event-model.json), reproducibly:
 *
 *   npx tsx scripts/fit-event-model.ts [--corpus F] [--queries F] [--index DIR] [--out FILE]
 *
 * Data: ChronoQA dev's multi-document questions that compare events in time, over the ChronoQA
 * passages (MIT); defaults under ../shared/corpora/. Only the "fit" half (src/eval/split.ts) is fit on;
 * the "holdout" half's figures are printed as the honest ones. The index is built in --index (default:
 * wnb-fit/chrono in the system's temporary folder) unless it is there already.
 *
 * For each event of a question (src/question/comparison.ts), the articles the event's own search finds
 * are the candidates, each by its best sentence (src/engine/compare.ts candidatesFor); the candidates
 * that are gold articles of the question are right. A conditional logit (src/fit/logistic.ts
 * fitRanker) learns to rank them (src/answer/event-match.ts EVENT_FEATURES).
 */
import { ANSWERABLE_FEATURES } from "../src/answer/features.js";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { EVENT_FEATURES, EVENT_MODEL, eventScore, neutralEventModel, type EventModel } from "../src/answer/event-match.js";
import { today } from "../src/models/fitted.js";
import { loadConfig } from "../src/config/env.js";
import { candidatesFor } from "../src/engine/compare.js";
import { Engine } from "../src/engine/engine.js";
import { chunkingFromConfig, ingest } from "../src/engine/ingest.js";
import { splitOf, type Split } from "../src/eval/split.js";
import { fitLogistic, fitRanker, type Group } from "../src/fit/logistic.js";
import { probability } from "../src/answer/model.js";
import { dataPath, PROJECT_ROOT, sharedCorpus } from "../src/paths.js";

const { values: args } = parseArgs({
  options: {
    corpus: { type: "string", default: sharedCorpus("chronoqa-corpus.jsonl") },
    queries: { type: "string", default: sharedCorpus("chronoqa-dev.jsonl") },
    index: { type: "string", default: join(tmpdir(), "wnb-fit", "chrono") },
    out: { type: "string", default: dataPath(EVENT_MODEL.file) },
  },
});

interface Question {
  id: string;
  q: string;
  date?: string;
  gold: string[];
  docs?: string;
}

/** One event's candidates: feature vectors, which are gold. */
interface Collected {
  split: Split;
  group: Group;
}

async function main(): Promise<void> {
  const started = Date.now();
  const cfg = loadConfig({ LOG_LEVEL: "warn" }, { dotenv: false });
  if (!existsSync(join(args.index!, "CURRENT"))) {
    process.stderr.write(`building the ChronoQA index in ${args.index} …\n`);
    await ingest(cfg, { inputs: [args.corpus!], indexDir: args.index!, chunking: chunkingFromConfig(cfg), prune: true });
  }
  const engine = await Engine.open(cfg, args.index!);
  const questions = readFileSync(args.queries!, "utf8")
    .split("\n")
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as Question)
    .filter((q) => q.docs === "multiple");
  const collected: Collected[] = [];
  /** Per event: its search's answerability features, as asked (with a gold article among the candidates) and with the question's gold articles left out. */
  const foundExamples: Array<{ split: Split; question: string; asked?: number[]; withoutGold: number[] }> = [];
  let done = 0;
  for (const question of questions) {
    const analysis = engine.analyse(question.q, question.date);
    const comparison = analysis.comparison;
    if (comparison) {
      const split = splitOf(question.id);
      for (const name of comparison.events) {
        const opts = question.date ? { date: question.date } : {};
        const found = await candidatesFor(engine.retriever, engine.evidence, name, comparison.bounds, opts, neutralEventModel());
        const right = found.all.map((c) => question.gold.includes(c.sentence.docId));
        if (found.all.length >= 2 && right.some(Boolean)) collected.push({ split, group: { xs: found.all.map((c) => c.features), right } });
        const without = await candidatesFor(
          engine.retriever,
          engine.evidence,
          name,
          comparison.bounds,
          { ...opts, exclude: new Set(question.gold) },
          neutralEventModel(),
        );
        foundExamples.push({ split, question: question.id, ...(right.some(Boolean) ? { asked: found.answerable } : {}), withoutGold: without.answerable });
      }
    }
    if (++done % 50 === 0) process.stderr.write(`  ${done}/${questions.length} questions\n`);
  }
  const fitGroups = collected.filter((c) => c.split === "fit").map((c) => c.group);
  const ranker = fitRanker(EVENT_FEATURES, fitGroups, { l2: 1e-2, iterations: 600 });
  const fitFound = foundExamples.filter((e) => e.split === "fit");
  const foundModel = fitLogistic(ANSWERABLE_FEATURES, [
    ...fitFound.filter((e) => e.asked).map((e) => ({ x: e.asked!, y: 1 as const })),
    ...fitFound.map((e) => ({ x: e.withoutGold, y: 0 as const })),
  ]);
  const least = leastPerQuestion(foundExamples, (x) => probability(foundModel, x));
  const found = foundThreshold(least.filter((l) => l.split === "fit"));
  const model: EventModel = {
    ranker,
    found: foundModel,
    thresholds: { found },
    provenance: {
      script: EVENT_MODEL.script,
      data: [`ChronoQA dev (MIT), multi-document comparison questions, over ${args.corpus!.replace(`${resolve(PROJECT_ROOT, "..")}/`, "../")}`],
      fitted: today(),
      figures: {
        events: { fit: fitGroups.length, holdout: collected.length - fitGroups.length },
        top1: { fit: top1(model0(ranker), collected, "fit"), holdout: top1(model0(ranker), collected, "holdout") },
        top1BySentenceScore: { fit: top1(bySentence, collected, "fit"), holdout: top1(bySentence, collected, "holdout") },
        answeredAtThreshold: {
          fit: answeredShare(least, "fit", found),
          holdout: answeredShare(least, "holdout", found),
          fitWithoutGold: answeredShare(least, "fit", found, true),
          holdoutWithoutGold: answeredShare(least, "holdout", found, true),
        },
      },
      settings: {
        split: "fit on the fit half of src/eval/split.ts",
        foundThreshold: `the lowest of 0.05, 0.10 … 0.95 at which at most ${WITHOUT_GOLD_ANSWERED} of the fit comparisons are answered with their gold articles left out`,
      },
      seconds: Math.round((Date.now() - started) / 1000),
    },
  };
  writeFileSync(args.out!, `${JSON.stringify(model, null, 1)}\n`);
  process.stderr.write(`${JSON.stringify(model.provenance)}\nwrote ${args.out}\n`);
}

/** The thresholds tried for "the news reports this event" (the answerability model's probability). */
const FOUND_STEPS = Array.from({ length: 19 }, (_, i) => Number((0.05 * (i + 1)).toFixed(2)));
/** Share of fit comparisons that may still be answered with their gold articles left out (other articles may report the same events). */
const WITHOUT_GOLD_ANSWERED = 0.2;

/** Per question, the least likely of its events to be reported: as asked, and with the gold articles left out. */
function leastPerQuestion(
  examples: Array<{ split: Split; question: string; asked?: number[]; withoutGold: number[] }>,
  p: (x: number[]) => number,
): Array<{ split: Split; asked: number; withoutGold: number }> {
  const byQuestion = new Map<string, { split: Split; asked: number; withoutGold: number }>();
  for (const e of examples) {
    const q = byQuestion.get(e.question) ?? { split: e.split, asked: 1, withoutGold: 1 };
    q.asked = Math.min(q.asked, e.asked ? p(e.asked) : 0);
    q.withoutGold = Math.min(q.withoutGold, p(e.withoutGold));
    byQuestion.set(e.question, q);
  }
  return [...byQuestion.values()];
}

function foundThreshold(least: Array<{ asked: number; withoutGold: number }>): number {
  for (const t of FOUND_STEPS) if (least.filter((l) => l.withoutGold >= t).length <= WITHOUT_GOLD_ANSWERED * least.length) return t;
  return FOUND_STEPS.at(-1)!;
}

function answeredShare(least: Array<{ split: Split; asked: number; withoutGold: number }>, split: Split, t: number, withoutGold = false): number {
  const mine = least.filter((l) => l.split === split);
  return Number((mine.filter((l) => (withoutGold ? l.withoutGold : l.asked) >= t).length / Math.max(1, mine.length)).toFixed(3));
}

const model0 =
  (ranker: EventModel["ranker"]) =>
  (x: number[]): number =>
    eventScore({ ...neutralEventModel(), ranker }, x);
const SCORE = EVENT_FEATURES.indexOf("sentenceScore");
const bySentence = (x: number[]): number => x[SCORE]!;

/** Share of events whose best-scored candidate is a gold article. */
function top1(score: (x: number[]) => number, collected: Collected[], split: Split): number {
  const groups = collected.filter((c) => c.split === split).map((c) => c.group);
  let right = 0;
  for (const g of groups) {
    let best = 0;
    g.xs.forEach((x, i) => {
      if (score(x) > score(g.xs[best]!)) best = i;
    });
    if (g.right[best]) right++;
  }
  return Number((right / Math.max(1, groups.length)).toFixed(3));
}

main().catch((err: unknown) => {
  process.stderr.write(`fit-event-model: ${(err as Error).message}\n`);
  process.exit(1);
});
