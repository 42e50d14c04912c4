/**
 * Fits how long the quote of a reply without a lead may be (data/reply-shape.json), reproducibly:
 *
 *   npx tsx scripts/fit-reply-shape.ts [--chrono-corpus F] [--chrono-queries F] [--crud-corpus F]
 *       [--crud-queries F] [--work DIR] [--out FILE]
 *
 * Data: ChronoQA dev's single-document questions over its corpus (MIT) and crud-qa-dev over crud-news
 * (CRUD-RAG, Apache-2.0) — only their fit halves (src/eval/split.ts, by conversation) choose; the
 * held-back halves are measured with the choice and reported.
 *
 * Each pair of bounds (src/answer/clause.ts: a clause shorter than `min` is read with its neighbour,
 * one longer than `max` is cut) is tried through the whole engine, as `eval` asks. Kept: the pair
 * whose replies hold the gold answer for the most fit-half questions while the median reply stays
 * within the phone-screen lengths of shared/spec/quality.md (70 characters on ChronoQA, 100 on CRUD,
 * with a 5 % margin on the fit half for the held-back one);
 * of pairs within one question of the best, the shortest (a longer quote must earn its length).
 */
import { writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import type { ClauseBounds } from "../src/answer/clause.js";
import { REPLY_SHAPE, type ReplyShape } from "../src/answer/reply-shape.js";
import { readQueries, type QueryItem } from "../src/cli/queries.js";
import type { Engine } from "../src/engine/engine.js";
import { evalShortAnswers, hasShortAnswer } from "../src/eval/short-answers.js";
import { splitOf, type Split } from "../src/eval/split.js";
import { DEV_SET_OPTIONS, openWorkIndex } from "../src/fit/work-index.js";
import { today, withFitted } from "../src/models/fitted.js";
import { dataPath } from "../src/paths.js";

const { values: args } = parseArgs({
  options: {
    ...DEV_SET_OPTIONS,
    work: { type: "string", default: join(tmpdir(), "wnb-fit") },
    out: { type: "string", default: dataPath(REPLY_SHAPE.file) },
  },
});
const say = (s: string): boolean => process.stderr.write(`${s}\n`);

/** The bounds tried: short clauses to nearly whole sentences. */
const MINS = [24, 32, 40, 48, 56];
const MAXES = [56, 72, 90, 110];
/** The longest median reply allowed on each set (shared/spec/quality.md). */
const MEDIAN_CHARS = { chrono: 70, crud: 100 };
/** The share of it the fit half may reach: the held-back half ran 2–3 characters longer (70 against 68 for 56–72). */
const MEDIAN_MARGIN = 0.95;

interface SetUnderTest {
  name: keyof typeof MEDIAN_CHARS;
  engine: Engine;
  items: Record<Split, QueryItem[]>;
}

interface Figures {
  answer_recall: number;
  median_chars: number;
  questions: number;
}

async function setOf(name: SetUnderTest["name"], corpus: string, queries: string, keep: (i: QueryItem) => boolean, date?: string): Promise<SetUnderTest> {
  const engine = await openWorkIndex(args.work!, name, corpus);
  const all = (await readQueries(queries)).filter((i) => keep(i) && hasShortAnswer(i)).map((i) => (i.date || !date ? i : { ...i, date }));
  return { name, engine, items: { fit: all.filter((i) => splitOf(i.id) === "fit"), holdout: all.filter((i) => splitOf(i.id) === "holdout") } };
}

async function measure(set: SetUnderTest, half: Split, quote: ClauseBounds): Promise<Figures> {
  const shape: ReplyShape = { quote, provenance: { script: REPLY_SHAPE.script, data: ["(a candidate being measured)"], fitted: today(), figures: {} } };
  const m = await withFitted(REPLY_SHAPE, shape, () => evalShortAnswers(set.engine, set.items[half]));
  return { answer_recall: m.answer_recall ?? 0, median_chars: m.median_chars ?? 0, questions: m.questions };
}

async function main(): Promise<void> {
  const started = Date.now();
  const sets = [
    await setOf("chrono", args["chrono-corpus"]!, args["chrono-queries"]!, (i) => i.raw.docs === "single"),
    await setOf("crud", args["crud-corpus"]!, args["crud-queries"]!, () => true, args["crud-date"]),
  ];
  const tried: Array<{ quote: ClauseBounds; recalled: number; fits: boolean; figures: Record<string, Figures> }> = [];
  for (const min of MINS)
    for (const max of MAXES.filter((m) => m >= min)) {
      const quote = { min, max };
      const figures: Record<string, Figures> = {};
      for (const set of sets) figures[set.name] = await measure(set, "fit", quote);
      const recalled = sets.reduce((n, s) => n + figures[s.name]!.answer_recall * figures[s.name]!.questions, 0);
      const fits = sets.every((s) => figures[s.name]!.median_chars <= MEDIAN_CHARS[s.name] * MEDIAN_MARGIN);
      tried.push({ quote, recalled, fits, figures });
      say(
        `min ${min} max ${max}: ${sets.map((s) => `${s.name} recall ${figures[s.name]!.answer_recall} median ${figures[s.name]!.median_chars}`).join("; ")}${fits ? "" : " (too long)"}`,
      );
    }
  // of the pairs that keep the replies short enough, the shortest within one question of the most recalled
  const fitting = tried.filter((t) => t.fits);
  const most = Math.max(...fitting.map((t) => t.recalled));
  const best = fitting.filter((t) => t.recalled >= most - 1).sort((a, b) => a.quote.max - b.quote.max || a.quote.min - b.quote.min)[0];
  if (!best) throw new Error("no bounds keep the median reply within the phone-screen lengths");
  const holdout: Record<string, Figures> = {};
  for (const set of sets) holdout[set.name] = await measure(set, "holdout", best.quote);
  say(`kept min ${best.quote.min} max ${best.quote.max}; held back: ${JSON.stringify(holdout)}`);
  const shape: ReplyShape = {
    quote: best.quote,
    provenance: {
      script: REPLY_SHAPE.script,
      data: [
        "chronoqa-dev.jsonl single-document questions over chronoqa-corpus.jsonl (ChronoQA, MIT)",
        "crud-qa-dev.jsonl over crud-news.jsonl.gz (CRUD-RAG, Apache-2.0)",
      ],
      fitted: today(),
      figures: { fit: best.figures, holdout },
      settings: {
        split: "chosen on the fit half of src/eval/split.ts (by conversation); the held-back half measured with the choice",
        mins: MINS,
        maxes: MAXES,
        medianChars: MEDIAN_CHARS,
        medianMargin: MEDIAN_MARGIN,
        tried: tried.map((t) => ({ ...t.quote, ...Object.fromEntries(Object.entries(t.figures).map(([k, f]) => [k, [f.answer_recall, f.median_chars]])) })),
      },
      seconds: Math.round((Date.now() - started) / 1000),
    },
  };
  writeFileSync(args.out!, `${JSON.stringify(shape, null, 1)}\n`);
  say(`wrote ${args.out}`);
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    process.stderr.write(`fit-reply-shape: ${(e as Error).stack ?? String(e)}\n`);
    process.exit(1);
  },
);
