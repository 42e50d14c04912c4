/** The command-line contract of shared/spec/cli.md, exercised through real processes. */
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { cli } from "../helpers/cli.js";
import { tempDir } from "../helpers/tmp.js";

describe("command-line contract", () => {
  const index = join(tempDir(), "vectors");

  beforeAll(() => {
    const r = cli(["ingest", "--index", index, "--json"]);
    expect(r.code, r.stderr).toBe(0);
  });

  it("ingest --json prints the summary fields, and a second run re-embeds nothing", () => {
    const r = cli(["ingest", "--index", index, "--json"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.json).toHaveLength(1);
    expect(r.json[0]).toMatchObject({ documents: 9, added: 0, unchanged: 9, removed: 0 });
    expect(typeof r.json[0]!.chunks).toBe("number");
    expect(typeof r.json[0]!.seconds).toBe("number");
  });

  it("articles --json lists the nine items with headline, byline and source", () => {
    const r = cli(["articles", "--index", index, "--json"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.json).toHaveLength(9);
    for (const row of r.json) expect(Object.keys(row)).toEqual(expect.arrayContaining(["id", "title", "byline", "source", "date", "chars"]));
    expect(r.json.map((x) => x.title)).toContain("中德技术赋能平台揭牌");
  });

  it("search prints one line per query with one result per document, best first", () => {
    const r = cli(["search", "--index", index, "--k", "3", "液流电池产业生态大会"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.json).toHaveLength(1);
    const results = r.json[0]!.results as Array<{ id: string; chunkId: string; score: number; title: string; text: string }>;
    expect(results.length).toBeLessThanOrEqual(3);
    expect(new Set(results.map((x) => x.id)).size).toBe(results.length);
    expect(results[0]!.title).toBe("长三角液流电池产业生态大会在我区举行");
    for (let i = 1; i < results.length; i++) expect(results[i - 1]!.score).toBeGreaterThanOrEqual(results[i]!.score);
  });

  it("ask --json prints only JSON on stdout, with cited sources", () => {
    const r = cli(["ask", "--index", index, "--json", "叁零陆扁线电机产线的自动化率是多少？"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.trim().split("\n")).toHaveLength(1);
    const a = r.json[0]!;
    expect(Object.keys(a)).toEqual(expect.arrayContaining(["id", "turn", "question", "standalone", "found", "answer", "sources"]));
    expect(a.found).toBe(true);
    const sources = a.sources as Array<{ n: number; title: string; excerpt: string }>;
    expect(sources.length).toBeGreaterThan(0);
    for (const m of String(a.answer).matchAll(/\[(\d+)\]/g)) expect(sources.map((s) => s.n)).toContain(Number(m[1]));
  });

  it("fails with one line on stderr and a non-zero code for a missing index, a bad flag and a missing file", () => {
    const missing = cli(["ask", "--index", join(index, "nope"), "问题"]);
    expect(missing.code).not.toBe(0);
    expect(missing.stderr.trim().split("\n")).toHaveLength(1);
    expect(missing.stderr).toMatch(/ingest/);
    expect(missing.stdout).toBe("");

    const badFlag = cli(["search", "--index", index, "--k", "zero", "问题"]);
    expect(badFlag.code).not.toBe(0);
    expect(badFlag.stderr).toMatch(/positive whole number/);

    const badFile = cli(["ask", "--index", index, "--queries", "/no/such/file.jsonl"]);
    expect(badFile.code).not.toBe(0);
    expect(badFile.stderr).toMatch(/cannot read query file/);

    const badSetting = cli(["ask", "--index", index, "问题"], { env: { CHUNK_SIZE: "lots" } });
    expect(badSetting.code).not.toBe(0);
    expect(badSetting.stderr).toMatch(/CHUNK_SIZE/);
  });

  it("answers no stack trace for empty or odd questions", () => {
    const empty = cli(["ask", "--index", index, "   "]);
    expect(empty.code).not.toBe(0);
    expect(empty.stderr).toMatch(/give a question/);
    const odd = cli(["ask", "--index", index, "--json", "\u0001<script>alert(1)</script>？？"]);
    expect(odd.code, odd.stderr).toBe(0);
    expect(odd.stderr).not.toMatch(/at .*\.ts:\d+/);
  });
});
