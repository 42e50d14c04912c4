/**
 * Groups and commands, sources in place, /sources pages, deep links, inline mode and the bot's
 * profile — driven through grammY's update handling with a recording transport (the emulator serves
 * neither inline queries nor setMyCommands scopes nor my_chat_member updates).
 */
import type { Update } from "grammy/types";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { Config } from "../../src/config/env.js";
import type { Engine } from "../../src/engine/engine.js";
import { parseArticlePayload } from "../../src/bot/deep-links.js";
import { menuCalls, setUpProfile } from "../../src/bot/menu.js";
import { MSG } from "../../src/bot/messages.js";
import { PAGE_SIZE } from "../../src/bot/sources-list.js";
import { setLogLevel } from "../../src/log.js";
import { tempDir } from "../helpers/tmp.js";
import { BOT_INFO, commandUpdate, FakeApi, fakeBot, seedEngine, textUpdate } from "./fake.js";
import { EXTRA_ARTICLES, PAPER, pagedSeeds } from "./paged-seeds.js";

let engine: Engine;
let cfg: Config;

beforeAll(async () => {
  const dir = tempDir("wnb-bot-surfaces-");
  ({ engine, cfg } = await seedEngine(dir, { SEEDS_DIR: pagedSeeds(dir) }));
  setLogLevel("silent");
});

const TAGS = /<\/?(b|i|code)>|<blockquote expandable>|<\/blockquote>|<a href="[^"]*">|<\/a>/g;
const visible = (html: string): string =>
  html
    .replace(TAGS, "")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, "&");

let nextUpdate = 700_000;
const GROUP = -4242;

function groupCommand(text: string, userId = 77): Update {
  const u = commandUpdate(GROUP, text);
  const msg = u.message as unknown as Record<string, unknown>;
  msg.chat = { id: GROUP, type: "supergroup", title: "群" };
  msg.from = { id: userId, is_bot: false, first_name: "U" };
  return u;
}

function press(chatId: number, data: string, messageId: number): Update {
  return {
    update_id: nextUpdate++,
    callback_query: {
      id: String(nextUpdate),
      chat_instance: "x",
      from: { id: chatId, is_bot: false, first_name: "U" },
      data,
      message: { message_id: messageId, date: 0, chat: { id: chatId, type: "private", first_name: "U" } },
    },
  } as unknown as Update;
}

function inlineQuery(query: string, fromId = 91): Update {
  return {
    update_id: nextUpdate++,
    inline_query: { id: `iq${nextUpdate}`, from: { id: fromId, is_bot: false, first_name: "U" }, query, offset: "", chat_type: "sender" },
  } as unknown as Update;
}

type Button = { text: string; callback_data?: string; url?: string };
const buttonsOf = (payload: Record<string, unknown>): Button[] =>
  ((payload.reply_markup as { inline_keyboard?: Button[][] } | undefined)?.inline_keyboard ?? []).flat();

