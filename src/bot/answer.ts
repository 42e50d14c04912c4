/** Asking the engine on behalf of a chat and sending the answer (split, escaped, with buttons). */
import type { AnswerResult } from "../answer/types.js";
import type { Engine } from "../engine/engine.js";
import { log } from "../log.js";
import { currentUpdate, ops } from "../ops/events.js";
import { cosmetic } from "./api.js";
import type { BotContext } from "./context.js";
import { answerParagraphs, plainText, renderMessages, type Paragraph } from "./format.js";
import { answerKeyboard } from "./keyboards.js";
import { MSG } from "./messages.js";
import { GrammyError, type InlineKeyboard } from "grammy";
import type { ConversationState } from "../conversation/state.js";
import { newAnswerId, type AnswerContexts } from "./answer-context.js";
import { noteAnswer } from "./feedback.js";

export interface SendOptions {
  replyTo?: number;
  keyboard?: InlineKeyboard;
}

/** Telegram refused a message's HTML (400 「can't parse entities」): the same text goes out without markup. */
const isMarkupRefused = (err: unknown): boolean =>
  err instanceof GrammyError && err.error_code === 400 && /parse entities|can't find end|unsupported start tag|entity/iu.test(err.description);

/**
 * Sends paragraphs as one or more HTML messages; the keyboard goes under the last one. Returns the
 * messages' ids. A part whose HTML Telegram refuses is sent again as plain text (the same words,
 * without bold or quotes), so that the reader gets the answer rather than an apology.
 */
export async function sendParagraphs(ctx: BotContext, paragraphs: Paragraph[], opts: SendOptions = {}): Promise<number[]> {
  const parts = renderMessages(paragraphs);
  const ids: number[] = [];
  for (let i = 0; i < parts.length; i++) {
    const common = {
      link_preview_options: { is_disabled: true },
      reply_markup: i === parts.length - 1 ? opts.keyboard : undefined,
      reply_parameters: i === 0 && opts.replyTo ? { message_id: opts.replyTo, allow_sending_without_reply: true } : undefined,
    };
    let sent;
    try {
      sent = await ctx.reply(parts[i]!, { parse_mode: "HTML", ...common });
    } catch (err) {
      if (!isMarkupRefused(err)) throw err;
      log.warn({ err: (err as GrammyError).description }, "Telegram refused a message's HTML; sent it as plain text");
      sent = await ctx.reply(plainText(parts[i]!), common);
    }
    ids.push(sent.message_id);
  }
  return ids;
}

/** Telegram shows 「正在输入」 for 5 s: renewed until the answer is sent (a cosmetic call: failures are ignored). */
const TYPING_RENEW_MS = 4500;

function keepTyping(ctx: BotContext): () => void {
  const send = (): void => void cosmetic("sendChatAction", () => ctx.replyWithChatAction("typing"));
  send();
  const timer = setInterval(send, TYPING_RENEW_MS);
  timer.unref();
  return () => clearInterval(timer);
}

export interface AnswerOptions {
  notice?: string;
  replyTo?: number;
  /** The conversation to continue (a reply to an answer, its 「更多」); the reader's own otherwise. */
  state?: ConversationState;
  /**
   * Asked once the engine has answered: a reason (for the log) not to send the answer after all,
   * such as a newer version of the question (src/bot/edits.ts); the conversation then stays as it was.
   */
  withhold?: (result: AnswerResult) => string | undefined;
}

/**
 * Asks the engine on behalf of a reader and sends the answer. The reader's session moves on to the
 * new conversation, and the answer keeps it too (src/bot/answer-context.ts), so that a reply to this
 * answer, or its 「更多」, continues from here whatever the reader asked in between.
 */
export async function answerQuestion(ctx: BotContext, engine: Engine, contexts: AnswerContexts, question: string, opts: AnswerOptions = {}): Promise<void> {
  const stopTyping = keepTyping(ctx);
  const started = Date.now();
  // the answer stage is engine.ask less the retrieval inside it (src/ops/events.ts)
  const retrievalBefore = currentUpdate()?.retrievalMs ?? 0;
  let outcome;
  try {
    outcome = await engine.ask(question, { state: opts.state ?? ctx.session.conv });
  } catch (err) {
    stopTyping();
    ops.question("error");
    log.error({ chatType: ctx.chat?.type, err: err instanceof Error ? err.message : String(err) }, "engine failed to answer a question");
    await ctx.reply(MSG.failed);
    return;
  }
  ops.stage("answer", Math.max(0, Date.now() - started - ((currentUpdate()?.retrievalMs ?? 0) - retrievalBefore)));
  const { result } = outcome;
  const withheld = opts.withhold?.(result);
  if (withheld) {
    stopTyping();
    log.info({ chatType: ctx.chat?.type, reason: withheld }, "answer not sent");
    return;
  }
  ctx.session.conv = outcome.state;
  const answerId = newAnswerId();
  let sent: number[];
  try {
    // recorded before it is sent, so that its 👍/👎 always find it (src/bot/feedback.ts)
    const feedback = await noteAnswer(ctx, answerId, result);
    const sending = Date.now();
    sent = await sendParagraphs(ctx, answerParagraphs(result, { notice: opts.notice }), {
      replyTo: opts.replyTo,
      keyboard: answerKeyboard(engine.library, result, answerId, { feedback }),
    });
    ops.stage("send", Date.now() - sending);
  } catch (err) {
    ops.question("error");
    throw err;
  } finally {
    stopTyping();
  }
  if (ctx.chat)
    await contexts
      .remember(answerId, outcome.state, ctx.chat.id, sent)
      .catch((err: unknown) =>
        log.warn({ err: (err as Error).message }, "could not keep an answer's context (its 更多 and replies fall back to the reader's)"),
      );
  ops.question(result.found ? "answered" : "refused");
  log.info({ chatType: ctx.chat?.type, found: result.found, sources: result.sources.length, ms: Date.now() - started }, "answered");
}
