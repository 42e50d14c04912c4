import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { readJsonl, type SkippedLine } from "../../src/ingest/jsonl.js";
import { emptyReport, readArticles } from "../../src/ingest/sources.js";
import type { Article } from "../../src/types.js";
import { cli } from "../helpers/cli.js";
import { tempDir } from "../helpers/tmp.js";

const dir = tempDir("wnb-jsonl-");
const line = (id: string, text: string) => JSON.stringify({ id, text, title: `标题${id}`, date: "2024-11-02" });

async function all(gen: AsyncIterable<Article>): Promise<Article[]> {
  const out: Article[] = [];
  for await (const a of gen) out.push(a);
  return out;
}

describe("bad corpus files", () => {
  it("skips malformed lines (bad JSON, invalid UTF-8, missing fields), reports their line numbers, reads the rest", async () => {
    const file = join(dir, "mixed.jsonl");
    writeFileSync(
      file,
      Buffer.concat([
        Buffer.from(`${line("a", "武进区举行运动会。")}\n`),
        Buffer.from('{"id": "b", "text": "没有结尾\n'),
        Buffer.from('{"id":"c","text":"'),
        Buffer.from([0xe6, 0xad, 0xff, 0xfe]),
        Buffer.from('"}\n'),
        Buffer.from(`${line("d", "湖塘镇新建公园。")}\r\n`),
        Buffer.from('{"id":"e"}\n[1,2]\n\n'),
        Buffer.from(line("f", "最后一行没有换行符。")),
      ]),
    );
    const skipped: SkippedLine[] = [];
    const got = await all(readJsonl(file, (s) => skipped.push(s)));
    expect(got.map((a) => a.id)).toEqual(["a", "d", "f"]);
    expect(got[1]!.body).toBe("湖塘镇新建公园。");
    expect(skipped.map((s) => [s.line, s.reason.split(" ")[0]])).toEqual([
      [2, "invalid"],
      [3, "invalid"],
      [5, "missing"],
      [6, "not"],
    ]);
    expect(skipped[1]!.reason).toBe("invalid UTF-8");
  });

  it("reads .jsonl.gz, and keeps what precedes the break in a truncated one", async () => {
    const lines = Array.from({ length: 200 }, (_, i) => line(`g${i}`, `第${i}条新闻，内容是关于武进的报道。`.repeat(5))).join("\n");
    const gz = gzipSync(Buffer.from(lines));
    writeFileSync(join(dir, "ok.jsonl.gz"), gz);
    writeFileSync(join(dir, "cut.jsonl.gz"), gz.subarray(0, Math.floor(gz.length / 2)));
    expect((await all(readJsonl(join(dir, "ok.jsonl.gz"), () => {}))).length).toBe(200);
    const skipped: SkippedLine[] = [];
    const part = await all(readJsonl(join(dir, "cut.jsonl.gz"), (s) => skipped.push(s)));
    expect(part.length).toBeGreaterThan(0);
    expect(part.length).toBeLessThan(200);
    expect(skipped.at(-1)!.reason).toMatch(/unreadable/);
  });

  it("reports empty files, pages without articles, non-UTF-8 pages and duplicate ids, and still ingests the good files", async () => {
    const sub = join(dir, "inputs");
    const { mkdirSync } = await import("node:fs");
    mkdirSync(sub);
    writeFileSync(join(sub, "1-empty.jsonl"), "");
    writeFileSync(join(sub, "2-empty.txt"), "\n\n");
    writeFileSync(join(sub, "3-latin1.txt"), Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x0a, 0xff]));
    writeFileSync(join(sub, "4-noise.txt"), "——\n12\n\n——\n");
    writeFileSync(join(sub, "5-a.jsonl"), `${line("x", "第一次出现的文章。")}\n${line("y", "另一篇文章。")}\n`);
    writeFileSync(join(sub, "6-b.jsonl"), `${line("x", "重复的编号，应被忽略。")}\n`);
    const report = emptyReport();
    const got = await all(readArticles([sub], report));
    expect(got.map((a) => [a.id, a.body])).toEqual([
      ["x", "第一次出现的文章。"],
      ["y", "另一篇文章。"],
    ]);
    expect(report.duplicates).toEqual(["x"]);
    expect(report.emptyFiles.map((f) => f.split("/").pop())).toEqual(["1-empty.jsonl", "2-empty.txt"]);
    expect(report.badFiles.map((b) => b.file.split("/").pop())).toEqual(["3-latin1.txt"]);
    expect(report.badFiles[0]!.reason).toMatch(/not valid UTF-8/);
    expect(report.emptyPages.map((f) => f.split("/").pop())).toEqual(["4-noise.txt"]);
  });

  it("refuses binary data as a page or as an article's text (issue 22, item 7: 1,000 NUL bytes became an article)", async () => {
    const sub = join(dir, "binary");
    mkdirSync(sub);
    writeFileSync(join(sub, "nul.txt"), Buffer.alloc(1000));
    writeFileSync(join(sub, "controls.txt"), Buffer.from("\u0001\u0002\u0003武进\u0004\u0005\u0006\u0007\u0008\n".repeat(50)));
    writeFileSync(join(sub, "news.jsonl"), `${line("good", "武进区举行运动会。")}\n${JSON.stringify({ id: "nul", text: "\u0000".repeat(500) })}\n`);
    const report = emptyReport();
    const got = await all(readArticles([sub], report));
    expect(got.map((a) => a.id)).toEqual(["good"]);
    expect(report.badFiles.map((b) => b.file.split("/").pop()).sort()).toEqual(["controls.txt", "nul.txt"]);
    expect(report.badFiles[0]!.reason).toMatch(/binary data/u);
    expect(report.skipped.map((s) => s.reason)).toEqual(['"text" is binary data, not writing']);
  });

  it("ingest exits 1 with one line when no input gives an article, and changes nothing (it exited 0)", () => {
    const index = join(dir, "unusable-index");
    const binary = join(dir, "binary", "nul.txt");
    const r = cli(["ingest", "--input", binary, "--index", index]);
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split("\n").at(-1)).toMatch(
      /^error: none of the 1 input file\(s\) held a usable article \(.*binary data.*\); the index was not changed$/u,
    );
    const nothing = join(dir, "no-inputs");
    mkdirSync(nothing);
    const r2 = cli(["ingest", "--input", nothing, "--index", index]);
    expect(r2.code).toBe(1);
    expect(r2.stderr).toMatch(/error: no input files \(\.txt, \.jsonl, \.jsonl\.gz\) in .*no-inputs; the index was not changed/u);
    const ask = cli(["articles", "--index", index, "--json"]);
    expect(ask.code).toBe(1);
    expect(ask.stderr).toMatch(/no index at/u);
  });
});

