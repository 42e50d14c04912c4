/** Query files (JSON Lines): `{"id","q","date"?}` for one question, `{"id","turns":[{"q"}…],"date"?}` for a conversation. */
import { readFile } from "node:fs/promises";
import { UsageError } from "./context.js";

interface QueryTurn {
  q: string;
  facts?: string[];
}

export interface QueryItem {
  id: string;
  date?: string;
  /** One element for a single question; several for a conversation. */
  turns: QueryTurn[];
  conversation: boolean;
  /** The raw record, for `eval` (gold ids, evidence, facts, type). */
  raw: Record<string, unknown>;
}

/** A question as the file gives it: a string, never an object or a number asked as 「[object Object]」. */
function questionText(q: unknown, where: string): string {
  if (typeof q === "string") return q;
  const got = q === undefined ? "nothing" : q === null ? "null" : Array.isArray(q) ? "an array" : typeof q === "object" ? "an object" : `a ${typeof q}`;
  throw new UsageError(`${where}: "q" must be the question as a string, got ${got}`);
}

function queryTurn(t: unknown, where: string): QueryTurn {
  if (typeof t !== "object" || t === null || Array.isArray(t)) throw new UsageError(`${where} must be an object such as {"q": "…"}`);
  const turn = t as Record<string, unknown>;
  const facts = Array.isArray(turn.facts) ? turn.facts.map(String) : undefined;
  return { q: questionText(turn.q, where), ...(facts ? { facts } : {}) };
}

export async function readQueries(file: string): Promise<QueryItem[]> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch {
    throw new UsageError(`cannot read query file ${file}`);
  }
  const items: QueryItem[] = [];
  text.split("\n").forEach((line, i) => {
    if (!line.trim()) return;
    let rec: Record<string, unknown>;
    try {
      rec = JSON.parse(line) as Record<string, unknown>;
    } catch {
      throw new UsageError(`${file}:${i + 1} is not valid JSON`);
    }
    const id = String(rec.id ?? `q${i + 1}`);
    const date = typeof rec.date === "string" ? rec.date : undefined;
    const where = `${file}:${i + 1}`;
    if (Array.isArray(rec.turns)) {
      const turns = (rec.turns as unknown[]).map((t, k) => queryTurn(t, `${where} turn ${k + 1}`));
      items.push({ id, date, turns, conversation: true, raw: rec });
    } else if (rec.q !== undefined) {
      items.push({ id, date, turns: [{ q: questionText(rec.q, where) }], conversation: false, raw: rec });
    } else {
      throw new UsageError(`${where} has neither "q" nor "turns"`);
    }
  });
  return items;
}

/** The items a command works on: those of `--queries FILE`, or the one question given on the command line. */
export async function queryItems(question: string | undefined, file: string | undefined, clean: (q: string | undefined) => string): Promise<QueryItem[]> {
  if (file) return readQueries(file);
  const q = clean(question);
  return [{ id: "q1", turns: [{ q }], conversation: false, raw: { id: "q1", q } }];
}
