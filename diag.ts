import { readFileSync } from "node:fs";
import { loadConfig } from "./src/config/env.ts";
import { Engine } from "./src/engine/engine.ts";
const [indexDir, file, where] = process.argv.slice(2);
const e = await Engine.open(loadConfig(), indexDir);
const rows = readFileSync(file!, "utf8").split("\n").filter(Boolean).map((l) => JSON.parse(l)).filter((r) => !where || r.docs === where);
const sq = (s: string) => s.replace(/\s+/gu, "").toLowerCase();
const c: Record<string, number> = {};
const inc = (k: string) => (c[k] = (c[k] ?? 0) + 1);
for (const r of rows) {
  const hits = await e.search(r.q, { k: 6, date: r.date });
  const inHits = hits.some((h) => sq(e.index.doc(h.docId)!.body).includes(sq(r.answer)));
  const { result } = await e.ask(r.q, { date: r.date });
  const got = result.found && sq(result.answer).includes(sq(r.answer));
  inc(`${inHits ? "inHits" : "notInHits"} ${result.found ? "found" : "refused"} ${got ? "RIGHT" : "miss"}`);
}
console.log(c);
