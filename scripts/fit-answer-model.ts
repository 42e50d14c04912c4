/**
 * Fits the answerer's weights (data/answer-model.json) on the shared development data, reproducibly:
 *
 *   npx tsx scripts/fit-answer-model.ts [--chrono-corpus F] [--chrono-queries F] [--crud-corpus F]
 *                                       [--crud-queries F] [--cmrc F] [--work DIR] [--rebuild] [--out FILE]
 *
 * Data (defaults under ../shared/corpora/): ChronoQA dev single-document questions over the ChronoQA
 * passages (MIT); CRUD-RAG's short-answer questions over crud-news (Apache-2.0); CMRC 2018's
 * span-annotated questions over its passages, each passage an article (CC BY-SA 4.0,
 * src/eval/cmrc.ts). Each question belongs for good to the "fit" or the "holdout" half by its group
 * (src/eval/split.ts: a crud-qa-dev conversation, a CMRC passage): everything is fit on the fit half
 * only, and the figures printed for the holdout half are the honest ones. The indexes are built in
 * --work (default: wnb-fit in the system's temporary folder) unless they are there already; each
 * corpus is read in a child process of its own (src/fit/collect.ts), as the answerer would meet it.
 *
 * Four models, on the features the answerer computes at run time (src/answer/features.ts):
 * - sentence: does this sentence of the retrieved articles hold the gold answer? A conditional logit
 *   ranks each question's sentences (ChronoQA and CRUD), then Platt scaling makes it a probability;
 * - span: is this candidate span (src/answer/candidates.ts) of the best three sentences the gold
 *   answer? Gradient-boosted trees (src/fit/trees.ts) on every right candidate and a sample of the
 *   others — in a second round, the wrong ones the first round liked best;
 * - lead: does a lead written from the best span hold the answer? Shallow boosted trees; a lead is
 *   written only at the probability where leads are right LEAD_PRECISION of the time on the fit half
 *   of each corpus;
 * - answerable: does the news answer the question? Positive: the question as asked (a gold article or
 *   the answer among the hits); negative: the same question with its gold articles left out and no
 *   hit holding the answer — near misses that share the subject but not the answer. The refusal
 *   threshold keeps ANSWERED of the answerable fit questions answered.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { ANSWERABLE_FEATURES, LEAD_FEATURES, SENTENCE_FEATURES, SPAN_FEATURES } from "../src/answer/features.js";
import { writeLead } from "../src/answer/lead.js";
import { ANSWER_MODEL, logit, probability, type AnswerModel, type LogisticModel } from "../src/answer/model.js";
import { answerableFeatures, leadFeatures } from "../src/answer/rank.js";
import type { SpanKind } from "../src/answer/spans.js";
import { loadConfig } from "../src/config/env.js";
import { ASK_K, Engine } from "../src/engine/engine.js";
import { chunkingFromConfig, ingest } from "../src/engine/ingest.js";
import { cmrcAsCorpus } from "../src/eval/cmrc.js";
import { foldOf } from "../src/eval/split.js";
import { collect, holdsAny, spanIsAnswer, type Collected, type CollectedRun, type QuestionRow } from "../src/fit/collect.js";
import { fitLogistic, fitRanker, type Example } from "../src/fit/logistic.js";
import { fitTrees } from "../src/fit/trees.js";
import { today } from "../src/models/fitted.js";
import { partProbability, type ModelPart } from "../src/models/part.js";
import { dataPath, PROJECT_ROOT, sharedCorpus } from "../src/paths.js";
import { DEV_SET_OPTIONS } from "../src/fit/work-index.js";

/** Share of answerable fit questions the refusal threshold keeps answered. */
const ANSWERED = 0.97;
/**
 * Share of leads that must hold the gold answer on the fit half of each news corpus: above the targets
 * of shared/spec/quality.md (0.90 on ChronoQA, 0.80 on crud-qa-dev) by a margin for the held-back half.
 */
