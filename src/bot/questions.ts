/**
 * Questions: a text message is cleaned and answered (a reply to one of the bot's answers continues
 * that answer's conversation); any other message gets a hint that only text is read. Registered
 * after every command and button handler.
 */
import type { Composer } from "grammy";
import type { Config } from "../config/env.js";
import type { Engine } from "../engine/engine.js";
import { cleanQuestion } from "../input/question.js";
import { answerQuestion, sendParagraphs } from "./answer.js";
import type { AnswerContexts } from "./answer-context.js";
import { helpParagraphs } from "./commands.js";
import type { BotContext } from "./context.js";
import { MSG } from "./messages.js";
import { addressedText, isGroup } from "./middleware/groups.js";

export function registerQuestions(app: Composer<BotContext>, engine: Engine, cfg: Config, contexts: AnswerContexts): void {
  app.on("message:text", async (ctx) => {
    const text = addressedText(ctx) ?? "";
    const q = cleanQuestion(text, cfg.MAX_QUESTION_CHARS);
    const replyTo = isGroup(ctx) ? ctx.message.message_id : undefined;
    if (q.kind === "empty") return sendParagraphs(ctx, [[{ text: MSG.emptyQuestion }], [], ...helpParagraphs()], { replyTo });
    if (q.kind === "no-words") {
      await ctx.reply(MSG.noWords, { reply_parameters: replyTo ? { message_id: replyTo, allow_sending_without_reply: true } : undefined });
      return;
    }
    // A reply to one of the bot's answers continues that answer's conversation.
    const repliedTo = ctx.message.reply_to_message;
    const state = repliedTo?.from?.id === ctx.me.id ? await contexts.byMessage(ctx.chat.id, repliedTo.message_id) : undefined;
    await answerQuestion(ctx, engine, contexts, q.text, {
      notice: q.truncated ? MSG.truncated(cfg.MAX_QUESTION_CHARS) : undefined,
      replyTo: ctx.message.message_id,
      ...(state ? { state } : {}),
    });
  });

  app.on("message", async (ctx) => {
    // Stickers, photos, voice…: in groups only when addressed (the gate let it through).
    await ctx.reply(MSG.nonText);
  });
}
