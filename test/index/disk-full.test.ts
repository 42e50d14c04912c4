/**
 * A full disk while writing the index (issue 22, item 4), on a real small file system (a tmpfs):
 * the failed write leaves no partial generation behind, says how much space it needs and how much
 * is free, a second attempt adds no folder, and once there is room the next ingest succeeds.
 */
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { cli } from "../helpers/cli.js";
import { writeCorpus } from "../helpers/corpus.js";
import { mountTmpfs, tmpfsTestsRun, type Tmpfs } from "../helpers/tmpfs.js";
import { tempDir } from "../helpers/tmp.js";

const runs = tmpfsTestsRun("the disk-full tests (test/index/disk-full.test.ts)");
const mounted: Tmpfs[] = [];
afterAll(() => {
  for (const m of mounted) m.unmount();
});

const big = join(tempDir("wnb-disk-full-"), "big.jsonl");
writeCorpus(
  big,
  Array.from({ length: 400 }, (_, i) => i),
);

const generations = (dir: string): string[] => readdirSync(dir).filter((n) => n.startsWith("gen-") || n.startsWith("CURRENT.tmp"));
const bytesOf = (dir: string): number => readdirSync(dir).reduce((n, f) => n + statSync(join(dir, f)).size, 0);
const NEEDS = /it needs about ([\d.]+) MB, and ([\d.]+) MB are free/u;

describe.skipIf(!runs)("a full disk while writing the index", () => {
  it("fails in one line saying how much is needed, leaves no partial generation, and the next ingest with room succeeds (it left one folder per failure and blocked every later write)", () => {
    const fs = mountTmpfs(200 * 1024);
    mounted.push(fs);
    const index = join(fs.dir, "index");
    expect(cli(["ingest", "--index", index]).code).toBe(0); // the seed pages fit
    const live = generations(index);
    expect(live).toHaveLength(1);

    for (let attempt = 0; attempt < 2; attempt++) {
      const r = cli(["ingest", "--index", index, "--input", big]);
      expect(r.code).toBe(1);
      const line = r.stderr.trim().split("\n").at(-1)!;
      expect(line).toMatch(
        /^error: not enough space \(ENOSPC\) on the disk of .* for the new index generation: it needs about [\d.]+ MB, and [\d.]+ MB are free; the partial generation was removed and the live index is unchanged; free some space there/u,
      );
      expect(generations(index)).toEqual(live); // no partial generation left, none added by the second attempt
    }
    expect(cli(["articles", "--index", index, "--json"]).json).toHaveLength(9);

    const needed = Number(NEEDS.exec(cli(["ingest", "--index", index, "--input", big]).stderr)![1]) * 1e6;
    fs.resize(8 * 1024 * 1024);
    const ok = cli(["ingest", "--index", index, "--input", big, "--json"]);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.json[0]).toMatchObject({ documents: 409, added: 400 });
    const written = bytesOf(
      join(
        index,
        readdirSync(index)
          .filter((n) => n.startsWith("gen-"))
          .find((g) => !live.includes(g))!,
      ),
    );
    // the estimate it gave is the size the generation turned out to have, within 25 %
    expect(needed).toBeGreaterThan(written * 0.75);
    expect(needed).toBeLessThan(written * 1.25);
  }, 120_000);

  it("an hnswlib graph cut short by the full disk is caught (hnswlib does not report it), and nothing is published", () => {
    const fs = mountTmpfs(900 * 1024);
    mounted.push(fs);
    const index = join(fs.dir, "hnsw");
    const env = { VECTOR_SEARCH: "hnsw" };
    const r = cli(["ingest", "--index", index, "--input", big], { env });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(NEEDS);
    expect(readdirSync(index).filter((n) => n.startsWith("gen-") || n === "CURRENT")).toEqual([]);
    fs.resize(16 * 1024 * 1024);
    expect(cli(["ingest", "--index", index, "--input", big], { env }).code).toBe(0);
    const ask = cli(["search", "--index", index, "--k", "1", "湖塘镇社区食堂"], { env });
    expect(ask.code, ask.stderr).toBe(0);
    expect((ask.json[0]!.results as unknown[]).length).toBe(1);
  }, 90_000);
});
