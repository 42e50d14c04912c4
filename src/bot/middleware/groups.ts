/**
 * Groups: the bot answers only when it is mentioned (@name), replied to, or given a command.
 * Private chats answer everything. Other group messages, and their edits, are dropped before anything
 * else runs.
 */
import type { Context, MiddlewareFn } from "grammy";
import type { Message } from "grammy/types";

export const isGroup = (ctx: Context): boolean => ctx.chat?.type === "group" || ctx.chat?.type === "supergroup";

/** The text addressed to the bot (of a message, or of an edited one), with the @mention removed; undefined when not addressed to it. */
export function addressedText(ctx: Context): string | undefined {
  const msg = ctx.message ?? ctx.editedMessage;
  if (!msg) return undefined;
  const text = msg.text ?? msg.caption;
  if (!isGroup(ctx)) return text ?? "";
  const me = ctx.me;
  const entities = msg.entities ?? msg.caption_entities ?? [];
  const mention = `@${me.username}`.toLowerCase();
  let addressed = msg.reply_to_message?.from?.id === me.id;
  let cleaned = text ?? "";
  for (const e of [...entities].sort((a, b) => b.offset - a.offset)) {
    const part = cleaned.slice(e.offset, e.offset + e.length);
    const mine = (e.type === "mention" && part.toLowerCase() === mention) || (e.type === "text_mention" && e.user.id === me.id);
    if (mine) {
      addressed = true;
      cleaned = cleaned.slice(0, e.offset) + cleaned.slice(e.offset + e.length);
    }
  }
  // Emulators and some clients send no entities: accept a plain-text @name too.
  if (!addressed && text && text.toLowerCase().includes(mention)) {
    addressed = true;
    cleaned = text.replace(new RegExp(`@${me.username}`, "ig"), "");
  }
  return addressed ? cleaned : undefined;
}

const isCommand = (msg: Message): boolean => (msg.entities ?? []).some((e) => e.type === "bot_command" && e.offset === 0);

export function groupGate(): MiddlewareFn<Context> {
  return async (ctx, next) => {
    const msg = ctx.message ?? ctx.editedMessage;
    if (!isGroup(ctx) || !msg) return next();
    if (isCommand(msg) || addressedText(ctx) !== undefined) return next();
  };
}
