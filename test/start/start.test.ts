/** `npm start` (src/main.ts) without a bot token: index handling at start-up, then the terminal chat. */
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, readdirSync, readFileSync, truncateSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { currentGeneration } from "../../src/index/generations.js";
import { DEFAULT_SEEDS, PROJECT_ROOT } from "../../src/paths.js";
import { tempDir } from "../helpers/tmp.js";

const TSX = join(PROJECT_ROOT, "node_modules", ".bin", "tsx");

function start(env: Record<string, string>, input: string) {
  const r = spawnSync(TSX, [join(PROJECT_ROOT, "src/main.ts")], {
    cwd: PROJECT_ROOT,
    encoding: "utf8",
    input,
    env: { ...process.env, LOG_LEVEL: "warn", DOTENV_CONFIG_PATH: "/nonexistent/.env", TELEGRAM_BOT_TOKEN: "", ...env },
    timeout: 60_000,
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

describe("npm start", () => {
  const dir = tempDir("wnb-start-");
  const seeds = join(dir, "seeds");
  const vectors = join(dir, "vectors");
  mkdirSync(seeds);
  for (const f of readdirSync(DEFAULT_SEEDS)) copyFileSync(join(DEFAULT_SEEDS, f), join(seeds, f));
  const env = { SEEDS_DIR: seeds, VECTOR_DIR: vectors };

  it("builds the missing index, says the bot is off in one line, and answers piped questions with citations", () => {
    const r = start(env, "高新区有哪些新能源项目\n");
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/没有设置 TELEGRAM_BOT_TOKEN.*终端/);
    expect(r.stdout).toMatch(/\[1\]/);
    const named = ["理想汽车高压纯电关键零部件", "常诚新能源汽车智能视觉系统", "全钒液流电池产线", "10GW TOPCon"].filter((x) => r.stdout.includes(x));
    expect(named.length).toBeGreaterThanOrEqual(3);
  });

  it("takes in a new seed page at the next start", () => {
    writeFileSync(
      join(seeds, "2024-12-09_p3.txt"),
      "# 湖塘镇三座口袋公园开园\n\n本报讯（记者 王晓）昨天，湖塘镇三座口袋公园同时开园，总面积1.2万平方米，市民可就近休闲。\n",
    );
    const r = start(env, "湖塘镇口袋公园的总面积是多少？\n");
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain("1.2万平方米");
  });

  it("refuses to start on a damaged index, naming the command that fixes it", async () => {
    const gen = (await currentGeneration(vectors))!;
    const docs = readdirSync(gen).find((f) => f.startsWith("docs") || f.startsWith("bodies"))!;
    const before = readFileSync(join(gen, docs)).length;
    truncateSync(join(gen, docs), Math.floor(before / 2));
    const r = start(env, "问题\n");
    expect(r.code).not.toBe(0);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).toMatch(/ingest/);
    expect(r.stdout).not.toMatch(/\[1\]/);
  });
});