describe("HTML character references in scraped text (issue 22: a sentence break inside 「&amp;」 cut a quote to 「集团&amp」)", () => {
  it("are read as the characters they stand for, so answers quote 「集团&恒立」 whole", async () => {
    const { Engine } = await import("../../src/engine/engine.js");
    const { chunkingFromConfig, ingest } = await import("../../src/engine/ingest.js");
    const { testConfig } = await import("../helpers/config.js");
    const file = join(dir, "entities.jsonl");
    const text = "昨天，常州新能源集团&amp;恒立液压签署战略合作协议，双方将共建氢能装备产业园。项目总投资12亿元。";
    writeFileSync(file, `${JSON.stringify({ id: "ent-1", title: "新能源集团&amp;恒立液压签约", date: "2024-12-02", text })}\n`);
    const cfg = testConfig();
    const index = join(dir, "entities-index");
    await ingest(cfg, { inputs: [file], indexDir: index, chunking: chunkingFromConfig(cfg) });
    const engine = await Engine.open(cfg, index);
    const { result } = await engine.ask("新能源集团和谁签署了战略合作协议？");
    expect(result.found).toBe(true);
    expect(result.sources[0]!.title).toBe("新能源集团&恒立液压签约");
    expect(`${result.answer}\n${result.sources[0]!.excerpt}`).toContain("新能源集团&恒立液压签署战略合作协议");
    expect(`${result.answer}\n${result.sources.map((s) => s.excerpt).join("\n")}`).not.toMatch(/&amp/u);
  });

  it("a `;` closing a character reference ends no sentence; AT&T and a bare & stay as written", async () => {
    const { sentences } = await import("../../src/chunk/sentences.js");
    expect(sentences("江苏某某集团&amp;恒立公司签约。总投资5亿元；下一步开工。")).toEqual(["江苏某某集团&amp;恒立公司签约。", "总投资5亿元；", "下一步开工。"]);
    const { decodeEntities } = await import("../../src/ingest/entities.js");
    expect(decodeEntities("AT&T 与 R&D&nbsp;部门 &#20013;&#x56FD; &ampx")).toBe("AT&T 与 R&D 部门 中国 &ampx");
  });
});
