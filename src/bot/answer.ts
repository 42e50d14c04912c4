/** Asking the engine on behalf of a chat and sending the answer (split, escaped, with buttons). */
import type { Engine } from "../engine/engine.js";
import { log } from "../log.js";
import { cosmetic } from "./api.js";
import type { BotContext } from "./context.js";
import { answerParagraphs, renderMessages, type Paragraph } from "./format.js";
import { answerKeyboard } from "./keyboards.js";
import { MSG } from "./messages.js";
import type { InlineKeyboard } from "grammy";

export interface SendOptions {
  replyTo?: number;
  keyboard?: InlineKeyboard;
}

/** Sends paragraphs as one or more HTML messages; the keyboard goes under the last one. */
export async function sendParagraphs(ctx: BotContext, paragraphs: Paragraph[], opts: SendOptions = {}): Promise<void> {
  const parts = renderMessages(paragraphs);
  for (let i = 0; i < parts.length; i++) {
    await ctx.reply(parts[i]!, {
      parse_mode: "HTML",
      link_preview_options: { is_disabled: true },
      reply_markup: i === parts.length - 1 ? opts.keyboard : undefined,
      reply_parameters: i === 0 && opts.replyTo ? { message_id: opts.replyTo, allow_sending_without_reply: true } : undefined,
    });
  }
}

export async function answerQuestion(ctx: BotContext, engine: Engine, question: string, opts: { notice?: string; replyTo?: number } = {}): Promise<void> {
  void cosmetic("sendChatAction", () => ctx.replyWithChatAction("typing"));
  const started = Date.now();
  let outcome;
  try {
    outcome = await engine.ask(question, { state: ctx.session.conv });
  } catch (err) {
    log.error({ chat: ctx.chat?.id, err: err instanceof Error ? err.message : String(err) }, "engine failed to answer a question");
    await ctx.reply(MSG.failed);
    return;
  }
  ctx.session.conv = outcome.state;
  const { result } = outcome;
  await sendParagraphs(ctx, answerParagraphs(result, { notice: opts.notice }), {
    replyTo: opts.replyTo,
    keyboard: answerKeyboard(engine.library, result),
  });
  log.info({ chat: ctx.chat?.id, found: result.found, sources: result.sources.length, ms: Date.now() - started }, "answered");
}
