/**
 * Fits the answerer's weights (data/answer-model.json) on the shared development data, reproducibly:
 *
 *   npx tsx scripts/fit-answer-model.ts [--chrono-corpus F] [--chrono-queries F] [--crud-corpus F]
 *                                       [--crud-queries F] [--work DIR] [--rebuild] [--out FILE]
 *
 * Data: ChronoQA dev single-document questions over the ChronoQA passages (MIT), and CRUD-RAG's
 * short-answer questions over crud-news (Apache-2.0); defaults under ../shared/corpora/. Each question
 * belongs for good to the "fit" or the "holdout" half (src/eval/split.ts): everything is fit on the fit
 * half only, and the figures printed for the holdout half are the honest ones. The indexes are built in
 * --work (default: wnb-fit in the system's temporary folder) unless they are there already; each corpus
 * is read in a child process of its own (src/fit/collect.ts), as the answerer would meet it.
 *
 * Three logistic regressions (src/fit/logistic.ts), on the features the answerer computes at run time:
 * - sentence: does this sentence of the retrieved articles hold the gold answer? A conditional logit
 *   ranks each question's sentences, then a one-feature logistic regression on its score (Platt
 *   scaling) turns it into a probability;
 * - span: is this candidate span of the best three sentences the gold answer?
 * - answerable: does the news answer the question? Positive: the question as asked (a gold article or
 *   the answer among the hits); negative: the same question with its gold articles left out of the
 *   search and no hit holding the answer.
 * Thresholds: `answer` keeps ANSWERED of the answerable fit questions answered; `lead` is the lowest
 * span probability at which leads hold the gold answer at least LEAD_PRECISION of the time (fit half).
 */
import { SENTENCE_FEATURES, SPAN_FEATURES, ANSWERABLE_FEATURES } from "../src/answer/features.js";
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { writeLead } from "../src/answer/lead.js";
import { ANSWER_MODEL, probability, type AnswerModel, type LogisticModel } from "../src/answer/model.js";
import { today } from "../src/models/fitted.js";
import { answerableFeatures, SPAN_SENTENCES } from "../src/answer/rank.js";
import { type SpanKind } from "../src/answer/spans.js";
import { loadConfig } from "../src/config/env.js";
import { ASK_K, Engine } from "../src/engine/engine.js";
import { chunkingFromConfig, ingest } from "../src/engine/ingest.js";
import { collect, holds, type Collected, type CollectedRun, type CollectedSpan } from "../src/fit/collect.js";
import { fitLogistic, fitRanker, type Example } from "../src/fit/logistic.js";
import { dataPath, PROJECT_ROOT } from "../src/paths.js";

/** Share of answerable fit questions the refusal threshold keeps answered. */
const ANSWERED = 0.97;
/** Share of leads that must hold the gold answer on the fit half. */
const LEAD_PRECISION = 0.96;
/** …and on each corpus that has two leads or more at that threshold. */
const LEAD_PRECISION_EACH = 0.85;
/** Leads a band of support must have before it is judged on its own. */
const BAND_LEADS = 5;
/** The support levels tried for leads. */
const SUPPORT_STEPS = [0, 0.5, 0.6, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95, 1];
/** Leads a type must have on the fit half before its threshold is trusted. */
const MIN_LEADS = 6;

const shared = (name: string): string => resolve(PROJECT_ROOT, "..", "shared", "corpora", name);
const { values: args } = parseArgs({
  options: {
    "chrono-corpus": { type: "string", default: shared("chronoqa-corpus.jsonl") },
    "chrono-queries": { type: "string", default: shared("chronoqa-dev.jsonl") },
    "crud-corpus": { type: "string", default: shared("crud-news.jsonl.gz") },
    "crud-queries": { type: "string", default: shared("crud-qa-dev.jsonl") },
    // "today" for questions that give none: crud-qa-dev's questions were written about news of 2023
    // (its articles run to 2023-08-19), so 「今年」 there is 2023, whatever day the fit runs.
    "crud-date": { type: "string", default: "2023-08-31" },
    work: { type: "string", default: join(tmpdir(), "wnb-fit") },
    rebuild: { type: "boolean", default: false },
    out: { type: "string", default: dataPath(ANSWER_MODEL.file) },
    collect: { type: "string" },
    "sentence-model": { type: "string" },
  },
});
const say = (s: string): boolean => process.stderr.write(`${s}\n`);
const CORPORA = {
  chrono: { corpus: args["chrono-corpus"]!, queries: args["chrono-queries"]!, label: "chronoqa-dev (single-document)", keep: (r: { docs?: string }) => r.docs === "single" },
  crud: { corpus: args["crud-corpus"]!, queries: args["crud-queries"]!, label: "crud-qa-dev", keep: () => true, today: args["crud-date"] },
};
type CorpusName = keyof typeof CORPORA;
const collectedFile = (name: string): string => join(args.work!, `${name}-collected.json`);

