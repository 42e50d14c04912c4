/**
 * CMRC 2018 (`corpora/cmrc2018.jsonl.gz`, CC BY-SA 4.0: `{id, context, q, answers:[{text, start}]}`)
 * as the product meets news: each distinct passage becomes an article of a JSON Lines corpus (no
 * headline, no date), each question a query whose gold article is its passage and whose `answer` is
 * its first annotated answer (`answers` keeps them all). The answer model is fit on one half and the
 * lead spans are measured on the other (exact match and F1, src/eval/short-answers.ts).
 */
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";

interface CmrcRow {
  id: string;
  context: string;
  q: string;
  answers: Array<{ text: string; start?: number }>;
}

export interface CmrcFiles {
  corpus: string;
  queries: string;
}

const passageId = (context: string): string => `cmrc-p-${createHash("sha1").update(context).digest("hex").slice(0, 12)}`;

/** Writes the passages and the questions of a CMRC 2018 file into `dir`; returns their paths. */
export function cmrcAsCorpus(file: string, dir: string): CmrcFiles {
  const rows = gunzipSync(readFileSync(file))
    .toString("utf8")
    .split("\n")
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as CmrcRow);
  const passages = new Map<string, string>();
  const queries: string[] = [];
  for (const r of rows) {
    const id = passageId(r.context);
    passages.set(id, r.context);
    const answers = [...new Set(r.answers.map((a) => a.text.trim()).filter(Boolean))];
    if (answers.length) queries.push(JSON.stringify({ id: r.id, q: r.q, answer: answers[0], answers, gold: [id], docs: "single" }));
  }
  mkdirSync(dir, { recursive: true });
  const out = { corpus: join(dir, "cmrc-passages.jsonl"), queries: join(dir, "cmrc-questions.jsonl") };
  writeFileSync(out.corpus, `${[...passages].map(([id, text]) => JSON.stringify({ id, text })).join("\n")}\n`);
  writeFileSync(out.queries, `${queries.join("\n")}\n`);
  return out;
}
