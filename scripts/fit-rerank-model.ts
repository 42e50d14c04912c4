/**
 * Fits how the retriever re-ranks its candidates (data/rerank-model.json), reproducibly:
 *
 *   npx tsx scripts/fit-rerank-model.ts [--work DIR] [--out FILE]
 *
 * Data: the questions with gold article ids of ChronoQA dev (over the ChronoQA passages, MIT) and
 * CRUD-RAG's crud-qa-dev (over crud-news, Apache-2.0), defaults under ../shared/corpora/. Only the "fit"
 * half of each (src/eval/split.ts) is fit on; `eval --split holdout` gives the honest figures. The
 * indexes are built in --work (default: wnb-fit/ in the system's temporary folder) with the configured
 * embeddings unless they are there already.
 *
 * Each question is searched as the product searches it (the hand-set weights, RETRIEVAL_ABLATE=learned);
 * the re-ranked candidates' features (src/retrieve/rerank-model.ts RERANK_FEATURES) form a group whose
 * gold articles are right, and a conditional logit (src/fit/logistic.ts fitRanker) learns the weights.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { loadConfig } from "../src/config/env.js";
import { embeddingsFromConfig } from "../src/embed/factory.js";
import { chunkingFromConfig, ingest } from "../src/engine/ingest.js";
import { splitOf } from "../src/eval/split.js";
import { fitRanker, type Group } from "../src/fit/logistic.js";
import { NewsIndex } from "../src/index/news-index.js";
import { dataPath, PROJECT_ROOT } from "../src/paths.js";
import { HybridRetriever } from "../src/retrieve/hybrid.js";
import { today } from "../src/models/fitted.js";
import { RERANK_FEATURES } from "../src/retrieve/rerank.js";
import { RERANK_MODEL, type RerankModel } from "../src/retrieve/rerank-model.js";

const corpora = resolve(PROJECT_ROOT, "../shared/corpora");
const { values: args } = parseArgs({
  options: {
    work: { type: "string", default: join(tmpdir(), "wnb-fit") },
    out: { type: "string", default: dataPath(RERANK_MODEL.file) },
    l2: { type: "string", default: "0.01" },
    sets: { type: "string", default: "chronoqa-dev,crud-qa-dev" },
  },
});

interface Question {
  id: string;
  q: string;
  date?: string;
  gold: string[];
}

const sets = [
  { name: "chronoqa-dev", corpus: join(corpora, "chronoqa-corpus.jsonl"), queries: join(corpora, "chronoqa-dev.jsonl"), index: "chrono", date: undefined },
  { name: "crud-qa-dev", corpus: join(corpora, "crud-news.jsonl.gz"), queries: join(corpora, "crud-qa-dev.jsonl"), index: "crud", date: "2023-08-31" },
];

process.env.RETRIEVAL_ABLATE = [process.env.RETRIEVAL_ABLATE, "learned"].filter(Boolean).join(",");
const cfg = loadConfig({ ...process.env, LOG_LEVEL: "warn" }, { dotenv: false });
const started = Date.now();
const groups: Group[] = [];
const counts: Record<string, number> = {};
for (const set of sets.filter((s) => args.sets!.split(",").includes(s.name))) {
  const indexDir = join(args.work!, set.index);
  if (!existsSync(join(indexDir, "CURRENT"))) {
    process.stderr.write(`building the ${set.name} index in ${indexDir} …\n`);
    await ingest(cfg, { inputs: [set.corpus], indexDir, chunking: chunkingFromConfig(cfg), prune: true });
  }
  const retriever = new HybridRetriever(await NewsIndex.open(indexDir, embeddingsFromConfig(cfg)));
  const questions = readFileSync(set.queries, "utf8")
    .split("\n")
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as Question)
    .filter((q) => q.gold?.length && splitOf(q.id) === "fit");
  let used = 0;
  for (const question of questions) {
    let group: Group | undefined;
    const date = question.date ?? set.date;
    await retriever.search(question.q, {
      k: 10,
      ...(date ? { date } : {}),
      onCandidates: (candidates) => {
        const right = candidates.map((c) => question.gold.includes(c.docId));
        if (right.some(Boolean) && !right.every(Boolean)) group = { xs: candidates.map((c) => c.features), right };
      },
    });
    if (group) {
      groups.push(group);
      used++;
    }
  }
  counts[set.name] = used;
  process.stderr.write(`${set.name}: ${used} of ${questions.length} fit-half questions have a gold article among other candidates\n`);
}

const fitted = fitRanker(RERANK_FEATURES, groups, { l2: Number(args.l2) });
const model: RerankModel = {
  ranker: fitted,
  provenance: {
    script: RERANK_MODEL.script,
    data: ["ChronoQA dev (MIT) over chronoqa-corpus.jsonl", "crud-qa-dev (Apache-2.0) over crud-news.jsonl.gz"],
    fitted: today(),
    figures: { groups: counts },
    settings: {
      split:
        "the fit half (src/eval/split.ts), questions with a gold article among the re-ranked candidates; eval --mode search --split holdout gives the honest figures",
      embeddings: `${cfg.EMBEDDINGS}`,
      l2: Number(args.l2),
    },
    seconds: Math.round((Date.now() - started) / 1000),
  },
};
writeFileSync(resolve(args.out!), `${JSON.stringify(model, null, 1)}\n`);
process.stderr.write(
  `wrote ${args.out} in ${((Date.now() - started) / 1000).toFixed(0)} s: ${RERANK_FEATURES.map((f, i) => `${f} ${(fitted.weights[i]! / fitted.scale[i]!).toFixed(3)}`).join(", ")}\n`,
);
