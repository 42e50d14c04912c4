/**
 * ALLOWED_CHAT_IDS: when set, another chat is told once that the bot is not open to it, and then not
 * again for an hour, however many messages it sends (30 messages got 30 replies). The log line names
 * the chat's type only, never its id (in a private chat the id is the reader's).
 */
import type { Context, MiddlewareFn } from "grammy";
import { log } from "../../log.js";
import { cosmetic } from "../api.js";
import { MSG } from "../messages.js";

export function parseChatIds(list: string | undefined): Set<number> | undefined {
  if (!list) return undefined;
  const ids = list
    .split(/[\s,;]+/)
    .filter(Boolean)
    .map(Number)
    .filter(Number.isSafeInteger);
  return ids.length ? new Set(ids) : undefined;
}

/** How often a chat outside the list is told so at most. */
const REFUSAL_EVERY_MS = 60 * 60_000;
/** Chats remembered as told (in memory only); the oldest is forgotten past this. */
const REMEMBERED = 10_000;

export function allowlist(allowed: Set<number> | undefined, refuseEveryMs = REFUSAL_EVERY_MS): MiddlewareFn<Context> {
  const told = new Map<number, number>();
  /** Whether the chat should be told now (not told within the last `refuseEveryMs`); notes it. */
  const tellNow = (chat: number): boolean => {
    const now = Date.now();
    const last = told.get(chat);
    if (last !== undefined && now - last < refuseEveryMs) return false;
    told.delete(chat);
    told.set(chat, now);
    if (told.size > REMEMBERED) told.delete(told.keys().next().value!);
    return true;
  };
  return async (ctx, next) => {
    const chat = ctx.chat?.id;
    if (!allowed || chat === undefined || allowed.has(chat)) return next();
    const tell = tellNow(chat);
    if (ctx.callbackQuery) return cosmetic("answerCallbackQuery", () => ctx.answerCallbackQuery(tell ? { text: MSG.notAllowed } : {}));
    if (!tell) return;
    log.info({ chatType: ctx.chat?.type }, "update from a chat that is not in ALLOWED_CHAT_IDS: refused (such a chat is told so once an hour)");
    if (ctx.message) await ctx.reply(MSG.notAllowed);
  };
}
