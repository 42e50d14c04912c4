/** The bot process harness (also used by scripts/bot-load.ts) leaves nothing in the system temp folder. */
import { mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { tempDir } from "../helpers/tmp.js";
import { spawnBot } from "./harness.js";

describe("spawnBot", () => {
  it("removes the scratch folder of votes and subscriptions when the bot exits, and makes none when the caller names both (issue 22: bot-load.ts left folders in the temp folder)", async () => {
    const own = tempDir("wnb-harness-");
    const vectors = join(own, "vectors");
    const tmp = mkdtempSync(join(tmpdir(), "wnb-harness-tmp-"));
    const before = process.env.TMPDIR;
    process.env.TMPDIR = tmp; // os.tmpdir() of this process: where spawnBot makes its scratch folder
    try {
      const a = spawnBot({ VECTOR_DIR: vectors, SEEDS_RESCAN_SECONDS: "0", RELOAD_SECONDS: "0" });
      expect(readdirSync(tmp)).toHaveLength(1);
      await a.stop();
      expect(readdirSync(tmp)).toEqual([]);
      const b = spawnBot({
        VECTOR_DIR: vectors,
        FEEDBACK_DIR: join(own, "f"),
        SUBSCRIPTIONS_DIR: join(own, "s"),
        SEEDS_RESCAN_SECONDS: "0",
        RELOAD_SECONDS: "0",
      });
      expect(readdirSync(tmp)).toEqual([]);
      await b.stop();
    } finally {
      if (before === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = before;
    }
    expect(readdirSync(tmp)).toEqual([]);
  });
});