describe("groups and commands", () => {
  it("in a group, commands for another bot and unknown commands get no reply; ours still work", async () => {
    const { bot, api } = await fakeBot(engine, cfg);
    for (const text of ["/help@OtherBot", "/start@OtherBot", "/sources@OtherBot", "/foo", "/foo@TestNameBot", "/foo@OtherBot 西太湖"])
      await bot.handleUpdate(groupCommand(text));
    expect(api.sent(GROUP)).toEqual([]);
    await bot.handleUpdate(groupCommand("/help@TestNameBot"));
    expect(api.sent(GROUP)).toHaveLength(1);
    expect(visible(api.sent(GROUP)[0]!.text)).toContain("/reset");
  });

  it("in a private chat, an unknown command gets a one-line hint (with the nearest command when there is one)", async () => {
    const { bot, api } = await fakeBot(engine, cfg);
    await bot.handleUpdate(commandUpdate(81, "/foo"));
    await bot.handleUpdate(commandUpdate(81, "/hlep"));
    const [foo, hlep] = api.sent(81).map((m) => m.text);
    expect(foo).toBe(MSG.unknownCommand("/foo"));
    expect(foo).not.toContain("\n");
    expect(hlep).toBe(MSG.unknownCommand("/hlep", "/help"));
    expect(api.count("sendChatAction")).toBe(0); // not taken for a question
  });

  it("sets command menus per scope, the description and the short description at start-up", async () => {
    const calls = menuCalls();
    const scope = (type: string) => calls.find((c) => c.scope.type === type)!.commands.map((c) => c.command);
    expect(scope("all_private_chats")).toEqual(expect.arrayContaining(["start", "help", "sources", "reset"]));
    expect(scope("default")).toEqual(scope("all_private_chats"));
    expect(scope("all_group_chats")).not.toContain("start");
    expect(scope("all_group_chats")).toEqual(expect.arrayContaining(["help", "sources", "reset"]));

    const api = new FakeApi();
    const { bot } = await fakeBot(engine, cfg, api);
    await setUpProfile(bot.api);
    const set = api.calls.filter((c) => c.method === "setMyCommands");
    expect(set.map((c) => (c.payload.scope as { type: string }).type).sort()).toEqual(["all_group_chats", "all_private_chats", "default"]);
    for (const c of set) {
      for (const cmd of c.payload.commands as Array<Record<string, unknown>>) {
        expect(Object.keys(cmd).sort()).toEqual(["command", "description"]);
        expect(cmd.description).toMatch(/\p{Script=Han}/u);
      }
    }
    expect(api.calls.find((c) => c.method === "setMyDescription")!.payload.description).toBe(MSG.description);
    expect(api.calls.find((c) => c.method === "setMyShortDescription")!.payload.short_description).toBe(MSG.shortDescription);
    expect(MSG.description.length).toBeLessThanOrEqual(512);
    expect(MSG.shortDescription.length).toBeLessThanOrEqual(120);
  });

  it("a profile call that fails is tried once and never stops start-up", async () => {
    const api = new FakeApi();
    for (const m of ["setMyCommands", "setMyDescription", "setMyShortDescription"]) api.failing.set(m, Infinity);
    const { bot } = await fakeBot(engine, cfg, api);
    await expect(setUpProfile(bot.api)).resolves.toBeUndefined();
    expect(api.count("setMyDescription")).toBe(1);
    expect(api.count("setMyShortDescription")).toBe(1);
    expect(api.count("setMyCommands")).toBe(3);
  });

  it("welcomes a group it is added to, once; says nothing on other changes", async () => {
    const { bot, api } = await fakeBot(engine, cfg);
    const change = (chatType: string, from: string, to: string): Update =>
      ({
        update_id: nextUpdate++,
        my_chat_member: {
          chat: chatType === "private" ? { id: 55, type: "private", first_name: "U" } : { id: GROUP - 1, type: chatType, title: "群" },
          from: { id: 55, is_bot: false, first_name: "U" },
          date: 0,
          old_chat_member: { status: from, user: BOT_INFO },
          new_chat_member: { status: to, user: BOT_INFO },
        },
      }) as unknown as Update;
    await bot.handleUpdate(change("group", "left", "member"));
    await bot.handleUpdate(change("supergroup", "member", "administrator"));
    await bot.handleUpdate(change("supergroup", "administrator", "left"));
    await bot.handleUpdate(change("private", "kicked", "member"));
    expect(api.sent().map((m) => m.text)).toEqual([MSG.welcome(BOT_INFO.username)]);
    expect(api.sent()[0]!.chat_id).toBe(GROUP - 1);
  });
});