/** Child process: build the corpus's index if needed, ask every question, write what was collected. */
async function collectOne(name: CorpusName): Promise<void> {
  const c = CORPORA[name];
  if (!existsSync(c.corpus)) throw new Error(`${c.corpus} not found: give --${name}-corpus`);
  if (!existsSync(c.queries)) throw new Error(`${c.queries} not found: give --${name}-queries`);
  const cfg = loadConfig({ LOG_LEVEL: "warn" }, { dotenv: false });
  const dir = join(args.work!, name);
  if (args.rebuild || !existsSync(join(dir, "CURRENT"))) {
    say(`building the ${name} index in ${dir}`);
    await ingest(cfg, { inputs: [c.corpus], indexDir: dir, chunking: chunkingFromConfig(cfg), rebuild: true });
  }
  const engine = await Engine.open(cfg, dir);
  const sentenceModel = args["sentence-model"] ? (JSON.parse(readFileSync(args["sentence-model"], "utf8")) as LogisticModel) : undefined;
  writeFileSync(collectedFile(name), JSON.stringify(await collect(engine, c.queries, c.label, ASK_K, c.keep, "today" in c ? c.today : undefined, sentenceModel)));
}

interface ScoredSentence {
  i: number;
  docId: string;
  features: number[];
  score: number;
  text: string;
}
interface Run {
  item: Collected;
  run: CollectedRun;
  sentences: ScoredSentence[];
  spans: Array<CollectedSpan & { score: number }>;
}

const SENTENCE_SCORE = SPAN_FEATURES.indexOf("sentenceScore");
const TOP_SENTENCE = SPAN_FEATURES.indexOf("topSentence");

function scoreSentences(runs: Run[], model: LogisticModel): void {
  for (const r of runs) {
    r.sentences = r.run.sentences.map((s, i) => ({ i, docId: s.docId, features: s.features, text: s.text, score: probability(model, s.features) }));
    r.sentences.sort((a, b) => b.score - a.score || r.run.sentences[a.i]!.rank - r.run.sentences[b.i]!.rank || a.i - b.i);
    // The spans the answerer reads: those of the best three sentences, with those sentences' scores.
    const top = r.sentences.slice(0, SPAN_SENTENCES);
    r.spans = r.run.spans
      .filter((sp) => top.some((s) => s.i === sp.sentence))
      .map((sp) => {
        const rank = top.findIndex((s) => s.i === sp.sentence);
        // (a span was collected among the first SPAN_POOL sentences by coverage; the answerer reads the best three by the model)
        const features = [...sp.features];
        features[SENTENCE_SCORE] = top[rank]!.score;
        features[TOP_SENTENCE] = rank === 0 ? 1 : 0;
        return { ...sp, features, score: 0 };
      });
  }
}

/** A ranker's score turned into a probability: a one-feature logistic regression on it, folded into the weights. */
function calibrated(ranker: LogisticModel, examples: Example[]): LogisticModel {
  const link = (x: number[]): number => probability(ranker, x);
  const logit = (p: number): number => Math.log(Math.max(p, 1e-12) / Math.max(1 - p, 1e-12));
  const platt = fitLogistic(["score"], examples.map((e) => ({ ...e, x: [logit(link(e.x))] })));
  // p = σ(a·(s − μ)/σ + b) with s = Σ w·z: scale the weights by a/σ, shift the bias.
  const a = platt.weights[0]! / platt.scale[0]!;
  return { ...ranker, weights: ranker.weights.map((w) => Number((w * a).toPrecision(6))), bias: Number((platt.bias - a * platt.mean[0]! + a * ranker.bias).toPrecision(6)) };
}