const LEAD_PRECISION: Record<string, number> = {
  "chronoqa-dev (single-document)": 0.93,
  "crud-qa-dev": 0.85,
};
/** Leads a corpus must have at a threshold before its precision is judged. */
const MIN_LEADS = 10;
/** Wrong spans kept per question as training rows (the best-liked ones and as many at random). */
const NEGATIVES = 30;

const { values: args } = parseArgs({
  options: {
    ...DEV_SET_OPTIONS,
    cmrc: { type: "string", default: sharedCorpus("cmrc2018.jsonl.gz") },
    work: { type: "string", default: join(tmpdir(), "wnb-fit") },
    rebuild: { type: "boolean", default: false },
    out: { type: "string", default: dataPath(ANSWER_MODEL.file) },
    // measurement: fit again from what an earlier run collected (same sentence model)
    reuse: { type: "boolean", default: false },
    // the span model's family: gradient-boosted trees or a linear conditional logit (chosen by measurement)
    "span-family": { type: "string", default: "trees" },
    trees: { type: "string", default: "300" },
    // measured (ChronoQA holdout, leads at the calibrated precision): depth 4 with leaves of at least
    // 10 gives 0.205 at 0.952, depth 5 with leaves of 2 gives 0.152 at 0.935
    depth: { type: "string", default: "4" },
    "min-hessian": { type: "string", default: "10" },
    // whether the news answers the question: a logistic model or shallow boosted trees. Measured on the
    // held-back halves (2026-12-08): trees refuse more near misses (ChronoQA 0.888 against 0.878, CRUD
    // 0.505 against 0.449) but answer fewer CRUD questions (0.761 against 0.810) and refused two seed
    // questions the pages answer (seeds-dev false refusals must be 0): the logistic model is the default
    "answerable-family": { type: "string", default: "logistic" },
    // child process
    collect: { type: "string" },
    stage: { type: "string" },
    "sentence-model": { type: "string" },
    "span-model": { type: "string" },
    "fold-models": { type: "string" },
  },
});
const say = (s: string): boolean => process.stderr.write(`${s}\n`);

interface CorpusPlan {
  corpus: () => string;
  queries: () => string;
  label: string;
  keep: (r: QuestionRow) => boolean;
  today?: string;
  /** Ask each question again without its gold articles (near misses, for the answerable model). */
  withoutGold: boolean;
}

const cmrcFiles = (): { corpus: string; queries: string } => {
  const dir = join(args.work!, "cmrc-data");
  return existsSync(join(dir, "cmrc-questions.jsonl"))
    ? { corpus: join(dir, "cmrc-passages.jsonl"), queries: join(dir, "cmrc-questions.jsonl") }
    : cmrcAsCorpus(args.cmrc!, dir);
};

const CORPORA: Record<string, CorpusPlan> = {
  chrono: {
    corpus: () => args["chrono-corpus"]!,
    queries: () => args["chrono-queries"]!,
    label: "chronoqa-dev (single-document)",
    keep: (r) => r.docs === "single",
    withoutGold: true,
  },
  crud: {
    corpus: () => args["crud-corpus"]!,
    queries: () => args["crud-queries"]!,
    label: "crud-qa-dev",
    keep: () => true,
    today: args["crud-date"],
    withoutGold: true,
  },
  cmrc: { corpus: () => cmrcFiles().corpus, queries: () => cmrcFiles().queries, label: "cmrc2018", keep: () => true, withoutGold: false },
};
type CorpusName = keyof typeof CORPORA;
/** The corpora the sentence ranker is fit on (CMRC's encyclopaedia passages are not news). */
const SENTENCE_CORPORA = new Set(["chrono", "crud"]);

const file = (name: string, stage: string, ext: string): string => join(args.work!, `${name}-${stage}.${ext}`);

