/**
 * Long-run memory check for the bot (not part of the tests):
 *   node --expose-gc --import tsx scripts/bot-memory.ts [--updates 20000] [--chats 500]
 * Feeds questions from many chats to the in-process bot (fake Bot API, memory sessions) and
 * prints the V8 heap after a full GC every 20% of the run: it should stay flat.
 */
import { mkdtempSync, readFileSync, rmSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PROJECT_ROOT } from "../src/paths.js";
import { setLogLevel } from "../src/log.js";
import { FakeApi, fakeBot, seedEngine, textUpdate } from "../test/bot/fake.js";

const args = process.argv.slice(2);
const opt = (name: string, def: number): number => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : def;
};
const UPDATES = opt("updates", 20_000);
const CHATS = opt("chats", 500);
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error("run with node --expose-gc --import tsx scripts/bot-memory.ts");

const qfile = join(PROJECT_ROOT, "../shared/eval/seeds-dev.jsonl");
const questions = existsSync(qfile)
  ? readFileSync(qfile, "utf8")
      .split("\n")
      .filter(Boolean)
      .flatMap((l) => {
        const e = JSON.parse(l) as { q?: string; turns?: Array<{ q?: string }> };
        return [e.q, ...(e.turns ?? []).map((t) => t.q)].filter((q): q is string => !!q);
      })
  : ["西太湖有什么新项目？", "高新区有哪些新能源项目", "还有吗"];

async function main(): Promise<void> {
  setLogLevel("silent");
  const dir = mkdtempSync(join(tmpdir(), "wnb-bot-memory-"));
  try {
    const { engine, cfg } = await seedEngine(dir);
    const api = new FakeApi();
    const { bot, store } = await fakeBot(engine, { ...cfg, RATE_LIMIT_PER_MINUTE: 10_000 }, api);
    const step = Math.ceil(UPDATES / 5);
    for (let n = 0; n < UPDATES; n++) {
      await bot.handleUpdate(textUpdate(1 + (n % CHATS), questions[n % questions.length]!));
      if ((n + 1) % step === 0) {
        api.calls.length = 0;
        gc!();
        process.stderr.write(`${n + 1} updates: heap ${(process.memoryUsage().heapUsed / 1e6).toFixed(1)} MB, sessions in memory ${store.memorySize()}\n`);
      }
    }
    await store.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

void main();
