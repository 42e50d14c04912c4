/**
 * The retrieval eval on the seed questions: every evidence string of seeds-dev.jsonl must be in the
 * text of the top five `search` results (shared/spec/quality.md, evidence@5 = 1.0). The questions are
 * a copy of ../shared/eval/seeds-dev.jsonl kept in test/fixtures, so that the suite runs without ../shared.
 */
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { readQueries } from "../../src/cli/queries.js";
import type { Engine } from "../../src/engine/engine.js";
import { evalRetrieval } from "../../src/eval/retrieval.js";
import { PROJECT_ROOT } from "../../src/paths.js";
import { seedEngine } from "../engine/seed-engine.js";
import { missingFile, skipWhenMissing } from "../helpers/needs.js";

const FIXTURE = join(PROJECT_ROOT, "test", "fixtures", "seeds-dev.jsonl");
const SHARED = resolve(PROJECT_ROOT, "..", "shared", "eval", "seeds-dev.jsonl");

describe("retrieval eval on seeds-dev", () => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await seedEngine();
  });

  it("puts every evidence string in the top five results (evidence@5 = 1.0)", async () => {
    const items = await readQueries(FIXTURE);
    const m = await evalRetrieval(engine, items);
    expect(m.queries).toBeGreaterThanOrEqual(10);
    expect(m.misses).toEqual([]);
    expect(m.evidence_at_5).toBe(1);
  });
});

const noShared = skipWhenMissing(
  missingFile(SHARED, "the shared seed questions", "they are only compared with the copy in test/fixtures"),
  "the check of test/fixtures/seeds-dev.jsonl",
);

describe.skipIf(noShared)("the copy of the shared seed questions", () => {
  it("is the same as ../shared/eval/seeds-dev.jsonl (refresh it with: cp ../shared/eval/seeds-dev.jsonl test/fixtures/)", () => {
    expect(readFileSync(FIXTURE, "utf8")).toBe(readFileSync(SHARED, "utf8"));
  });
});