/** Child process: build the corpus's index if needed, ask every question, write what was collected. */
async function collectOne(name: CorpusName, stage: string): Promise<void> {
  const plan = CORPORA[name]!;
  const corpus = plan.corpus();
  const queries = plan.queries();
  if (!existsSync(corpus)) throw new Error(`${corpus} not found: give --${name}-corpus`);
  if (!existsSync(queries)) throw new Error(`${queries} not found: give --${name}-queries`);
  const cfg = loadConfig({ LOG_LEVEL: "warn" }, { dotenv: false });
  const dir = join(args.work!, name);
  if (args.rebuild || !existsSync(join(dir, "CURRENT"))) {
    say(`building the ${name} index in ${dir}`);
    await ingest(cfg, { inputs: [corpus], indexDir: dir, chunking: chunkingFromConfig(cfg), rebuild: true });
  }
  const engine = await Engine.open(cfg, dir);
  const read = <T>(f: string | undefined): T | undefined => (f ? (JSON.parse(readFileSync(f, "utf8")) as T) : undefined);
  const sentenceModel = read<LogisticModel>(args["sentence-model"]);
  const spanModel = read<ModelPart>(args["span-model"]);
  const folds = args["fold-models"]?.split(",").map((f) => read<ModelPart>(f)!);
  const { items, rows } = await collect(engine, queries, {
    corpus: plan.label,
    k: ASK_K,
    keep: plan.keep,
    ...(plan.today ? { today: plan.today } : {}),
    ...(sentenceModel ? { sentenceModel } : {}),
    ...(spanModel ? { spanModel } : {}),
    ...(folds?.length === 2 ? { foldModels: [folds[0]!, folds[1]!] as const } : {}),
    negatives: NEGATIVES,
    withoutGold: plan.withoutGold,
  });
  writeFileSync(file(name, stage, "json"), JSON.stringify(items));
  writeFileSync(file(name, stage, "bin"), Buffer.from(Float32Array.from(rows.x).buffer));
  writeFileSync(file(name, stage, "rows.json"), JSON.stringify({ y: rows.y, question: rows.question }));
}

interface StageOutput {
  items: Collected[];
  x: Float32Array;
  y: number[];
  /** The item each row belongs to. */
  item: Collected[];
}

/** Runs a stage for every corpus (each in a child process) and reads what they collected. */
function collectAll(stage: string, names: readonly CorpusName[], models: { sentence?: string; span?: string; folds?: string } = {}): StageOutput {
  const out: StageOutput = { items: [], x: new Float32Array(0), y: [], item: [] };
  const xs: Float32Array[] = [];
  for (const name of names) {
    if (!(args.reuse && existsSync(file(name, stage, "json")))) {
      const extra = [
        ...(models.sentence ? ["--sentence-model", models.sentence] : []),
        ...(models.span ? ["--span-model", models.span] : []),
        ...(models.folds ? ["--fold-models", models.folds] : []),
      ];
      const child = spawnSync(
        process.execPath,
        ["--import", "tsx", fileURLToPath(import.meta.url), "--collect", name, "--stage", stage, ...extra, ...process.argv.slice(2)],
        { stdio: "inherit", cwd: PROJECT_ROOT },
      );
      if (child.status !== 0) throw new Error(`collecting ${name} (${stage}) failed (exit ${child.status})`);
    }
    const items = JSON.parse(readFileSync(file(name, stage, "json"), "utf8")) as Collected[];
    const rows = JSON.parse(readFileSync(file(name, stage, "rows.json"), "utf8")) as { y: number[]; question: number[] };
    const bin = readFileSync(file(name, stage, "bin"));
    xs.push(new Float32Array(bin.buffer, bin.byteOffset, bin.byteLength / 4));
    for (const item of items) out.items.push(item);
    for (const y of rows.y) out.y.push(y);
    for (const q of rows.question) out.item.push(items[q]!);
  }
  const total = xs.reduce((n, x) => n + x.length, 0);
  out.x = new Float32Array(total);
  let at = 0;
  for (const x of xs) {
    out.x.set(x, at);
    at += x.length;
  }
  return out;
}

const ratio = (a: number, b: number): number => Number((b ? a / b : 0).toFixed(3));
const byCorpus = (items: Collected[]): Map<string, Collected[]> => {
  const m = new Map<string, Collected[]>();
  for (const i of items) m.set(i.corpus, [...(m.get(i.corpus) ?? []), i]);
  return m;
};

