import { readFileSync } from "node:fs";
import { loadConfig } from "./src/config/env.ts";
import { Engine } from "./src/engine/engine.ts";
import { rankEvidence, ANSWERABLE_FEATURES } from "./src/answer/rank.ts";
const e = await Engine.open(loadConfig(), "/tmp/idx/chrono");
const rows = readFileSync("../shared/corpora/chronoqa-dev.jsonl", "utf8").split("\n").filter(Boolean).map((l) => JSON.parse(l)).filter((r) => r.docs === "single");
let n = 0;
for (const r of rows.slice(0, 200)) {
  const q = e.analyse(r.q, r.date);
  const hits = await e.retriever.search(q, { k: 6, date: r.date, exclude: new Set(r.gold) });
  const rk = rankEvidence(q, hits, e.evidence);
  if (rk.pAnswer >= 0.5 && n++ < 25) {
    console.log(`\nQ ${r.q} => ${r.answer}  p=${rk.pAnswer.toFixed(2)} dates=${JSON.stringify(q.dateRanges)}`);
    console.log("  S", rk.sentences[0]?.text.slice(0, 100));
    console.log("  ", ANSWERABLE_FEATURES.map((f, i) => `${f}=${rk.answerable[i]!.toFixed(2)}`).join(" "));
  }
}