describe("sources a reader can check in place", () => {
  it("the answer carries the cited excerpts in an expandable quote, and names sources by headline, paper and date — never a file name", async () => {
    const { bot, api } = await fakeBot(engine, cfg);
    await bot.handleUpdate(textUpdate(82, "叁零陆的总经理是谁"));
    await bot.handleUpdate(textUpdate(82, "湖塘镇社区食堂怎么样了"));
    const [first, second] = api.sent(82).map((m) => m.text);
    expect(first).toMatch(/<blockquote expandable>\[1\] 「[^<]*<b>总经理<\/b>秦金玉[^<]*」<\/blockquote>/u);
    expect(visible(first!)).toContain("[1] 叁零陆动力部件：冲刺四季度“抢赢”更多订单 — 记者 张宁");
    expect(second).toMatch(/<blockquote expandable>\[1\] 「/u);
    expect(visible(second!)).toContain(`— ${PAPER} · 2024-11-01`);
    for (const t of [first!, second!]) expect(t).not.toMatch(/\.txt|\.jsonl|日期未知/u);
  });

  it("/start over pages that print no date and give none to estimate says nothing of dates (never 日期未知)", async () => {
    const dir = tempDir("wnb-bot-undated-");
    const seeds = join(dir, "seeds");
    mkdirSync(seeds);
    // a page that names no year, no day and no season: nothing to date it by
    writeFileSync(
      join(seeds, "p3.txt"),
      "# 湖塘镇新建口袋公园开放\n\n本报讯（记者 王五）湖塘镇新建的三座口袋公园对市民开放，总面积1.2万平方米。\n\n# 夜市开张\n\n本报讯（记者 李四）西太湖畔的夜市开张，首批入驻摊位80个。\n",
    );
    const undated = await seedEngine(dir, { SEEDS_DIR: seeds });
    const { bot, api } = await fakeBot(undated.engine, undated.cfg);
    await bot.handleUpdate(commandUpdate(87, "/start"));
    const text = visible(api.sent(87)[0]!.text);
    expect(text).toContain("我读过 2 篇报道（1 个版面），");
    expect(text).not.toMatch(/日期未知|\.txt/u);
  });

  it("the 原文 message names the paper, not the page file", async () => {
    const { bot, api } = await fakeBot(engine, cfg);
    await bot.handleUpdate(textUpdate(83, "叁零陆的总经理是谁"));
    const src = buttonsOf(api.sent(83)[0] as never).find((b) => b.text === "原文 [1]")!;
    await bot.handleUpdate(press(83, src.callback_data!, 1));
    expect(visible(api.sent(83)[1]!.text)).toContain("叁零陆动力部件");
    expect(api.sent(83)[1]!.text).not.toMatch(/\.txt/u);
  });

  it("/sources is paged, newest first, with ‹ › buttons that edit the page in place", async () => {
    const { bot, api } = await fakeBot(engine, cfg);
    await bot.handleUpdate(commandUpdate(84, "/sources"));
    const total = 9 + EXTRA_ARTICLES;
    const pages = Math.ceil(total / PAGE_SIZE);
    const first = api.sent(84)[0]!;
    expect(visible(first.text)).toContain(`资料库：${total} 篇报道，2024-11-01 至 2024-12-07（推断）（第 1/${pages} 页，最新的在前）`);
    expect((visible(first.text).match(/^· /gmu) ?? []).length).toBe(PAGE_SIZE);
    expect(visible(first.text).indexOf("2024-12-07（推断）\n")).toBeLessThan(visible(first.text).indexOf("2024-11-07"));
    expect(first.text).not.toMatch(/\.txt|\.jsonl/u);
    let kb = buttonsOf(first as never);
    expect(kb.map((b) => b.text)).toEqual([MSG.nextPage]);

    const seen = new Set<string>();
    for (const line of visible(first.text)
      .split("\n")
      .filter((l) => l.startsWith("· ")))
      seen.add(line);
    for (let p = 2; p <= pages; p++) {
      await bot.handleUpdate(press(84, kb.find((b) => b.text === MSG.nextPage)!.callback_data!, 10_000));
      const edit = api.calls.filter((c) => c.method === "editMessageText").at(-1)!.payload;
      expect(edit.message_id).toBe(10_000);
      const text = visible(edit.text as string);
      expect(text).toContain(`（第 ${p}/${pages} 页`);
      for (const line of text.split("\n").filter((l) => l.startsWith("· "))) seen.add(line);
      kb = buttonsOf(edit);
      expect(kb[0]!.text).toBe(MSG.previousPage);
      for (const b of kb) expect(Buffer.byteLength(b.callback_data!)).toBeLessThan(64);
    }
    expect(seen.size).toBe(total); // every article once across the pages
    expect(kb.map((b) => b.text)).toEqual([MSG.previousPage]); // the last page
    await bot.handleUpdate(press(84, kb[0]!.callback_data!, 10_000));
    expect(visible(api.calls.filter((c) => c.method === "editMessageText").at(-1)!.payload.text as string)).toContain(`（第 ${pages - 1}/${pages} 页`);
    // a page past the end (the index shrank since) shows the last page
    await bot.handleUpdate(press(84, "p:99", 10_000));
    expect(visible(api.calls.filter((c) => c.method === "editMessageText").at(-1)!.payload.text as string)).toContain(`（第 ${pages}/${pages} 页`);
    expect(api.sent(84)).toHaveLength(1); // pages were edits, not new messages
  });
});