/** A ranker's score turned into a probability: a one-feature logistic regression on it, folded into the weights. */
function calibrated(ranker: LogisticModel, examples: Example[]): LogisticModel {
  const logit = (p: number): number => Math.log(Math.max(p, 1e-12) / Math.max(1 - p, 1e-12));
  const platt = fitLogistic(
    ["score"],
    examples.map((e) => ({ ...e, x: [logit(probability(ranker, e.x))] })),
  );
  const a = platt.weights[0]! / platt.scale[0]!;
  return {
    ...ranker,
    weights: ranker.weights.map((w) => Number((w * a).toPrecision(6))),
    bias: Number((platt.bias - a * platt.mean[0]! + a * ranker.bias).toPrecision(6)),
  };
}

function fitSentenceModel(items: Collected[]): LogisticModel {
  const fit = items.filter((i) => i.split === "fit" && SENTENCE_CORPORA.has(corpusKey(i)));
  const labelled = fit
    .map((i) => ({ xs: i.normal.sentences.map((s) => s.features), right: i.normal.sentences.map((s) => holdsAny(s.text, i.answers)) }))
    .filter((g) => g.right.some(Boolean));
  const examples: Example[] = labelled.flatMap((g) => g.xs.map((x, k) => ({ x, y: (g.right[k] ? 1 : 0) as 0 | 1 })));
  return calibrated(fitRanker(SENTENCE_FEATURES, labelled), examples);
}

const corpusKey = (i: Collected): CorpusName => (Object.keys(CORPORA) as CorpusName[]).find((k) => CORPORA[k]!.label === i.corpus)!;

/** The share of the linear span score the trees start from. */
const LINEAR_BASE = 0.5;
/** How much a news question's span rows weigh against an encyclopaedia question's (CMRC 2018 has seven times as many questions). */
const NEWS_WEIGHT = 4;

/** The span trees, fit on the fit half's rows; each question weighs the same in total, a news question NEWS_WEIGHT times a CMRC one. */
function fitSpanModel(out: StageOutput, fold?: 0 | 1): ModelPart {
  const d = SPAN_FEATURES.length;
  const keep: number[] = [];
  const perItem = new Map<Collected, number>();
  out.item.forEach((it, r) => {
    if (it.split !== "fit" || (fold !== undefined && foldOf(it.id) !== fold)) return;
    keep.push(r);
    perItem.set(it, (perItem.get(it) ?? 0) + 1);
  });
  const x = new Float32Array(keep.length * d);
  const y = new Uint8Array(keep.length);
  const weight = new Float32Array(keep.length);
  keep.forEach((r, k) => {
    x.set(out.x.subarray(r * d, (r + 1) * d), k * d);
    y[k] = out.y[r]!;
    weight[k] = ((SENTENCE_CORPORA.has(corpusKey(out.item[r]!)) ? NEWS_WEIGHT : 1) * 20) / perItem.get(out.item[r]!)!;
  });
  say(`span model (${args["span-family"]}): ${keep.length} rows of ${perItem.size} fit questions (${y.reduce((a, b) => a + b, 0)} right)`);
  // a softmax over each question's rows; a news question counts NEWS_WEIGHT times (its group repeated)
  const groups = new Map<Collected, { xs: number[][]; right: boolean[] }>();
  keep.forEach((r, k) => {
    const g = groups.get(out.item[r]!) ?? { xs: [], right: [] };
    g.xs.push(Array.from(x.subarray(k * d, (k + 1) * d)));
    g.right.push(y[k] === 1);
    groups.set(out.item[r]!, g);
  });
  const weighted = [...groups].flatMap(([item, g]) => new Array<typeof g>(SENTENCE_CORPORA.has(corpusKey(item)) ? NEWS_WEIGHT : 1).fill(g));
  const linear = fitRanker(SPAN_FEATURES, weighted, { l2: 1e-3, iterations: 300 });
  if (args["span-family"] === "linear") return linear;
  // the trees are boosted from half the linear score (measured: as good on the held-back questions, and smooth where the data was thin)
  const base = Float64Array.from({ length: keep.length }, (_, k) => LINEAR_BASE * logit(linear, x.subarray(k * d, (k + 1) * d)));
  const trees = fitTrees(
    SPAN_FEATURES,
    { x, y, weight, base },
    {
      trees: Number(args.trees),
      depth: Number(args.depth),
      rate: 0.1,
      lambda: 1,
      minHessian: Number(args["min-hessian"]),
      onTree: (n) => n % 50 === 0 && say(`  ${n} trees`),
    },
  );
  return { ...trees, base: linear, baseScale: LINEAR_BASE };
}

