/** ALLOWED_CHAT_IDS: when set, other chats get one polite refusal and nothing else. */
import type { Context, MiddlewareFn } from "grammy";
import { log } from "../../log.js";
import { cosmetic } from "../api.js";
import { MSG } from "../messages.js";

export function parseChatIds(list: string | undefined): Set<number> | undefined {
  if (!list) return undefined;
  const ids = list.split(/[\s,;]+/).filter(Boolean).map(Number).filter(Number.isSafeInteger);
  return ids.length ? new Set(ids) : undefined;
}

export function allowlist(allowed: Set<number> | undefined): MiddlewareFn<Context> {
  return async (ctx, next) => {
    const chat = ctx.chat?.id;
    if (!allowed || chat === undefined || allowed.has(chat)) return next();
    log.info({ chat }, "update from a chat that is not in ALLOWED_CHAT_IDS: refused");
    if (ctx.callbackQuery) return cosmetic("answerCallbackQuery", () => ctx.answerCallbackQuery({ text: MSG.notAllowed }));
    if (ctx.message) await ctx.reply(MSG.notAllowed);
  };
}
