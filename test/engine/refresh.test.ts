import { appendFileSync, cpSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { Engine } from "../../src/engine/engine.js";
import { updateFromSeeds } from "../../src/engine/ingest.js";
import { SeedRefresher } from "../../src/engine/refresh.js";
import { currentGeneration } from "../../src/index/generations.js";
import { FILES } from "../../src/index/news-index.js";
import { testConfig } from "../helpers/config.js";
import { tempDir } from "../helpers/tmp.js";

const article = (id: string, place: string) =>
  `${JSON.stringify({ id, title: `${place}氢能产业园开园`, text: `${place}氢能产业园昨日开园，首批入驻企业12家，主要生产燃料电池电堆和储氢瓶。`, date: "2024-12-01" })}\n`;

describe("a running engine takes in SEEDS_DIR changes without a restart", () => {
  const root = tempDir("wnb-refresh-");
  const seeds = join(root, "seeds");
  cpSync(testConfig().SEEDS_DIR, seeds, { recursive: true });

  it("adds a new file's articles in place, and removes them when the file goes", async () => {
    const cfg = testConfig({ SEEDS_DIR: seeds, VECTOR_DIR: join(root, "vectors"), SEEDS_RESCAN_SECONDS: "0" });
    await updateFromSeeds(cfg);
    const engine = await Engine.open(cfg);
    const before = engine.index.documentCount;
    const refresher = new SeedRefresher(engine, cfg, 50).start();
    expect(await refresher.check()).toBe("unchanged");
    expect(await refresher.check()).toBe("unchanged");

    writeFileSync(join(seeds, "2024-12-01.jsonl"), article("live-1", "牛塘镇"));
    expect(await refresher.check()).toBe("updated");
    expect(engine.index.documentCount).toBe(before + 1);
    const { result } = await engine.ask("牛塘镇氢能产业园首批入驻了多少家企业？");
    expect(result.found).toBe(true);
    expect(result.answer).toContain("12家");
    expect(result.sources[0]?.title).toBe("牛塘镇氢能产业园开园");
    expect(readdirSync((await currentGeneration(cfg.VECTOR_DIR))!)).toContain(FILES.journal);

    rmSync(join(seeds, "2024-12-01.jsonl"));
    expect(await refresher.check()).toBe("updated");
    expect(engine.index.documentCount).toBe(before);
    expect(engine.index.doc("live-1")).toBeUndefined();
    expect((await engine.search("牛塘镇氢能产业园", { k: 5 })).map((h) => h.docId)).not.toContain("live-1");
    refresher.stop();
  });

  it("waits while a page is still being copied in", async () => {
    const cfg = testConfig({ SEEDS_DIR: seeds, VECTOR_DIR: join(root, "vectors-settle"), SEEDS_RESCAN_SECONDS: "0" });
    await updateFromSeeds(cfg);
    const engine = await Engine.open(cfg);
    const refresher = new SeedRefresher(engine, cfg, 300).start();
    expect(await refresher.check()).toBe("unchanged");
    const file = join(seeds, "2024-12-04.jsonl");
    try {
      writeFileSync(file, article("live-3", "遥观镇"));
      const checking = refresher.check();
      await new Promise((r) => setTimeout(r, 100));
      appendFileSync(file, article("live-4", "嘉泽镇")); // the copy goes on during the check
      expect(await checking).toBe("settling");
      expect(engine.index.doc("live-3")).toBeUndefined();
      expect(await refresher.check()).toBe("updated");
      expect(engine.index.doc("live-3")).toBeDefined();
      expect(engine.index.doc("live-4")).toBeDefined();
    } finally {
      rmSync(file, { force: true });
    }
  });

  it("a rescan and the start-up update keep the articles of a .jsonl.gz that became unreadable half-way (issue 22, item 2)", async () => {
    const cfg = testConfig({ SEEDS_DIR: seeds, VECTOR_DIR: join(root, "vectors-damaged"), SEEDS_RESCAN_SECONDS: "0" });
    const places = ["湖塘镇", "牛塘镇", "洛阳镇", "遥观镇", "嘉泽镇", "雪堰镇", "前黄镇", "礼嘉镇"];
    const whole = gzipSync(Buffer.from(places.flatMap((p) => Array.from({ length: 40 }, (_, i) => article(`gz-${p}-${i}`, `${p}${i}号`))).join("")));
    const file = join(seeds, "archive.jsonl.gz");
    writeFileSync(file, whole);
    try {
      await updateFromSeeds(cfg);
      const engine = await Engine.open(cfg);
      const before = engine.index.documentCount;
      const refresher = new SeedRefresher(engine, cfg, 50).start();
      expect(await refresher.check()).toBe("unchanged");
      writeFileSync(file, whole.subarray(0, Math.floor(whole.length / 2)));
      await refresher.check();
      expect(engine.index.documentCount).toBe(before);
      refresher.stop();
      // the next start-up's update, over the index on disk
      expect(await updateFromSeeds(cfg, engine.index)).toMatchObject({ removed: 0, documents: before });
    } finally {
      rmSync(file, { force: true });
    }
  });

  it("checks on its own every SEEDS_RESCAN_SECONDS", async () => {
    const cfg = testConfig({ SEEDS_DIR: seeds, VECTOR_DIR: join(root, "vectors-timer"), SEEDS_RESCAN_SECONDS: "1" });
    await updateFromSeeds(cfg);
    const engine = await Engine.open(cfg);
    const refresher = new SeedRefresher(engine, cfg, 50).start();
    try {
      expect(await refresher.check()).toBe("unchanged"); // the folder as the index holds it is noted
      writeFileSync(join(seeds, "2024-12-02.jsonl"), article("live-2", "洛阳镇"));
      const deadline = Date.now() + 8000;
      while (!engine.index.doc("live-2") && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      expect(engine.index.doc("live-2")?.title).toBe("洛阳镇氢能产业园开园");
    } finally {
      refresher.stop();
      rmSync(join(seeds, "2024-12-02.jsonl"), { force: true });
    }
  });
});
