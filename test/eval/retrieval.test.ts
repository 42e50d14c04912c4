/**
 * The retrieval eval on the shared seed questions: every evidence string of ../shared/eval/seeds-dev.jsonl
 * must be in the text of the top five `search` results (shared/spec/quality.md, evidence@5 = 1.0).
 */
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { readQueries } from "../../src/cli/queries.js";
import type { Engine } from "../../src/engine/engine.js";
import { evalRetrieval } from "../../src/eval/retrieval.js";
import { PROJECT_ROOT } from "../../src/paths.js";
import { seedEngine } from "../engine/seed-engine.js";

const SEEDS_DEV = resolve(join(PROJECT_ROOT, "..", "shared", "eval", "seeds-dev.jsonl"));

describe("retrieval eval on seeds-dev", () => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await seedEngine();
  });

  it("finds the shared question file", () => {
    if (!existsSync(SEEDS_DEV)) throw new Error(`seeds-dev questions not found at ${SEEDS_DEV}: the retrieval eval cannot run without them`);
  });

  it("puts every evidence string in the top five results (evidence@5 = 1.0)", async () => {
    expect(existsSync(SEEDS_DEV), `missing ${SEEDS_DEV}`).toBe(true);
    const items = await readQueries(SEEDS_DEV);
    const m = await evalRetrieval(engine, items);
    expect(m.queries).toBeGreaterThanOrEqual(10);
    expect(m.misses).toEqual([]);
    expect(m.evidence_at_5).toBe(1);
  });
});