/** Every sentence of the questions where some sentence holds the answer, labelled by whether it does. */
function sentenceExamples(runs: Run[]): Example[] {
  const out: Example[] = [];
  for (const { item, run } of runs) {
    const labels = run.sentences.map((s) => (holds(s.text, item.answer) ? 1 : 0));
    if (labels.some(Boolean)) run.sentences.forEach((s, i) => out.push({ x: s.features, y: labels[i] as 0 | 1 }));
  }
  return out;
}

/** A span is the answer when it holds the gold answer and not much else (a lead must read as the answer, not a clause around it). */
const isAnswer = (span: string, answer: string): boolean => holds(span, answer) && span.length <= 1.5 * answer.length + 2;

function spanExamples(runs: Run[]): Example[] {
  const out: Example[] = [];
  for (const r of runs) for (const s of r.spans) out.push({ x: s.features, y: isAnswer(s.shown, r.item.answer) ? 1 : 0, weight: 1 / r.spans.length });
  return out;
}

const pAnswer = (model: LogisticModel, r: Run): number => probability(model, answerableFeatures(r.item.analysis, r.run.topRetrieval, r.sentences, r.spans));
const pct = (x: number): string => `${(100 * x).toFixed(1)}%`;
const mean = (xs: number[]): number => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0);

function sentenceReport(runs: Run[]): string {
  const usable = runs.filter((r) => r.sentences.some((s) => holds(s.text, r.item.answer)));
  const top1 = usable.filter((r) => holds(r.sentences[0]!.text, r.item.answer)).length;
  const top2 = usable.filter((r) => r.sentences.slice(0, 2).some((s) => holds(s.text, r.item.answer))).length;
  const top3 = usable.filter((r) => r.sentences.slice(0, 3).some((s) => holds(s.text, r.item.answer))).length;
  return `${usable.length} of ${runs.length} questions with the answer in a sentence: the best sentence holds it ${pct(top1 / usable.length)}, one of the best two ${pct(top2 / usable.length)}, three ${pct(top3 / usable.length)}`;
}

const COVERAGE = SENTENCE_FEATURES.indexOf("coverage");
const CONTEXT = SENTENCE_FEATURES.indexOf("context");
/** How much of the question a span's sentence (with its headline and neighbours) says: a lead claims all of it. */
const supportOf = (r: Run, span: CollectedSpan): number => {
  const f = r.run.sentences[span.sentence]!.features;
  return f[COVERAGE]! + f[CONTEXT]!;
};
let leadSupport = 0;

/** Per question type, the lowest span probability at which leads are precise enough (at the current support level). */
function typeThresholds(answered: Run[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const type of new Set(answered.map((r) => r.item.analysis.type))) {
    const runs = answered.filter((r) => r.item.analysis.type === type);
    for (const t of [...new Set(runs.flatMap((r) => (r.spans[0] ? [Number(r.spans[0].score.toFixed(4))] : [])))].sort((a, b) => a - b)) {
      const { leads, right } = leadsAt(runs, t);
      if (leads < MIN_LEADS) break;
      // Precise on each kind of news too, wherever it has leads at this threshold.
      const eachCorpus = [...new Set(runs.map((r) => r.item.corpus))].every((corpus) => {
        const got = leadsAt(runs.filter((r) => r.item.corpus === corpus), t);
        return got.leads < 2 || got.right / got.leads >= LEAD_PRECISION_EACH;
      });
      if (right / leads >= LEAD_PRECISION && eachCorpus) {
        out[type] = t;
        break;
      }
    }
  }
  return out;
}

function leadsAt(runs: Run[], threshold: number): { leads: number; right: number } {
  let leads = 0;
  let right = 0;
  for (const r of runs) {
    const best = r.spans[0];
    if (!best || best.score < threshold || supportOf(r, best) < leadSupport - 1e-9) continue;
    const lead = writeLead(r.item.analysis, { shown: best.shown, kind: best.kind as SpanKind });
    if (!lead) continue;
    leads++;
    if (holds(lead, r.item.answer)) right++;
  }
  return { leads, right };
}

