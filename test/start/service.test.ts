/**
 * The bot as a supervised service: the documented production command (`node --import tsx src/main.ts`)
 * and `npm start` against a fake Bot API on 127.0.0.1. SIGTERM in the middle of an answer: the answer
 * is sent, then exit 0. A refused token (401) and a conflict (409): exit non-zero (78 or 75, see
 * src/exit-codes.ts) with one plain line saying what to fix.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { cpSync, readdirSync, statSync, truncateSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { EXIT } from "../../src/exit-codes.js";
import { currentGeneration } from "../../src/index/generations.js";
import { DEFAULT_SEEDS, PROJECT_ROOT } from "../../src/paths.js";
import { startFakeBotApi, type FakeBotApi, type FakeBotApiOptions } from "../helpers/fake-bot-api.js";
import { TEST_SALT } from "../helpers/config.js";
import { tempDir } from "../helpers/tmp.js";

const TOKEN = "5555555:AAServiceTestToken_abcdefghijklmnopq";
/** The production command, as docs/operations.md ("Running it") documents it. */
const PRODUCTION = [process.execPath, "--import", "tsx", "src/main.ts"];

interface Run {
  proc: ChildProcess;
  exit: Promise<number | null>;
  stderr: () => string;
  /** Resolves when stderr has a line matching the pattern. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<void>;
}

let dir: string;
const apis: FakeBotApi[] = [];
const procs: ChildProcess[] = [];

beforeAll(() => {
  dir = tempDir("wnb-service-");
  cpSync(DEFAULT_SEEDS, join(dir, "seeds"), { recursive: true });
});
afterEach(async () => {
  for (const p of procs.splice(0)) if (p.exitCode === null && p.signalCode === null) p.kill("SIGKILL");
  for (const a of apis.splice(0)) await a.close();
});

async function fakeApi(opts: FakeBotApiOptions = {}): Promise<FakeBotApi> {
  const api = await startFakeBotApi(opts);
  apis.push(api);
  return api;
}

function launch(command: string[], apiRoot: string, env: Record<string, string> = {}): Run {
  const proc = spawn(command[0]!, command.slice(1), {
    cwd: PROJECT_ROOT,
    stdio: ["ignore", "pipe", "pipe"],
    env: {
      PATH: process.env.PATH ?? "",
      HOME: process.env.HOME ?? "/tmp",
      DOTENV_CONFIG_PATH: "/nonexistent/.env",
      TELEGRAM_BOT_TOKEN: TOKEN,
      TELEGRAM_API_ROOT: apiRoot,
      SEEDS_DIR: join(dir, "seeds"),
      VECTOR_DIR: join(dir, "vectors"),
      SESSION_DIR: join(dir, "sessions"),
      FEEDBACK_DIR: join(dir, "feedback"),
      SUBSCRIPTIONS_DIR: join(dir, "subscriptions"),
      HEALTH_PORT: "0",
      LOG_LEVEL: "info",
      READER_SALT: TEST_SALT,
      ...env,
    },
  });
  procs.push(proc);
  let err = "";
  proc.stderr!.setEncoding("utf8").on("data", (d: string) => (err += d));
  proc.stdout!.resume();
  const exit = new Promise<number | null>((resolve) => proc.once("exit", (code) => resolve(code)));
  return {
    proc,
    exit,
    stderr: () => err,
    async waitFor(pattern, timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      while (!pattern.test(err)) {
        if (proc.exitCode !== null) throw new Error(`exited (${proc.exitCode}) before ${pattern}:\n${err}`);
        if (Date.now() > deadline) throw new Error(`no ${pattern} within ${timeoutMs} ms:\n${err}`);
        await new Promise((r) => setTimeout(r, 25));
      }
    },
  };
}

/** The lines that are not JSON log records: what an operator reads first. */
const plainLines = (stderr: string): string[] => stderr.split("\n").filter((l) => l.trim() !== "" && !l.startsWith("{"));

async function sigtermDuringAnswer(command: string[]): Promise<void> {
  // sendMessage is slow, so that the answer is still being sent when SIGTERM arrives
  const api = await fakeApi({ delayMs: { sendMessage: 1500 } });
  const run = launch(command, api.apiRoot);
  await run.waitFor(/bot running \(long polling\)/);
  api.message(4242, "西太湖有什么生物医药项目？");
  const deadline = Date.now() + 20_000;
  while (!api.calls.some((c) => c.method === "sendMessage")) {
    if (Date.now() > deadline) throw new Error(`the answer was never sent:\n${run.stderr()}`);
    await new Promise((r) => setTimeout(r, 10));
  }
  const signalled = Date.now();
  run.proc.kill("SIGTERM");
  const code = await run.exit;
  expect(code, run.stderr()).toBe(EXIT.ok);
  // it waited for the answer to be sent, then stopped
  expect(Date.now() - signalled).toBeGreaterThan(1000);
  expect(api.sent).toHaveLength(1);
  expect(api.sent[0]!.text).toMatch(/\[1\]/);
  expect(run.stderr()).toMatch(/"signal":"SIGTERM"/);
  expect(run.stderr()).toMatch(/bot stopped/);
  expect(run.stderr()).not.toMatch(/still in flight/);
  expect(plainLines(run.stderr())).toEqual([]);
  // nothing was polled after the stop
  const polls = api.calls.filter((c) => c.method === "getUpdates").length;
  await new Promise((r) => setTimeout(r, 300));
  expect(api.calls.filter((c) => c.method === "getUpdates").length).toBe(polls);
}

describe("the production command (node --import tsx src/main.ts)", () => {
  it("on SIGTERM during an answer: sends it, then exits 0", async () => {
    await sigtermDuringAnswer(PRODUCTION);
  }, 60_000);

  it("a refused token (401 on getMe): exits 78 with one line saying to check the token with @BotFather", async () => {
    const api = await fakeApi({ getMe: { error_code: 401, description: "Unauthorized" } });
    const run = launch(PRODUCTION, api.apiRoot);
    expect(await run.exit, run.stderr()).toBe(EXIT.config);
    expect(plainLines(run.stderr())).toEqual(["error: TELEGRAM_BOT_TOKEN was refused (401): check the token with @BotFather"]);
    expect(run.stderr().trimEnd().split("\n").at(-1)).toMatch(/^error: /);
    expect(run.stderr()).not.toContain(TOKEN);
  }, 60_000);

  it("a token revoked while polling (401 on getUpdates): exits 78 with the same line", async () => {
    const api = await fakeApi({ getUpdates: { error_code: 401, description: "Unauthorized" } });
    const run = launch(PRODUCTION, api.apiRoot);
    expect(await run.exit, run.stderr()).toBe(EXIT.config);
    expect(plainLines(run.stderr())).toEqual(["error: TELEGRAM_BOT_TOKEN was refused (401): check the token with @BotFather"]);
  }, 60_000);

  it("another instance polling (409 on getUpdates): exits 75, saying so and what to do", async () => {
    const api = await fakeApi({
      getUpdates: { error_code: 409, description: "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running" },
    });
    const run = launch(PRODUCTION, api.apiRoot);
    expect(await run.exit, run.stderr()).toBe(EXIT.tempFail);
    const lines = plainLines(run.stderr());
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^error: another instance is polling with this TELEGRAM_BOT_TOKEN \(409\): stop it/);
    expect(lines[0]).toMatch(/WEBHOOK_URL/);
    // the runner's own multi-line dump is not there
    expect(run.stderr()).not.toMatch(/grammY runner/);
  }, 60_000);

  it("a webhook set by another instance (409 on getUpdates): exits 78, naming the webhook", async () => {
    const api = await fakeApi({
      getUpdates: {
        error_code: 409,
        description: "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first",
      },
    });
    const run = launch(PRODUCTION, api.apiRoot);
    expect(await run.exit, run.stderr()).toBe(EXIT.config);
    const lines = plainLines(run.stderr());
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^error: a webhook is set for this TELEGRAM_BOT_TOKEN \(409\)/);
  }, 60_000);

  it("an unreadable index: exits 78 with the index's own line and the command that fixes it", async () => {
    // a copy of the index the tests above built, with one file cut in half
    const broken = join(dir, "broken");
    cpSync(join(dir, "vectors"), broken, { recursive: true });
    const gen = (await currentGeneration(broken))!;
    const file = readdirSync(gen).find((f) => f.startsWith("docs") || f.startsWith("bodies"))!;
    truncateSync(join(gen, file), Math.floor(statSync(join(gen, file)).size / 2));
    const api = await fakeApi();
    const run = launch(PRODUCTION, api.apiRoot, { VECTOR_DIR: broken });
    expect(await run.exit, run.stderr()).toBe(EXIT.config);
    const lines = plainLines(run.stderr());
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^error: .*fix it with: npm run -s cli -- ingest/);
    expect(api.calls).toEqual([]); // it stopped before talking to Telegram
  }, 60_000);
});

describe("npm start", () => {
  it("passes SIGTERM on to the bot: the answer in flight is sent and npm exits 0", async () => {
    await sigtermDuringAnswer(["npm", "start", "--silent"]);
  }, 60_000);
});
