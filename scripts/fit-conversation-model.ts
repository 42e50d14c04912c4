/**
 * Fits when a question leans on the conversation and how much the previous question's words then
 * weigh in its search (data/conversation-model.json), reproducibly:
 *
 *   npx tsx scripts/fit-conversation-model.ts [--crud-corpus F] [--crud-queries F] [--work DIR] [--out FILE]
 *
 * Data: crud-qa-dev's conversations — the questions written about one news item, in order
 * (`crudqa<k>-<item>-<n>`, CRUD-RAG, Apache-2.0) — over crud-news, and the "tune" part of the seed-page
 * conversations of test/fixtures/conversations-seeds.jsonl (their held-out part is never read here).
 * Only the fit half of the crud conversations (src/eval/split.ts, by conversation) is fit on.
 *
 * For each later turn, and for each topic switch (the first question of the next conversation asked
 * right after one), the question is searched alone and with the previous question's search terms at a
 * context weight (and the articles just cited preferred): a turn whose hits hold the gold answer only
 * with the context says it leans on the conversation, one that holds it only alone says it does not
 * (turns where the context changes nothing say nothing; the seed conversations are labelled as written).
 * A logistic model of dependence (src/conversation/dependence.ts DEPENDENCE_FEATURES) is fit for each
 * context weight tried; the weight kept is the one whose gated search holds the answer for the most
 * fit-half turns, net of the turns it loses.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { CONVERSATION_MODEL, DEPENDENCE_FEATURES, dependenceFeatures, type ConversationModel } from "../src/conversation/dependence.js";
import { emptyConversation, type Turn } from "../src/conversation/state.js";
import { ASK_K, Engine } from "../src/engine/engine.js";
import { groupOf, splitOf, type Split } from "../src/eval/split.js";
import { openWorkIndex } from "../src/fit/work-index.js";
import { holdsAny } from "../src/fit/collect.js";
import { fitLogistic } from "../src/fit/logistic.js";
import { today } from "../src/models/fitted.js";
import { probability } from "../src/models/linear.js";
import { dataPath, DEFAULT_SEEDS, PROJECT_ROOT, sharedCorpus } from "../src/paths.js";
import type { QuestionAnalysis } from "../src/question/analyse.js";

const { values: args } = parseArgs({
  options: {
    "crud-corpus": { type: "string", default: sharedCorpus("crud-news.jsonl.gz") },
    "crud-queries": { type: "string", default: sharedCorpus("crud-qa-dev.jsonl") },
    "crud-date": { type: "string", default: "2023-08-31" },
    seeds: { type: "string", default: DEFAULT_SEEDS },
    "seed-conversations": { type: "string", default: join(PROJECT_ROOT, "test", "fixtures", "conversations-seeds.jsonl") },
    work: { type: "string", default: join(tmpdir(), "wnb-fit") },
    out: { type: "string", default: dataPath(CONVERSATION_MODEL.file) },
  },
});
const say = (s: string): boolean => process.stderr.write(`${s}\n`);
/** The context weights tried. */
const WEIGHTS = [0.2, 0.35, 0.5, 0.75, 1];
/** The dependence threshold. */
const DEPENDS_AT = 0.5;

interface Example {
  split: Split;
  x: number[];
  /** Whether the hits hold the answer alone, and with the context at each weight. */
  alone: boolean;
  withContext: boolean[];
  /** A label given by the data itself (the seed conversations), else from the searches. */
  written?: 0 | 1;
  topicSwitch: boolean;
}

async function openIndex(name: string, input: string, date?: string): Promise<{ engine: Engine; date?: string }> {
  return { engine: await openWorkIndex(args.work!, name, input), ...(date ? { date } : {}) };
}

/** The turn a question leaves behind when asked on its own (what a later question reads as its context). */
async function turnOf(engine: Engine, question: string, date: string | undefined): Promise<Turn> {
  const out = await engine.ask(question, { state: emptyConversation(), ...(date ? { date } : {}) });
  return out.state.turns.at(-1)!;
}

/** Whether the search holds the answer: alone, and with the previous question's terms at each weight. */
async function searches(
  engine: Engine,
  a: QuestionAnalysis,
  last: Turn,
  answers: string[],
  date: string | undefined,
): Promise<{ alone: boolean; withContext: boolean[] }> {
  const holds = async (analysis: QuestionAnalysis, prefer?: Set<string>): Promise<boolean> => {
    const hits = await engine.retriever.search(analysis, { k: ASK_K, ...(date ? { date } : {}), ...(prefer ? { prefer } : {}) });
    return hits.some((h) => holdsAny(engine.index.doc(h.docId)?.body ?? h.text, answers));
  };
  const previous = engine.analyse(last.standalone, date).terms;
  const own = new Set(a.terms.map((t) => t.term));
  const withContext: boolean[] = [];
  for (const w of WEIGHTS) {
    const terms = [...a.terms, ...previous.filter((t) => !own.has(t.term)).map((t) => ({ ...t, weight: t.weight * w }))];
    withContext.push(await holds({ ...a, terms }, new Set(last.docIds)));
  }
  return { alone: await holds(a), withContext };
}

interface Row {
  id: string;
  q: string;
  answer?: string;
}