describe("deep links and inline mode", () => {
  it("/start a_<ref> opens the article's summary with a 原文 button that shows the whole article; a stale link says so", async () => {
    const { bot, api } = await fakeBot(engine, cfg);
    await bot.handleUpdate(commandUpdate(85, "/sources"));
    // the article is on the second page of /sources (the nine seed articles and one more fill the first)
    await bot.handleUpdate(press(85, "p:1", 10_000));
    const secondPage = api.calls.filter((c) => c.method === "editMessageText").at(-1)!.payload.text as string;
    const link = /href="https:\/\/t\.me\/TestNameBot\?start=(a_[A-Za-z0-9_-]+)">湖塘镇口袋公园正式开放</u.exec(secondPage)![1]!;
    expect(link.length).toBeLessThanOrEqual(64);
    expect(parseArticlePayload(link)).toBeDefined();
    await bot.handleUpdate(commandUpdate(85, `/start ${link}`));
    const summary = api.sent(85)[1]!;
    expect(visible(summary.text)).toMatch(new RegExp(`^湖塘镇口袋公园正式开放\n${PAPER} · 2024-11-06\n\n湖塘镇口袋公园正式开放，这是第10号报道。`, "u"));
    const btn = buttonsOf(summary as never);
    expect(btn.map((b) => b.text)).toEqual([MSG.articleButton]);
    await bot.handleUpdate(press(85, btn[0]!.callback_data!, 10_001));
    const full = visible(api.sent(85)[2]!.text);
    expect(full).toContain("湖塘镇口袋公园正式开放");
    expect(full).toContain("下一步，湖塘镇将继续推进口袋公园配套设施建设");

    await bot.handleUpdate(commandUpdate(85, "/start a_1_AAAAAA"));
    expect(api.sent(85)[3]!.text).toBe(MSG.articleGone);
    await bot.handleUpdate(commandUpdate(85, "/start inline"));
    expect(visible(api.sent(85)[4]!.text)).toContain("我读过");
  });

  it("an inline query gets the cited answer as an article result with a deep link back to the bot", async () => {
    const { bot, api } = await fakeBot(engine, cfg);
    await bot.handleUpdate(inlineQuery("叁零陆的总经理是谁"));
    const call = api.calls.find((c) => c.method === "answerInlineQuery")!.payload;
    const results = call.results as Array<Record<string, unknown>>;
    const answer = results[0]!;
    expect(answer.type).toBe("article");
    expect(Buffer.byteLength(answer.id as string)).toBeLessThanOrEqual(64);
    expect(answer.title).toBe("叁零陆的总经理是谁");
    const content = answer.input_message_content as { message_text: string; parse_mode: string };
    expect(content.parse_mode).toBe("HTML");
    expect(visible(content.message_text)).toContain("问：叁零陆的总经理是谁");
    expect(visible(content.message_text)).toContain("秦金玉");
    expect(content.message_text).toContain("<blockquote expandable>");
    expect(content.message_text).not.toMatch(/\.txt/u);
    const buttons = buttonsOf(answer);
    const deep = buttons.find((b) => b.text === "原文 [1]")!;
    expect(deep.url).toMatch(/^https:\/\/t\.me\/TestNameBot\?start=a_\d+_[A-Za-z0-9_-]{6}$/u);
    expect(buttons.some((b) => b.url === "https://t.me/TestNameBot?start=inline")).toBe(true);
    // each cited article is offered too
    expect(results[1]!.title).toBe("叁零陆动力部件：冲刺四季度“抢赢”更多订单");
    expect(call.button).toEqual({ text: MSG.inlineAsk, start_parameter: "inline" });

    // the deep link opens that article in the bot
    await bot.handleUpdate(commandUpdate(86, `/start ${deep.url!.split("start=")[1]}`));
    expect(visible(api.sent(86)[0]!.text)).toMatch(/^叁零陆动力部件：冲刺四季度“抢赢”更多订单\n记者 张宁 · 2024-12（推断）\n\n/u);
    expect(api.count("sendMessage")).toBe(1); // the inline answer itself sent nothing
  });

  it("an empty or unanswerable inline query offers no result but a button to the bot; readers outside ALLOWED_CHAT_IDS get nothing", async () => {
    const { bot, api } = await fakeBot(engine, cfg);
    await bot.handleUpdate(inlineQuery("  "));
    await bot.handleUpdate(inlineQuery("武进区2024年的GDP是多少？"));
    const [empty, none] = api.calls.filter((c) => c.method === "answerInlineQuery").map((c) => c.payload);
    expect(empty!.results).toEqual([]);
    expect(empty!.button).toEqual({ text: MSG.inlineAsk, start_parameter: "inline" });
    expect(none!.results).toEqual([]);
    expect((none!.button as { text: string }).text).toBe(MSG.inlineNothing);

    const restricted = await fakeBot(engine, { ...cfg, ALLOWED_CHAT_IDS: "91" });
    await restricted.bot.handleUpdate(inlineQuery("叁零陆的总经理是谁", 92));
    await restricted.bot.handleUpdate(inlineQuery("叁零陆的总经理是谁", 91));
    const [refused, allowed] = restricted.api.calls.filter((c) => c.method === "answerInlineQuery").map((c) => c.payload);
    expect(refused!.results).toEqual([]);
    expect((allowed!.results as unknown[]).length).toBeGreaterThan(0);
  });
});
