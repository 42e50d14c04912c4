/**
 * Questions: a text message is cleaned and answered (a reply to one of the bot's answers continues
 * that answer's conversation); any other message gets a hint that only text is read. An edited
 * question is answered again, as a reply to it, and only its latest version (src/bot/edits.ts); an
 * edit that is no question (a command, small talk, no words, not text) gets nothing. Registered after
 * every command and button handler.
 */
import type { Composer } from "grammy";
import type { Message } from "grammy/types";
import type { Config } from "../config/env.js";
import type { Engine } from "../engine/engine.js";
import { cleanQuestion } from "../input/question.js";
import { log } from "../log.js";
import { answerQuestion, sendParagraphs } from "./answer.js";
import type { AnswerContexts } from "./answer-context.js";
import { helpParagraphs } from "./commands.js";
import type { BotContext } from "./context.js";
import type { MessageVersions } from "./edits.js";
import { MSG } from "./messages.js";
import { addressedText, isGroup } from "./middleware/groups.js";

const SUPERSEDED = "a newer version of the question came (an edit)";

const isCommand = (msg: Message): boolean => (msg.entities ?? []).some((e) => e.type === "bot_command" && e.offset === 0);

export function registerQuestions(app: Composer<BotContext>, engine: Engine, cfg: Config, contexts: AnswerContexts, versions: MessageVersions): void {
  /** The conversation a message continues: that of the bot's answer it replies to, if any. */
  const repliedState = async (ctx: BotContext, msg: Message) => {
    const repliedTo = msg.reply_to_message;
    return repliedTo?.from?.id === ctx.me.id ? contexts.byMessage(msg.chat.id, repliedTo.message_id) : undefined;
  };

  app.on("message:text", async (ctx) => {
    const text = addressedText(ctx) ?? "";
    const q = cleanQuestion(text, cfg.MAX_QUESTION_CHARS);
    const replyTo = isGroup(ctx) ? ctx.message.message_id : undefined;
    if (q.kind === "empty") return sendParagraphs(ctx, [[{ text: MSG.emptyQuestion }], [], ...helpParagraphs()], { replyTo });
    if (q.kind === "no-words") {
      await ctx.reply(MSG.noWords, { reply_parameters: replyTo ? { message_id: replyTo, allow_sending_without_reply: true } : undefined });
      return;
    }
    // edited before it was answered: the edit is answered instead
    if (!versions.claim(ctx, q.text)) return void log.info({ chatType: ctx.chat.type }, "question not answered: it was edited meanwhile");
    const state = await repliedState(ctx, ctx.message);
    await answerQuestion(ctx, engine, contexts, q.text, {
      notice: q.truncated ? MSG.truncated(cfg.MAX_QUESTION_CHARS) : undefined,
      replyTo: ctx.message.message_id,
      ...(state ? { state } : {}),
      withhold: () => (versions.isLatest(ctx) ? undefined : SUPERSEDED),
    });
  });

  app.on("message", async (ctx) => {
    // Stickers, photos, voice…: in groups only when addressed (the gate let it through).
    await ctx.reply(MSG.nonText);
  });

  app.on("edited_message:text", async (ctx) => {
    const msg = ctx.editedMessage;
    if (isCommand(msg)) return; // a command is not run again
    const q = cleanQuestion(addressedText(ctx) ?? "", cfg.MAX_QUESTION_CHARS);
    if (q.kind !== "ok") return; // no words: nothing to answer again
    if (!versions.claim(ctx, q.text))
      return void log.info({ chatType: ctx.chat.type }, "edit not answered: a newer version came, or its question is the one answered");
    const state = await repliedState(ctx, msg);
    await answerQuestion(ctx, engine, contexts, q.text, {
      notice: [MSG.editedQuestion, q.truncated ? MSG.truncated(cfg.MAX_QUESTION_CHARS) : ""].join(""),
      replyTo: msg.message_id,
      ...(state ? { state } : {}),
      withhold: (result) => (!versions.isLatest(ctx) ? SUPERSEDED : result.smallTalk ? "an edit that is small talk" : undefined),
    });
  });
}