async function crudExamples(): Promise<Example[]> {
  const { engine, date } = await openIndex("crud", args["crud-corpus"]!, args["crud-date"]);
  const rows = readFileSync(args["crud-queries"]!, "utf8")
    .split("\n")
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as Row);
  const groups = new Map<string, Row[]>();
  for (const r of rows) if (groupOf(r.id) !== r.id && r.answer) groups.set(groupOf(r.id), [...(groups.get(groupOf(r.id)) ?? []), r]);
  const order = (id: string): number => Number(/-(\d+)$/u.exec(id)?.[1] ?? 0);
  const convs = [...groups.values()].filter((g) => g.length >= 2).map((g) => [...g].sort((a, b) => order(a.id) - order(b.id)));
  const out: Example[] = [];
  for (const [i, conv] of convs.entries()) {
    if (i % 20 === 0) say(`crud-qa-dev: ${i}/${convs.length} conversations`);
    let last = await turnOf(engine, conv[0]!.q, date);
    const add = async (r: Row, topicSwitch: boolean): Promise<void> => {
      const a = engine.analyse(r.q, date);
      const found = await searches(engine, a, last, [r.answer!], date);
      out.push({ split: splitOf(r.id), x: dependenceFeatures(a, last, (id) => engine.index.doc(id)?.body), ...found, topicSwitch });
    };
    for (const r of conv.slice(1)) {
      await add(r, false);
      last = await turnOf(engine, r.q, date);
    }
    await add(convs[(i + 1) % convs.length]![0]!, true);
  }
  return out;
}

async function seedExamples(): Promise<Example[]> {
  const { engine } = await openIndex("seeds", args.seeds!);
  const convs = readFileSync(args["seed-conversations"]!, "utf8")
    .split("\n")
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as { part: string; covers: string; turns: Array<{ q: string; facts: string[] }> });
  const out: Example[] = [];
  for (const c of convs.filter((x) => x.part === "tune")) {
    for (let n = 1; n < c.turns.length; n++) {
      const last = await turnOf(engine, c.turns[n - 1]!.q, undefined);
      const a = engine.analyse(c.turns[n]!.q);
      const found = await searches(engine, a, last, c.turns[n]!.facts, undefined);
      out.push({
        split: "fit",
        x: dependenceFeatures(a, last, (id) => engine.index.doc(id)?.body),
        ...found,
        written: /topic switch/u.test(c.covers) ? 0 : 1,
        topicSwitch: /topic switch/u.test(c.covers),
      });
    }
  }
  return out;
}

/** The label a search gives a turn at weight w: 1 gained by the context, 0 lost, undefined unchanged. */
const labelAt = (e: Example, w: number): 0 | 1 | undefined =>
  e.written ?? (e.withContext[w] === e.alone ? (e.topicSwitch ? 0 : undefined) : e.withContext[w] ? 1 : 0);

function tally(examples: Example[], w: number, p: (x: number[]) => number): { gained: number; lost: number; turns: number; switchesLost: number } {
  let gained = 0;
  let lost = 0;
  let switchesLost = 0;
  for (const e of examples) {
    const used = p(e.x) >= DEPENDS_AT ? e.withContext[w]! : e.alone;
    if (used && !e.alone) gained++;
    if (!used && e.alone) {
      lost++;
      if (e.topicSwitch) switchesLost++;
    }
  }
  return { gained, lost, turns: examples.length, switchesLost };
}

async function main(): Promise<void> {
  const started = Date.now();
  const crud = await crudExamples();
  const seeds = await seedExamples();
  const fit = [...crud.filter((e) => e.split === "fit"), ...seeds];
  const hold = crud.filter((e) => e.split === "holdout");
  let best: { w: number; net: number; gate: ReturnType<typeof fitLogistic> } | undefined;
  for (const [w, weight] of WEIGHTS.entries()) {
    const labelled = fit.flatMap((e) => {
      const y = labelAt(e, w);
      return y === undefined ? [] : [{ x: e.x, y }];
    });
    const gate = fitLogistic(DEPENDENCE_FEATURES, labelled, { l2: 0.05 });
    const t = tally(
      fit.filter((e) => !e.written),
      w,
      (x) => probability(gate, x),
    );
    say(
      `weight ${weight}: ${labelled.length} labelled turns; fit half gained ${t.gained}, lost ${t.lost} of ${t.turns} (topic switches lost ${t.switchesLost})`,
    );
    const net = t.gained - t.lost;
    if (!best || net > best.net) best = { w, net, gate };
  }
  const { w, gate } = best!;
  const figures: Record<string, unknown> = {};
  for (const [half, examples] of [
    ["fit", fit.filter((e) => !e.written)],
    ["holdout", hold],
  ] as const) {
    const later = tally(
      examples.filter((e) => !e.topicSwitch),
      w,
      (x) => probability(gate, x),
    );
    const switches = tally(
      examples.filter((e) => e.topicSwitch),
      w,
      (x) => probability(gate, x),
    );
    figures[half] = { later_turns: later, topic_switches: switches };
    say(
      `${half}: later turns gained ${later.gained}, lost ${later.lost} of ${later.turns}; topic switches gained ${switches.gained}, lost ${switches.lost} of ${switches.turns}`,
    );
  }
  const model: ConversationModel = {
    gate,
    thresholds: { depends: DEPENDS_AT },
    contextWeight: WEIGHTS[w]!,
    provenance: {
      script: CONVERSATION_MODEL.script,
      data: [
        "crud-qa-dev conversations over crud-news.jsonl.gz (CRUD-RAG, Apache-2.0)",
        "the tune part of test/fixtures/conversations-seeds.jsonl over seeds/",
      ],
      fitted: today(),
      figures,
      settings: {
        split: "fit on the fit half of src/eval/split.ts (by conversation); figures: turns whose search holds the answer",
        weightsTried: WEIGHTS,
        dependsAt: DEPENDS_AT,
      },
      seconds: Math.round((Date.now() - started) / 1000),
    },
  };
  writeFileSync(args.out!, `${JSON.stringify(model, null, 1)}\n`);
  say(`wrote ${args.out}: context weight ${WEIGHTS[w]}`);
}

main().catch((e: unknown) => {
  process.stderr.write(`fit-conversation-model: ${(e as Error).stack ?? String(e)}\n`);
  process.exit(1);
});
