/** Estimated issue dates through the CLI: `articles` and `ask` mark them, in JSON and in text. */
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { cli } from "../helpers/cli.js";
import { tempDir } from "../helpers/tmp.js";

describe("estimated dates in the CLI", () => {
  const index = join(tempDir(), "vectors");

  beforeAll(() => {
    const r = cli(["ingest", "--index", index, "--json"]);
    expect(r.code, r.stderr).toBe(0);
  });

  it("articles --json gives every seed article its estimated date, marked date_estimated: 000 a day, 004 a month", () => {
    const r = cli(["articles", "--index", index, "--json"]);
    expect(r.code, r.stderr).toBe(0);
    const first = r.json.filter((x) => String(x.source).startsWith("000_"));
    const second = r.json.filter((x) => String(x.source).startsWith("004_"));
    expect(first.length).toBeGreaterThan(0);
    for (const row of first) expect(row).toMatchObject({ date: "2024-12-07", date_estimated: true });
    expect(second.length).toBeGreaterThan(0);
    for (const row of second) expect(row).toMatchObject({ date: "2024-12", date_estimated: true });
  });

  it("articles (text) shows the estimated date as 「2024-12-07（推断）」", () => {
    const r = cli(["articles", "--index", index]);
    expect(r.code, r.stderr).toBe(0);
    const line = r.stdout.split("\n").find((l) => l.includes("长三角液流电池产业生态大会在我区举行"));
    expect(line).toContain("2024-12-07（推断）");
  });

  it("ask marks an estimated source date, in JSON (date_estimated) and in text", () => {
    const q = "长三角液流电池产业生态大会在哪里举行？";
    const json = cli(["ask", "--index", index, "--json", q]);
    expect(json.code, json.stderr).toBe(0);
    const sources = json.json[0]!.sources as Array<Record<string, unknown>>;
    const cited = sources.find((s) => String(s.source).startsWith("000_"));
    expect(cited).toMatchObject({ date: "2024-12-07", date_estimated: true });
    const text = cli(["ask", "--index", index, q]);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toContain("2024-12-07（推断）");
  });
});