/** Asks every corpus's questions, each corpus in a child process (with the sentence model: spans too). */
function collectAll(sentenceModel?: string): Collected[] {
  const items: Collected[] = [];
  for (const name of Object.keys(CORPORA) as CorpusName[]) {
    const extra = sentenceModel ? ["--sentence-model", sentenceModel] : [];
    const child = spawnSync(process.execPath, ["--import", "tsx", fileURLToPath(import.meta.url), "--collect", name, ...extra, ...process.argv.slice(2)], { stdio: "inherit", cwd: PROJECT_ROOT });
    if (child.status !== 0) throw new Error(`collecting ${name} failed (exit ${child.status})`);
    items.push(...(JSON.parse(readFileSync(collectedFile(name), "utf8")) as Collected[]));
  }
  return items;
}

/** Each question as asked, and with its gold articles left out. */
function runsOf(items: Collected[]): { normal: Run[]; excluded: Run[] } {
  return {
    normal: items.map((item) => ({ item, run: item.normal, sentences: [], spans: [] })),
    excluded: items.filter((i) => i.withoutGold).map((item) => ({ item, run: item.withoutGold!, sentences: [], spans: [] })),
  };
}

async function fitAll(): Promise<void> {
  const started = Date.now();
  const fit = (rs: Run[]): Run[] => rs.filter((r) => r.item.split === "fit");
  const hold = (rs: Run[]): Run[] => rs.filter((r) => r.item.split === "holdout");

  // 1. Sentences: ranked within each question (a conditional logit), then the ranking score calibrated
  // to a probability (Platt scaling, folded into the weights).
  const first = runsOf(collectAll());
  const groups = fit(first.normal)
    .map((r) => ({ xs: r.run.sentences.map((s) => s.features), right: r.run.sentences.map((s) => holds(s.text, r.item.answer)) }))
    .filter((g) => g.right.some(Boolean));
  const sentence = calibrated(fitRanker(SENTENCE_FEATURES, groups), sentenceExamples(fit(first.normal)));

  // 2. The same questions again, now with the spans of each search's best three sentences by that model.
  const sentenceFile = join(args.work!, "sentence-model.json");
  writeFileSync(sentenceFile, JSON.stringify(sentence));
  const items = collectAll(sentenceFile);
  const { normal, excluded } = runsOf(items);
  const all = [...normal, ...excluded];
  say(`${items.length} questions (${fit(normal).length} fit, ${hold(normal).length} holdout)`);
  scoreSentences(all, sentence);
  for (const corpus of new Set(items.map((i) => i.corpus))) {
    say(`sentences, fit ${corpus}: ${sentenceReport(fit(normal).filter((r) => r.item.corpus === corpus))}`);
    say(`sentences, holdout ${corpus}: ${sentenceReport(hold(normal).filter((r) => r.item.corpus === corpus))}`);
  }

  const span = fitLogistic(SPAN_FEATURES, spanExamples(fit(normal)));
  for (const r of all) {
    for (const s of r.spans) s.score = probability(span, s.features);
    r.spans.sort((a, b) => b.score - a.score);
  }

  const answerableExamples = fit(all)
    .filter((r) => r.run.answerable !== undefined)
    .map((r) => ({ x: answerableFeatures(r.item.analysis, r.run.topRetrieval, r.sentences, r.spans), y: (r.run.answerable ? 1 : 0) as 0 | 1 }));
  const answerable = fitLogistic(ANSWERABLE_FEATURES, answerableExamples);

  const positives = fit(normal).filter((r) => r.run.answerable).map((r) => pAnswer(answerable, r)).sort((a, b) => a - b);
  const answerThreshold = positives[Math.floor((1 - ANSWERED) * positives.length)] ?? 0.5;
  const answeredFit = fit(normal).filter((r) => pAnswer(answerable, r) >= answerThreshold);
  // Leads. A lead claims all the question says, so the sentence it cites (with its headline and
  // neighbours) must say enough of the question: its support. Going down from full support band by
  // band, a band is let in only while the leads it adds (at each type's own threshold) hold the answer
  // LEAD_PRECISION of the time on the fit half — lower support is not averaged away by easy leads.
  // Then each type gets the lowest span probability at which its leads are that precise (and
  // LEAD_PRECISION_EACH on each corpus with leads); a type that never gets there gets no leads.
  leadSupport = 0;
  const loose = typeThresholds(answeredFit);
  const supportLeads = answeredFit.filter((r) => r.spans[0] && loose[r.item.analysis.type] !== undefined && r.spans[0].score >= loose[r.item.analysis.type]! && writeLead(r.item.analysis, { shown: r.spans[0].shown, kind: r.spans[0].kind as SpanKind }));
  // Bands too thin to judge (fewer than BAND_LEADS leads) are judged together with the next one down.
  let floor = 1;
  let pending = 0;
  let pendingRight = 0;
  let above = 1;
  for (const step of [...SUPPORT_STEPS].sort((a, b) => b - a).slice(1)) {
    const band = supportLeads.filter((r) => supportOf(r, r.spans[0]!) >= step - 1e-9 && supportOf(r, r.spans[0]!) < above - 1e-9);
    above = step;
    pending += band.length;
    pendingRight += band.filter((r) => holds(writeLead(r.item.analysis, { shown: r.spans[0]!.shown, kind: r.spans[0]!.kind as SpanKind })!, r.item.answer)).length;
    if (pending < BAND_LEADS) continue;
    if (pendingRight / pending < LEAD_PRECISION) break;
    floor = step;
    pending = 0;
    pendingRight = 0;
  }
  leadSupport = floor;
  const leadThresholds = typeThresholds(answeredFit);
  say(`  lead support: ${leadSupport}`);
  for (const type of new Set(answeredFit.map((r) => r.item.analysis.type))) {
    const runs = answeredFit.filter((r) => r.item.analysis.type === type);
    const at = leadThresholds[type];
    const { leads, right } = at === undefined ? { leads: 0, right: 0 } : leadsAt(runs, at);
    say(`  ${type}: lead threshold ${at ?? "none"}, ${leads} leads of ${runs.length} answered fit questions, ${pct(right / Math.max(1, leads))} hold the answer`);
  }
  const leadsAtType = (runs: Run[]) => {
    let leads = 0;
    let right = 0;
    for (const r of runs) {
      const at = leadThresholds[r.item.analysis.type];
      if (at === undefined) continue;
      const got = leadsAt([r], at);
      leads += got.leads;
      right += got.right;
    }
    return { leads, right };
  };

  const report: Record<string, unknown> = {};
  const corpora = [...new Set(items.map((i) => i.corpus))];
  const halves = (["fit", "holdout"] as const).flatMap((half) => corpora.map((corpus) => [`${half} ${corpus}`, (rs: Run[]) => rs.filter((r) => r.item.split === half && r.item.corpus === corpus)] as const));
  for (const [name, pick] of halves) {
    const answered = pick(normal).filter((r) => pAnswer(answerable, r) >= answerThreshold);
    const neg = pick(excluded).filter((r) => r.run.answerable === false);
    const negAnswered = neg.filter((r) => pAnswer(answerable, r) >= answerThreshold);
    const leads = leadsAtType(answered);
    report[name] = {
      questions: pick(normal).length,
      answered_when_answerable: Number(mean(pick(normal).filter((r) => r.run.answerable).map((r) => Number(pAnswer(answerable, r) >= answerThreshold))).toFixed(3)),
      refused_without_gold: Number(mean(neg.map((r) => Number(pAnswer(answerable, r) < answerThreshold))).toFixed(3)),
      lead_precision: Number((leads.right / Math.max(1, leads.leads)).toFixed(3)),
      leads_share: Number((leads.leads / Math.max(1, answered.length)).toFixed(3)),
      confident_leads_without_gold: Number((leadsAtType(negAnswered).leads / Math.max(1, neg.length)).toFixed(3)),
    };
    say(`${name}: ${JSON.stringify(report[name])}`);
  }
  if (process.env.FIT_DEBUG) {
    const byType = new Map<string, { n: number; right: number; leads: number; leadRight: number; anyRight: number }>();
    for (const r of hold(normal)) {
      const t = r.item.analysis.type;
      const e = byType.get(t) ?? { n: 0, right: 0, leads: 0, leadRight: 0, anyRight: 0 };
      e.n++;
      if (r.spans[0] && holds(r.spans[0].shown, r.item.answer)) e.right++;
      if (r.spans.some((sp) => isAnswer(sp.shown, r.item.answer))) e.anyRight++;
      const lead = r.spans[0] && r.spans[0].score >= 0.5 ? writeLead(r.item.analysis, { shown: r.spans[0].shown, kind: r.spans[0].kind as SpanKind }) : undefined;
      if (lead) {
        e.leads++;
        if (holds(lead, r.item.answer)) e.leadRight++;
      }
      byType.set(t, e);
    }
    for (const [t, e] of byType) say(`holdout ${t}: ${e.n} questions, a right span among candidates ${e.anyRight}, best span right ${e.right}, leads at 0.5: ${e.leads} (${e.leadRight} right)`);
    debug((process.env.FIT_HOLDOUT ? hold(normal) : fit(normal)).filter((r) => !process.env.FIT_TYPE || r.item.analysis.type === process.env.FIT_TYPE).slice(0, Number(process.env.FIT_DEBUG)));
  }

  const model: AnswerModel = {
    sentence,
    span,
    answerable,
    thresholds: { answer: Number(answerThreshold.toFixed(4)), lead: leadThresholds, leadSupport },
    provenance: {
      script: ANSWER_MODEL.script,
      data: ["ChronoQA dev single-document questions over chronoqa-corpus.jsonl (MIT)", "CRUD-RAG crud-qa-dev questions over crud-news.jsonl.gz (Apache-2.0)"],
      fitted: today(),
      figures: report,
      settings: { split: "fit on the fit half of src/eval/split.ts; the figures give both halves", targets: { answered_when_answerable: ANSWERED, lead_precision: LEAD_PRECISION } },
      seconds: Math.round((Date.now() - started) / 1000),
    },
  };
  writeFileSync(args.out!, `${JSON.stringify(model, null, 1)}\n`);
  say(`wrote ${args.out}`);
}

