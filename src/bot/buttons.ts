/**
 * The buttons under answers: 「更多」 continues the answer it sits under, 「原文 [n]」 shows the cited
 * passage, and an example question asks it. Pages of /sources and deep-linked articles have
 * handlers of their own (sources-list.ts, deep-links.ts).
 */
import type { Composer } from "grammy";
import type { Engine } from "../engine/engine.js";
import { answerQuestion, sendParagraphs } from "./answer.js";
import type { AnswerContexts } from "./answer-context.js";
import { cosmetic } from "./api.js";
import type { BotContext } from "./context.js";
import { passageOf, sourceParagraphs } from "./format.js";
import { decodeCallback, exampleQuestion } from "./keyboards.js";
import { MSG } from "./messages.js";

export function registerButtons(app: Composer<BotContext>, engine: Engine, contexts: AnswerContexts): void {
  app.on("callback_query:data", async (ctx) => {
    const cb = decodeCallback(ctx.callbackQuery.data);
    const replyTo = ctx.callbackQuery.message?.message_id;
    if (!cb) {
      await cosmetic("answerCallbackQuery", () => ctx.answerCallbackQuery({ text: MSG.sourceGone }));
      return;
    }
    await cosmetic("answerCallbackQuery", () => ctx.answerCallbackQuery());
    if (cb.kind === "more") {
      // 「更多」 continues the answer it sits under (kept in the store, so also after a restart).
      const state = cb.answerId ? await contexts.byId(cb.answerId) : undefined;
      if (cb.answerId && !state) return void (await ctx.reply(MSG.moreExpired));
      return answerQuestion(ctx, engine, contexts, MSG.moreQuestion, { replyTo, ...(state ? { state } : {}) });
    }
    if (cb.kind === "page" || cb.kind === "article") return; // taken by registerSourcesList / registerArticles
    const found = engine.library.source(cb);
    if (!found) {
      await ctx.reply(MSG.sourceGone);
      return;
    }
    if (cb.kind === "source") {
      const passage = passageOf(found.body, found.start, found.end);
      await sendParagraphs(ctx, sourceParagraphs(cb.n, found.article, passage), { replyTo });
      return;
    }
    const question = exampleQuestion(found.article);
    await answerQuestion(ctx, engine, contexts, question, { notice: `问：${question}` });
  });
}
