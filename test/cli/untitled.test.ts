/**
 * JSON Lines without `title` (as crud-news is): no headline is made up anywhere a reader or a check
 * sees one — `articles`, `search`, `ask --json` sources and the answer text. Only a headline the text
 * gives (「原标题：…」 on its own line or in brackets) is one; the others are cited by paper and date.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { PROJECT_ROOT } from "../../src/paths.js";
import { cli } from "../helpers/cli.js";
import { tempDir } from "../helpers/tmp.js";

const CORPUS = join(PROJECT_ROOT, "test", "fixtures", "untitled-news.jsonl");
/** The headlines the fixture's texts really give; every other document has none. */
const GIVEN = new Map([
  ["u5", "湖畔音乐节周末开幕"],
  ["u6", "夏季电动车充电要注意安全"],
]);
const QUESTIONS = [
  "高温天气最高气温多少度？",
  "社区图书馆馆藏图书多少册？",
  "地铁十九号线二期设站几座？",
  "新能源车企上半年交付多少辆？",
  "湖畔音乐节有多少支乐队？",
  "电动自行车充电要注意什么？",
  "上半年新增就业岗位多少？",
];

describe("a JSON Lines corpus without titles", () => {
  const index = join(tempDir("wnb-untitled-"), "vectors");
  beforeAll(() => {
    const r = cli(["ingest", "--input", CORPUS, "--index", index]);
    expect(r.code, r.stderr).toBe(0);
  });

  it("articles: title is null unless the text gives one", () => {
    const r = cli(["articles", "--index", index, "--json"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.json).toHaveLength(7);
    for (const row of r.json) expect(row.title, String(row.id)).toBe(GIVEN.get(String(row.id)) ?? null);
  });

  it("search: every result's title is the document's own or null", () => {
    const r = cli(["search", "--index", index, "--k", "7", "上半年新增就业岗位"]);
    const results = r.json[0]!.results as Array<{ id: string; title: string | null }>;
    expect(results.length).toBeGreaterThan(0);
    for (const x of results) expect(x.title).toBe(GIVEN.get(x.id) ?? null);
  });

  it("ask: sources carry null titles, and the answers name no headline but the given ones, citing paper and date instead", () => {
    const file = join(tempDir("wnb-untitled-q-"), "q.jsonl");
    writeFileSync(file, QUESTIONS.map((q, i) => JSON.stringify({ id: `q${i}`, q })).join("\n"));
    const r = cli(["ask", "--index", index, "--json", "--queries", file]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.json).toHaveLength(QUESTIONS.length);
    for (const a of r.json) {
      for (const s of a.sources as Array<{ id: string; title: string | null }>) expect(s.title).toBe(GIVEN.get(s.id) ?? null);
      for (const m of String(a.answer).matchAll(/《([^》]*)》/gu)) expect([...GIVEN.values()], String(a.answer)).toContain(m[1]);
    }
    const library = r.json.find((a) => String(a.answer).includes("社区图书馆"))!;
    expect(library.answer).toMatch(/^据新京报2023-07-25报道：/u);
  });

  it("a timeline of untitled articles lists them by date and text, with no empty 《》", () => {
    const r = cli(["ask", "--index", index, "--date", "2023-07-30", "最近关于新京报有什么报道？"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/· 2023年7月24日　来源：新京报/u);
    expect(r.stdout).not.toContain("《");
  });

  it("ask in text names sources by paper and date, never by the file name", () => {
    const r = cli(["ask", "--index", index, "社区图书馆馆藏图书多少册？"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain("[1] （无标题） — 新京报 · 2023-07-25");
    expect(r.stdout).not.toContain("untitled-news.jsonl");
  });
});
