/**
 * One JSON log line per update, for the operator: its update id, the chat's type, how it ended
 * (src/ops/events.ts UpdateOutcome) and its timings in ms (total, retrieval, answer, send). Never
 * the text, never a user or chat id. The stages write into the update's record as they run;
 * `markReplies` is the API transformer that tells whether the bot answered at all.
 */
import type { Context, MiddlewareFn, RawApi, Transformer } from "grammy";
import { log } from "../../log.js";
import { currentUpdate, inUpdate, newUpdateRecord, ops, type UpdateOutcome, type UpdateRecord } from "../../ops/events.js";

/** Sends and edits (not 「正在输入」) mark the current update as replied to. */
export const markReplies: Transformer<RawApi> = (prev, method, payload, signal) => {
  if (method !== "sendChatAction" && /^(send|edit|answer|copy|forward)/u.test(method)) {
    const rec = currentUpdate();
    if (rec) rec.replied = true;
  }
  return prev(method, payload, signal);
};

function outcomeOf(ctx: Context, rec: UpdateRecord): UpdateOutcome {
  if (rec.outcome) return rec.outcome;
  if (ctx.callbackQuery) return "button";
  if (ctx.inlineQuery) return "inline";
  if (ctx.myChatMember) return "member";
  if (!rec.replied) return "ignored";
  const command = ctx.message?.entities?.some((e) => e.type === "bot_command" && e.offset === 0);
  return command ? "command" : "replied";
}

const ms = (n: number): number => Math.round(n);

export function updateLog(): MiddlewareFn<Context> {
  return async (ctx, next) => {
    const started = performance.now();
    const rec = newUpdateRecord();
    let failed = false;
    try {
      await inUpdate(rec, async () => {
        try {
          await next();
        } catch (err) {
          failed = true;
          throw err;
        }
      });
    } finally {
      const outcome = failed ? "error" : outcomeOf(ctx, rec);
      ops.update(outcome);
      log.info(
        {
          update: ctx.update.update_id,
          chatType: ctx.chat?.type ?? ctx.inlineQuery?.chat_type,
          outcome,
          ms: ms(performance.now() - started),
          retrievalMs: ms(rec.retrievalMs),
          answerMs: ms(rec.answerMs),
          sendMs: ms(rec.sendMs),
        },
        "update",
      );
    }
  };
}
