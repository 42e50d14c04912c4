/** Query files: what is not a question is refused in one line that names the line, never asked as 「[object Object]」. */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readQueries } from "../../src/cli/queries.js";
import { cli } from "../helpers/cli.js";
import { tempDir } from "../helpers/tmp.js";

const dir = tempDir("wnb-queries-");
const file = (name: string, lines: unknown[]): string => {
  const f = join(dir, name);
  writeFileSync(f, lines.map((l) => JSON.stringify(l)).join("\n"));
  return f;
};

describe("query files", () => {
  it("refuses a turn whose q is an object, a number or missing, naming the line and the turn (issue 22: it was asked as 「[object Object]」)", async () => {
    await expect(
      readQueries(
        file("obj.jsonl", [
          { id: "a", q: "叁零陆在哪里？" },
          { id: "b", turns: [{ q: "它的总经理是谁？" }, { q: { text: "投资多少？" } }] },
        ]),
      ),
    ).rejects.toThrow(/obj\.jsonl:2 turn 2: "q" must be the question as a string, got an object/u);
    await expect(readQueries(file("num.jsonl", [{ id: "c", q: 42 }]))).rejects.toThrow(/num\.jsonl:1: "q" must be the question as a string, got a number/u);
    await expect(readQueries(file("none.jsonl", [{ id: "d", turns: [{}] }]))).rejects.toThrow(
      /none\.jsonl:1 turn 1: "q" must be the question as a string, got nothing/u,
    );
    await expect(readQueries(file("str.jsonl", [{ id: "e", turns: ["问题"] }]))).rejects.toThrow(/str\.jsonl:1 turn 1 must be an object/u);
  });

  it("ask --queries with such a file exits 1 with that line and asks nothing", () => {
    const r = cli(["ask", "--index", join(dir, "none"), "--queries", file("bad.jsonl", [{ id: "b", turns: [{ q: { text: "投资多少？" } }] }])]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr.trim()).toMatch(/^error: .*bad\.jsonl:1 turn 1: "q" must be the question as a string, got an object$/u);
  });
});
