/**
 * Edited questions, through grammY's update handling with the recorded transport: an edited question
 * is answered again as a reply to it; only a message's latest version is answered; an edit that is no
 * question gets nothing. (The real process against the emulator: e2e.test.ts.)
 */
import type { Update } from "grammy/types";
import { beforeAll, describe, expect, it } from "vitest";
import type { Config } from "../../src/config/env.js";
import type { Engine } from "../../src/engine/engine.js";
import { MSG } from "../../src/bot/messages.js";
import { setLogLevel } from "../../src/log.js";
import { tempDir } from "../helpers/tmp.js";
import { commandUpdate, editedUpdate, FakeApi, fakeBot, seedEngine, textUpdate } from "./fake.js";

let engine: Engine;
let cfg: Config;

beforeAll(async () => {
  setLogLevel("silent");
  ({ engine, cfg } = await seedEngine(tempDir("wnb-edits-")));
});

const visible = (html: string): string =>
  html
    .replace(/<[^>]+>/gu, "")
    .replace(/&quot;/gu, '"')
    .replace(/&amp;/gu, "&");
const idOf = (u: Update): number => u.message!.message_id;

describe("an edited question is answered again", () => {
  it("as a reply to the edited message, saying it answers the corrected question", async () => {
    const { bot, api, close } = await fakeBot(engine, cfg);
    const asked = textUpdate(801, "叁零陆动力部件在哪里？");
    await bot.handleUpdate(asked);
    expect(visible(api.sent(801)[0]!.text)).toContain("湖塘科技产业园");
    await bot.handleUpdate(editedUpdate(801, idOf(asked), "中德技术赋能平台在哪里揭牌？"));
    const sent = api.sent(801);
    expect(sent).toHaveLength(2);
    expect(sent[1]!.reply_parameters?.message_id).toBe(idOf(asked));
    expect(visible(sent[1]!.text).startsWith(MSG.editedQuestion)).toBe(true);
    expect(visible(sent[1]!.text)).toContain("常州科教城");
    expect(sent[1]!.reply_markup?.inline_keyboard.flat().some((b) => b.text === "原文 [1]")).toBe(true);
    await close();
  });

  it("only the latest version: two edits handled together get one answer, to the second; a message edited before its answer is answered once, as edited", async () => {
    const { bot, api, close } = await fakeBot(engine, cfg);
    const asked = textUpdate(802, "叁零陆动力部件在哪里？");
    await bot.handleUpdate(asked);
    await Promise.all([
      bot.handleUpdate(editedUpdate(802, idOf(asked), "中德技术赋能平台在哪里揭牌？")),
      bot.handleUpdate(editedUpdate(802, idOf(asked), "叁零陆的总经理是谁？")),
    ]);
    let sent = api.sent(802);
    expect(sent).toHaveLength(2);
    expect(visible(sent[1]!.text)).toContain("秦金玉");

    // a question and its correction in one batch: only the correction is answered
    const typo = textUpdate(802, "区政协主习是谁？");
    await Promise.all([bot.handleUpdate(typo), bot.handleUpdate(editedUpdate(802, idOf(typo), "区政协主席是谁？"))]);
    sent = api.sent(802);
    expect(sent).toHaveLength(3);
    expect(sent[2]!.reply_parameters?.message_id).toBe(idOf(typo));
    expect(visible(sent[2]!.text)).toContain(MSG.editedQuestion);
    await close();
  });

  it("an edit that leaves the question as it was is not answered twice", async () => {
    const { bot, api, close } = await fakeBot(engine, cfg);
    const asked = textUpdate(803, "叁零陆的总经理是谁？");
    await bot.handleUpdate(asked);
    await bot.handleUpdate(editedUpdate(803, idOf(asked), "叁零陆的总经理是谁？ "));
    expect(api.sent(803)).toHaveLength(1);
    await close();
  });

  it("an edit that is no question gets nothing: a command, small talk, no words; the conversation is left as it was", async () => {
    const { bot, api, close } = await fakeBot(engine, cfg);
    const help = commandUpdate(804, "/help");
    await bot.handleUpdate(help);
    const thanks = textUpdate(804, "谢谢");
    await bot.handleUpdate(thanks);
    const question = textUpdate(804, "叁零陆动力部件在哪里？");
    await bot.handleUpdate(question);
    const before = api.sent(804).length;
    await bot.handleUpdate(editedUpdate(804, idOf(help), "/sources", { entities: [{ type: "bot_command", offset: 0, length: 8 }] }));
    await bot.handleUpdate(editedUpdate(804, idOf(thanks), "谢谢你"));
    await bot.handleUpdate(editedUpdate(804, idOf(question), "？？"));
    expect(api.sent(804)).toHaveLength(before);
    // the follow-up still leans on the last question answered
    await bot.handleUpdate(textUpdate(804, "总经理是谁？"));
    expect(visible(api.sent(804).at(-1)!.text)).toContain("秦金玉");
    await close();
  });

  it("in a group, an edit is answered only when it is addressed to the bot", async () => {
    const api = new FakeApi();
    const { bot, close } = await fakeBot(engine, cfg, api);
    const group = { chat: { id: -805, type: "group", title: "G" } };
    const aside = textUpdate(-805, "午饭吃什么", group, 806);
    await bot.handleUpdate(aside);
    await bot.handleUpdate(editedUpdate(-805, idOf(aside), "叁零陆的总经理是谁？", group, 806));
    expect(api.sent(-805)).toHaveLength(0);
    const asked = textUpdate(-805, "@TestNameBot 叁零陆在哪里", group, 806);
    await bot.handleUpdate(asked);
    await bot.handleUpdate(editedUpdate(-805, idOf(asked), "@TestNameBot 叁零陆的总经理是谁？", group, 806));
    const sent = api.sent(-805);
    expect(sent).toHaveLength(2);
    expect(sent[1]!.reply_parameters?.message_id).toBe(idOf(asked));
    expect(visible(sent[1]!.text)).toContain("秦金玉");
    await close();
  });
});
