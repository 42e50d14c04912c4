/**
 * Groups and commands and the bot's profile — driven through grammY's update handling with a
 * recording transport (the emulator serves neither setMyCommands scopes nor my_chat_member updates).
 */
import type { Update } from "grammy/types";
import { beforeAll, describe, expect, it } from "vitest";
import type { Config } from "../../src/config/env.js";
import type { Engine } from "../../src/engine/engine.js";
import { menuCalls, setUpProfile } from "../../src/bot/menu.js";
import { MSG } from "../../src/bot/messages.js";
import { setLogLevel } from "../../src/log.js";
import { tempDir } from "../helpers/tmp.js";
import { BOT_INFO, commandUpdate, FakeApi, fakeBot, seedEngine, textUpdate } from "./fake.js";
import { pagedSeeds } from "./paged-seeds.js";

let engine: Engine;
let cfg: Config;

beforeAll(async () => {
  const dir = tempDir("wnb-bot-surfaces-");
  ({ engine, cfg } = await seedEngine(dir, { SEEDS_DIR: pagedSeeds(dir) }));
  setLogLevel("silent");
});

const TAGS = /<\/?(b|i|code)>|<blockquote expandable>|<\/blockquote>|<a href="[^"]*">|<\/a>/g;
const visible = (html: string): string => html.replace(TAGS, "").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&amp;/g, "&");

let nextUpdate = 700_000;
const GROUP = -4242;

function groupCommand(text: string, userId = 77): Update {
  const u = commandUpdate(GROUP, text);
  const msg = u.message as unknown as Record<string, unknown>;
  msg.chat = { id: GROUP, type: "supergroup", title: "群" };
  msg.from = { id: userId, is_bot: false, first_name: "U" };
  return u;
}

type Button = { text: string; callback_data?: string; url?: string };
const buttonsOf = (payload: Record<string, unknown>): Button[] => ((payload.reply_markup as { inline_keyboard?: Button[][] } | undefined)?.inline_keyboard ?? []).flat();

describe("groups and commands", () => {
  it("in a group, commands for another bot and unknown commands get no reply; ours still work", async () => {
    const { bot, api } = await fakeBot(engine, cfg);
    for (const text of ["/help@OtherBot", "/start@OtherBot", "/sources@OtherBot", "/foo", "/foo@TestNameBot", "/foo@OtherBot 西太湖"]) await bot.handleUpdate(groupCommand(text));
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