/** The lead a run's best span makes, and whether it holds the answer. */
function leadOf(item: Collected, run: CollectedRun): { lead: string; right: boolean } | undefined {
  const top = run.spans[0];
  if (!top) return undefined;
  const lead = writeLead(item.analysis, { shown: top.shown, kind: top.kind as SpanKind });
  return lead ? { lead, right: holdsAny(lead, item.answers) } : undefined;
}

const leadInputs = (run: CollectedRun) =>
  run.spans.map((s) => ({
    text: s.text,
    kind: s.kind,
    score: s.score,
    features: s.features,
    sentence: { docId: run.sentences[s.sentence]!.docId, features: run.sentences[s.sentence]!.features, score: run.sentences[s.sentence]!.score ?? 0 },
  }));

/** A run's best sentences with their scores, as the answerer ranks them. */
const scoredSentences = (run: CollectedRun) => run.sentences.map((s) => ({ ...s, score: s.score ?? 0 }));

function spanReport(items: Collected[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [corpus, list] of byCorpus(items)) {
    const withRight = list.filter((i) => i.normal.spans.some((s) => spanIsAnswer(s, i.answers, i.question)));
    const top1 = list.filter((i) => i.normal.spans[0] && spanIsAnswer(i.normal.spans[0], i.answers, i.question));
    out[corpus] = { questions: list.length, best_span_right: ratio(top1.length, list.length), right_among_best_10: ratio(withRight.length, list.length) };
  }
  return out;
}

/** The lowest probability at which leads hold the answer LEAD_PRECISION of the time on each news corpus of the fit half. */
function leadThreshold(runs: Array<{ item: Collected; p: number; right: boolean }>): number {
  const corpora = Object.keys(LEAD_PRECISION);
  const candidates = [...new Set(runs.map((r) => Number(r.p.toFixed(3))))].sort((a, b) => a - b);
  for (const t of candidates) {
    const ok = corpora.every((c) => {
      const leads = runs.filter((r) => r.item.corpus === c && r.p >= t);
      return leads.length < MIN_LEADS || leads.filter((r) => r.right).length / leads.length >= LEAD_PRECISION[c]!;
    });
    if (ok) return t;
  }
  return 1;
}

/**
 * Does the news answer the question: shallow boosted trees (the kind of the best span matters for one
 * kind of question and not another — a phrase is no answer to 「谁」), boosted from the logistic model's
 * score, or the logistic model alone.
 */
function fitAnswerable(rows: Array<{ x: number[]; y: 0 | 1 }>): ModelPart {
  const linear = fitLogistic(ANSWERABLE_FEATURES, rows);
  if (args["answerable-family"] === "logistic") return linear;
  const d = ANSWERABLE_FEATURES.length;
  const x = new Float32Array(rows.length * d);
  rows.forEach((r, i) => x.set(r.x, i * d));
  const base = Float64Array.from(rows, (r) => logit(linear, r.x));
  const trees = fitTrees(
    ANSWERABLE_FEATURES,
    { x, y: Uint8Array.from(rows, (r) => r.y), base },
    { trees: 100, depth: 3, rate: 0.05, lambda: 1, minHessian: 10 },
  );
  return { ...trees, base: linear, baseScale: 1 };
}

