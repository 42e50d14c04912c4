/** What the subscriptions stand on: topic matching in the engine, the rescan telling which articles it added, cron times. */
import { cpSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config/env.js";
import { Engine } from "../../src/engine/engine.js";
import { updateFromSeeds } from "../../src/engine/ingest.js";
import { SeedRefresher } from "../../src/engine/refresh.js";
import { cronError, cronMatches, dayIn, parseCron } from "../../src/schedule/cron.js";
import { setLogLevel } from "../../src/log.js";
import { testConfig } from "../helpers/config.js";
import { tempDir } from "../helpers/tmp.js";

setLogLevel("silent");

const article = (id: string, title: string, text: string) => `${JSON.stringify({ id, title, text, date: "2024-12-09" })}\n`;

describe("engine.matches: which new articles a followed topic is about", () => {
  const root = tempDir("wnb-topics-");
  const seeds = join(root, "seeds");
  cpSync(testConfig().SEEDS_DIR, seeds, { recursive: true });
  const cfg = testConfig({ SEEDS_DIR: seeds, VECTOR_DIR: join(root, "vectors"), SEEDS_RESCAN_SECONDS: "0" });

  it("matches by the topic's words and their other names, quotes the best sentence, and tells the rescan's new ids to listeners", async () => {
    await updateFromSeeds(cfg);
    const engine = await Engine.open(cfg);
    const heard: string[][] = [];
    const stop = engine.events.on("articlesAdded", (ids) => heard.push(ids));
    const refresher = new SeedRefresher(engine, cfg, 20);
    expect(await refresher.check()).toBe("unchanged");
    expect(heard).toEqual([]);

    writeFileSync(
      join(seeds, "2024-12-09.jsonl"),
      article("flow-2", "全钒液流电池储能电站并网", "昨天，位于西太湖的全钒液流电池储能电站正式并网。电站规模100兆瓦。") +
        article("park-2", "牛塘镇新材料产业园开园", "牛塘镇新材料产业园昨日开园，首批入驻企业12家。"),
    );
    expect(await refresher.check()).toBe("updated");
    expect(heard).toEqual([["flow-2", "park-2"]]);

    const [flow] = engine.matches("液流电池", ["flow-2", "park-2"]);
    expect(flow).toMatchObject({ docId: "flow-2", sentence: "昨天，位于西太湖的全钒液流电池储能电站正式并网。" });
    expect(engine.library.refOf("flow-2", flow!.chunkId)).toBeDefined();
    expect(engine.matches("液流电池", ["park-2"])).toEqual([]);
    expect(engine.matches("新能源", ["flow-2", "park-2"]).map((m) => m.docId)).toEqual(["flow-2"]); // narrower words count
    expect(engine.matches("西太湖 储能", ["flow-2", "park-2"]).map((m) => m.docId)).toEqual(["flow-2"]);
    expect(engine.matches("氢能源汽车", ["flow-2", "park-2"])).toEqual([]); // the lone 氢 is looked for too
    expect(engine.matches("的", ["flow-2"])).toEqual([]);
    expect(engine.matches("液流电池", ["gone"])).toEqual([]);
    expect(engine.topicWords("？？")).toEqual([]);

    // a changed article is not new
    writeFileSync(
      join(seeds, "2024-12-09.jsonl"),
      article("flow-2", "全钒液流电池储能电站并网", "昨天，全钒液流电池储能电站正式并网，规模100兆瓦。") +
        article("park-2", "牛塘镇新材料产业园开园", "牛塘镇新材料产业园昨日开园，首批入驻企业12家。"),
    );
    expect(await refresher.check()).toBe("updated");
    expect(heard).toHaveLength(1);
    stop();
    rmSync(join(seeds, "2024-12-09.jsonl"));
  });
});

describe("cron times (DIGEST_CRON) and days in TIMEZONE", () => {
  it("reads five fields and matches minutes in the time zone", () => {
    const eight = parseCron("0 8 * * *");
    expect(cronMatches(eight, Date.parse("2024-12-07T00:00:00Z"), "Asia/Shanghai")).toBe(true);
    expect(cronMatches(eight, Date.parse("2024-12-07T00:01:00Z"), "Asia/Shanghai")).toBe(false);
    expect(cronMatches(eight, Date.parse("2024-12-07T08:00:00Z"), "UTC")).toBe(true);
    const weekdays = parseCron("30 7,19 * * 1-5");
    expect(cronMatches(weekdays, Date.parse("2024-12-09T11:30:00Z"), "Asia/Shanghai")).toBe(true); // Monday 19:30
    expect(cronMatches(weekdays, Date.parse("2024-12-08T11:30:00Z"), "Asia/Shanghai")).toBe(false); // Sunday
    expect(cronMatches(parseCron("*/15 * * * *"), Date.parse("2024-12-08T11:45:00Z"), "UTC")).toBe(true);
    expect(dayIn(Date.parse("2024-12-06T17:00:00Z"), "Asia/Shanghai")).toBe("2024-12-07");
    expect(cronError("0 8 * *")).toMatch(/5 fields/);
    expect(cronError("61 8 * * *")).toMatch(/minute/);
    expect(() => loadConfig({ DIGEST_CRON: "every morning" }, { dotenv: false })).toThrow(/DIGEST_CRON/);
    expect(() => loadConfig({ TIMEZONE: "Mars/Olympus" }, { dotenv: false })).toThrow(/TIMEZONE/);
    expect(() => loadConfig({ FEEDBACK_SALT: "short" }, { dotenv: false })).toThrow(/FEEDBACK_SALT/);
    expect(() => loadConfig({ PUSH_PER_SECOND: "100" }, { dotenv: false })).toThrow(/PUSH_PER_SECOND/);
    expect(loadConfig({ DIGEST_CRON: " " }, { dotenv: false }).DIGEST_CRON).toBeUndefined();
  });
});