function debugSentences(runs: Run[]): void {
  for (const r of runs) {
    const right = r.sentences.findIndex((s) => holds(s.text, r.item.answer));
    if (right <= 0) continue;
    say(`\nQ ${r.item.question} => ${r.item.answer}`);
    for (const s of [r.sentences[0]!, r.sentences[right]!]) {
      const f = SENTENCE_FEATURES.map((n, i) => `${n}=${s.features[i]!.toFixed(2)}`).join(" ");
      say(`  ${s === r.sentences[0] ? "BEST" : `RIGHT#${right}`} ${s.score.toFixed(2)} ${s.text.slice(0, 90)}\n     ${f}`);
    }
  }
}

function debug(runs: Run[]): void {
  if (process.env.FIT_SENTENCES) return debugSentences(runs);
  for (const r of runs) {
    if (process.env.FIT_WRONG && (!r.spans[0] || r.spans[0].score < 0.5 || holds(r.spans[0].text, r.item.answer))) continue;
    const q = r.item.analysis;
    say(`\nQ ${r.item.question} => ${r.item.answer}  [${q.type} wh=${q.wh} noun=${q.whNoun}]`);
    say(`  S ${r.sentences[0]?.score.toFixed(2)} ${r.sentences[0]?.text.slice(0, 100)}`);
    for (const sp of r.spans.slice(0, 3)) say(`  span ${sp.score.toFixed(2)} ${sp.kind} ${sp.text} → ${writeLead(q, { shown: sp.shown, kind: sp.kind as SpanKind }) ?? "(no lead)"}`);
  }
}

(args.collect ? collectOne(args.collect as CorpusName) : fitAll()).catch((e: unknown) => {
  process.stderr.write(`fit-answer-model: ${(e as Error).stack ?? String(e)}\n`);
  process.exit(1);
});