async function fitAll(): Promise<void> {
  const started = Date.now();
  const names = Object.keys(CORPORA) as CorpusName[];
  const fitHalf = (items: Collected[]): Collected[] => items.filter((i) => i.split === "fit");

  // 1. Sentences: ranked within each question, then calibrated to a probability.
  say("== sentences");
  const first = collectAll(
    "sentences",
    names.filter((n) => SENTENCE_CORPORA.has(n)),
  );
  const sentence = fitSentenceModel(first.items);
  const sentenceFile = join(args.work!, "sentence-model.json");
  writeFileSync(sentenceFile, JSON.stringify(sentence));

  // 2. Spans of each search's best three sentences by that model: a first model on random wrong
  //    spans, then a second on the wrong ones the first liked best (and as many at random).
  say("== spans, first round");
  const round1 = collectAll("spans1", names, { sentence: sentenceFile });
  const span1 = fitSpanModel(round1);
  const span1File = join(args.work!, "span-model-1.json");
  writeFileSync(span1File, JSON.stringify(span1));
  say("== spans, second round");
  const round2 = collectAll("spans2", names, { sentence: sentenceFile, span: span1File });
  say(`first round's best spans: ${JSON.stringify(spanReport(round2.items))}`);
  const span = fitSpanModel(round2);
  const spanFile = join(args.work!, "span-model.json");
  writeFileSync(spanFile, JSON.stringify(span));
  // each fold of the fit half scored by a model fit on the other: the lead and answerable models and
  // their thresholds are fit on scores as confident as those of questions the span model never saw
  const foldFiles = ([0, 1] as const).map((fold) => {
    const f = join(args.work!, `span-model-fold${fold}.json`);
    writeFileSync(f, JSON.stringify(fitSpanModel(round2, fold)));
    return f;
  });
  say("== the best spans by the final model (the fit half by the fold models)");
  const scored = collectAll("scored", names, { sentence: sentenceFile, span: spanFile, folds: foldFiles.join(",") });
  const spanFigures = { fit: spanReport(fitHalf(scored.items)), holdout: spanReport(scored.items.filter((i) => i.split === "holdout")) };
  say(`best spans: ${JSON.stringify(spanFigures)}`);

  // 3. Leads: is a lead written from the best span right?
  const leadRuns = scored.items.flatMap((item) => {
    const made = leadOf(item, item.normal);
    return made && item.normal.answerable
      ? [{ item, x: leadFeatures(item.analysis, leadInputs(item.normal), scoredSentences(item.normal)), right: made.right }]
      : [];
  });
  // shallow trees (depth 2, 100 trees: measured on the held-back half, leads on ChronoQA 0.385 at 0.929
  // against 0.286 at 0.923 for a logistic model; deeper trees miss the precision held back), a news
  // question counting NEWS_WEIGHT times an encyclopaedia one
  const leadFit = leadRuns.filter((r) => r.item.split === "fit");
  const leadX = new Float32Array(leadFit.length * LEAD_FEATURES.length);
  leadFit.forEach((r, i) => leadX.set(r.x, i * LEAD_FEATURES.length));
  const lead = fitTrees(
    LEAD_FEATURES,
    {
      x: leadX,
      y: Uint8Array.from(leadFit, (r) => +r.right),
      weight: Float32Array.from(leadFit, (r) => (SENTENCE_CORPORA.has(corpusKey(r.item)) ? NEWS_WEIGHT : 1)),
    },
    { trees: 100, depth: 2, rate: 0.05, lambda: 1, minHessian: 10 },
  );
  const leadP = leadRuns.map((r) => ({ ...r, p: partProbability(lead, r.x) }));
  const leadAt = leadThreshold(leadP.filter((r) => r.item.split === "fit"));

  // 4. Does the news answer the question? As asked against near misses without the gold articles.
  const pLeadOf = (item: Collected, run: CollectedRun): number =>
    run.spans.length ? partProbability(lead, leadFeatures(item.analysis, leadInputs(run), scoredSentences(run))) : 0;
  const featuresOf = (item: Collected, run: CollectedRun): number[] =>
    answerableFeatures(item.analysis, run.topRetrieval, scoredSentences(run), run.spans, pLeadOf(item, run));
  const pAnswerOf = (model: ModelPart, item: Collected, run: CollectedRun): number => partProbability(model, featuresOf(item, run));
  const answerRuns = scored.items.flatMap((item) => [
    ...(item.normal.answerable !== undefined ? [{ item, run: item.normal, y: item.normal.answerable }] : []),
    ...(item.withoutGold?.answerable === false ? [{ item, run: item.withoutGold, y: false }] : []),
  ]);
  const answerFit = answerRuns
    .filter((r) => r.item.split === "fit" && SENTENCE_CORPORA.has(corpusKey(r.item)))
    .map((r) => ({ x: featuresOf(r.item, r.run), y: (r.y ? 1 : 0) as 0 | 1 }));
  const answerable = fitAnswerable(answerFit);
  const positives = fitHalf(scored.items)
    .filter((i) => i.normal.answerable && SENTENCE_CORPORA.has(corpusKey(i)))
    .map((i) => pAnswerOf(answerable, i, i.normal))
    .sort((a, b) => a - b);
  const answerAt = positives[Math.floor((1 - ANSWERED) * positives.length)] ?? 0.5;

  // 5. The figures of each half and corpus.
  const figures: Record<string, unknown> = { spans: spanFigures };
  for (const half of ["fit", "holdout"] as const) {
    for (const [corpus, items] of byCorpus(scored.items.filter((i) => i.split === half))) {
      const answered = items.filter((i) => pAnswerOf(answerable, i, i.normal) >= answerAt);
      const leads = leadP.filter(
        (r) => r.item.split === half && r.item.corpus === corpus && r.p >= leadAt && pAnswerOf(answerable, r.item, r.item.normal) >= answerAt,
      );
      const near = items.filter((i) => i.withoutGold?.answerable === false);
      const nearAnswered = near.filter((i) => pAnswerOf(answerable, i, i.withoutGold!) >= answerAt);
      const nearLeads = nearAnswered.filter(
        (i) =>
          i.withoutGold!.spans.length &&
          leadOf(i, i.withoutGold!) &&
          partProbability(lead, leadFeatures(i.analysis, leadInputs(i.withoutGold!), scoredSentences(i.withoutGold!))) >= leadAt,
      );
      const row = {
        questions: items.length,
        answered: ratio(answered.length, items.length),
        lead_rate: ratio(leads.length, answered.length),
        lead_precision: ratio(leads.filter((r) => r.right).length, leads.length),
        ...(near.length
          ? { refused_without_gold: ratio(near.length - nearAnswered.length, near.length), confident_leads_without_gold: ratio(nearLeads.length, near.length) }
          : {}),
      };
      figures[`${half} ${corpus}`] = row;
      say(`${half} ${corpus}: ${JSON.stringify(row)}`);
    }
  }

  const model: AnswerModel = {
    sentence,
    span,
    lead,
    answerable,
    thresholds: { answer: Number(answerAt.toFixed(4)), lead: leadAt },
    provenance: {
      script: ANSWER_MODEL.script,
      data: [
        "ChronoQA dev single-document questions over chronoqa-corpus.jsonl (MIT)",
        "CRUD-RAG crud-qa-dev questions over crud-news.jsonl.gz (Apache-2.0)",
        "CMRC 2018 questions over its passages, each passage an article (CC BY-SA 4.0)",
      ],
      fitted: today(),
      figures,
      settings: {
        split: "fit on the fit half of src/eval/split.ts (by conversation and passage); the figures give both halves",
        targets: { answered_when_answerable: ANSWERED, lead_precision: LEAD_PRECISION },
        span: {
          trees: Number(args.trees),
          depth: Number(args.depth),
          minHessian: Number(args["min-hessian"]),
          rate: 0.1,
          negatives: NEGATIVES,
          rounds: 2,
          newsWeight: NEWS_WEIGHT,
        },
      },
      seconds: Math.round((Date.now() - started) / 1000),
    },
  };
  writeFileSync(args.out!, `${JSON.stringify(model)}\n`);
  say(`wrote ${args.out} in ${Math.round((Date.now() - started) / 1000)} s`);
}

(args.collect ? collectOne(args.collect as CorpusName, args.stage ?? "sentences") : fitAll()).catch((e: unknown) => {
  process.stderr.write(`fit-answer-model: ${(e as Error).stack ?? String(e)}\n`);
  process.exit(1);
});
