/**
 * A short welcome when the bot is added to a group (a `my_chat_member` update: the bot's own status
 * there went from left/kicked to member or administrator). Nothing on other changes (promoted,
 * restricted, removed).
 */
import type { Composer } from "grammy";
import type { ChatMember } from "grammy/types";
import { log } from "../log.js";
import type { BotContext } from "./context.js";
import { MSG } from "./messages.js";

const present = (m: ChatMember): boolean => m.status === "member" || m.status === "administrator" || (m.status === "restricted" && m.is_member);

export function registerWelcome(app: Composer<BotContext>): void {
  app.on("my_chat_member", async (ctx) => {
    const { chat, old_chat_member: before, new_chat_member: after } = ctx.myChatMember;
    if (chat.type !== "group" && chat.type !== "supergroup") return;
    if (present(before) || !present(after)) return;
    log.info({ chatType: chat.type }, "added to a group: welcome sent");
    await ctx.reply(MSG.welcome(ctx.me.username));
  });
}
