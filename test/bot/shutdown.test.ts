/** Graceful shutdown in long-polling mode: an answer in flight is finished before the bot stops. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Config } from "../../src/config/env.js";
import type { Engine } from "../../src/engine/engine.js";
import { startBot } from "../../src/bot/run.js";
import { setLogLevel } from "../../src/log.js";
import { tempDir } from "../helpers/tmp.js";
import { seedEngine } from "./fake.js";
import { Emulator, sleep } from "./harness.js";

const TOKEN = "77777777:AAShutdownTestToken_abcdefghijklmnop";
let engine: Engine;
let cfg: Config;
let emu: Emulator;

beforeAll(async () => {
  setLogLevel("silent");
  emu = await Emulator.start();
  ({ engine, cfg } = await seedEngine(tempDir("wnb-bot-shutdown-"), { TELEGRAM_BOT_TOKEN: TOKEN, TELEGRAM_API_ROOT: emu.apiRoot }));
});
afterAll(async () => {
  await emu?.stop();
});

describe("graceful shutdown", () => {
  it("stops taking updates but finishes the answer in flight", async () => {
    let started = false;
    const slow = Object.create(engine) as Engine;
    slow.ask = async (q, o) => {
      started = true;
      await sleep(800);
      return engine.ask(q, o);
    };
    const bot = await startBot(slow, cfg);
    const chat = { chatId: 901, userId: 901 };
    await emu.send(TOKEN, chat, "西太湖有什么生物医药项目？");
    while (!started) await sleep(10);
    await bot.stop();
    expect(emu.messages(TOKEN, 901)).toHaveLength(1);
    expect(emu.messages(TOKEN, 901)[0]!.text).toMatch(/\[1\]/);
    // after the stop, nothing more is taken
    await emu.send(TOKEN, chat, "西太湖有什么生物医药项目？");
    await sleep(400);
    expect(emu.messages(TOKEN, 901)).toHaveLength(1);
  });
});
