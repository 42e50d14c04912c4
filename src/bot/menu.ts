/**
 * The bot's profile and command menus, and commands it does not know.
 *
 * - Menus per scope, in Chinese, from COMMANDS (src/bot/messages.ts): every command in private chats
 *   (and the default scope), all but the private-only ones (/start) in groups; built with @grammyjs/commands' CommandGroup
 *   and set with one setMyCommands call per scope.
 * - Description and short description (what Telegram shows before a reader starts the bot).
 * All of it is cosmetic (src/bot/api.ts): tried once at start-up, a failure is a warning and never
 *   stops the bot.
 * - A command no handler took: in a group it is ignored (it may be another bot's, or `/help@OtherBot`),
 *   in a private chat it gets one line that says so, with the nearest known command when there is one.
 *   Register it after every command handler.
 */
import { CommandGroup, commandNotFound, commands, type CommandsFlavor } from "@grammyjs/commands";
import { Composer, type Api, type Context } from "grammy";
import type { BotCommandScope, Message } from "grammy/types";
import { cosmetic } from "./api.js";
import type { BotContext } from "./context.js";
import { COMMANDS, MSG } from "./messages.js";
import { isGroup } from "./middleware/groups.js";

/** Commands that make sense only in a private chat (shown in the private menu only). */
const PRIVATE_ONLY = new Set(["start"]);

const DEFAULT: BotCommandScope = { type: "default" };
const PRIVATE: BotCommandScope = { type: "all_private_chats" };
const GROUPS: BotCommandScope = { type: "all_group_chats" };

/** The known commands as a CommandGroup: the menus per scope, and what an unknown command is compared with. */
function commandMenu(): CommandGroup<Context> {
  const menu = new CommandGroup<Context>();
  for (const c of COMMANDS) {
    const cmd = menu.command(c.command, c.description).addToScope(DEFAULT).addToScope(PRIVATE);
    if (!PRIVATE_ONLY.has(c.command)) cmd.addToScope(GROUPS);
  }
  return menu;
}

/** The setMyCommands calls of the menus: one per scope. */
export function menuCalls(menu = commandMenu()): Array<{ scope: BotCommandScope; commands: Array<{ command: string; description: string }> }> {
  return menu.toArgs().scopes.map((s) => ({
    scope: s.scope ?? { type: "default" as const },
    commands: s.commands.map(({ command, description }) => ({ command, description })),
  }));
}

/** Menus, description and short description: each a cosmetic call (a failure is only a warning). */
export async function setUpProfile(api: Api): Promise<void> {
  for (const { scope, commands: list } of menuCalls()) await cosmetic("setMyCommands", () => api.setMyCommands(list, { scope }));
  await cosmetic("setMyDescription", () => api.setMyDescription(MSG.description));
  await cosmetic("setMyShortDescription", () => api.setMyShortDescription(MSG.shortDescription));
}

const isCommandMessage = (msg: Message | undefined): boolean => (msg?.entities ?? []).some((e) => e.type === "bot_command" && e.offset === 0);

/** Commands no handler took (register after all of them). */
export function registerUnknownCommands(app: Composer<BotContext>): void {
  const menu = commandMenu();
  const unknown = new Composer<BotContext & CommandsFlavor<BotContext>>();
  unknown.use(commands<BotContext>());
  unknown.use(async (ctx) => {
    if (isGroup(ctx)) return; // another bot's command, or one we do not have: not ours to answer in a group
    const text = ctx.message!.text ?? "";
    const word = text.slice(0, ctx.message!.entities!.find((e) => e.type === "bot_command" && e.offset === 0)!.length);
    const suggestion = commandNotFound(menu as unknown as CommandGroup<BotContext>, { ignoreLocalization: true })(ctx) ? ctx.commandSuggestion : null;
    await ctx.reply(MSG.unknownCommand(word, suggestion));
  });
  app.filter((ctx) => isCommandMessage(ctx.message), unknown as unknown as Composer<BotContext>);
}
