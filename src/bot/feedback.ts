/**
 * 👍 / 👎 under every answer, and the record of every question asked (src/feedback/store.ts).
 *
 * registerFeedback() gives each update a recorder; answerQuestion() calls noteAnswer() before it
 * sends an answer, which records it under the answer's id (the id its 👍/👎 and 「更多」 carry), so
 * a vote always finds what it is about: the question, the question as understood, the cited
 * articles and whether it was answered. Readers are stored as salted hashes only. A store that
 * fails never holds up an answer: the answer goes out without the vote buttons (logged once).
 *
 * A vote is acknowledged on its button too: in a private chat the answer's keyboard is edited so that
 * the chosen button reads 「👍 已记录」 (the other stays as it was, so a press on it changes the vote:
 * the report counts a reader's last vote). The edit is cosmetic: tried once, a failure is a warning.
 * In a group the answer is everyone's, so its buttons are left as they are (votes are each member's).
 */
import type { Composer, Context } from "grammy";
import type { InlineKeyboardButton, InlineKeyboardMarkup } from "grammy/types";
import type { AnswerResult } from "../answer/types.js";
import type { Config } from "../config/env.js";
import { createFeedbackStore, readerHash, type FeedbackStore } from "../feedback/store.js";
import { log } from "../log.js";
import { dayIn } from "../schedule/cron.js";
import { cosmetic } from "./api.js";
import type { BotContext } from "./context.js";
import { decodeFeedback, feedbackData } from "./keyboards.js";
import { MSG } from "./messages.js";

const STORE_TIMEOUT_MS = 1500;
const RECORDER = Symbol.for("wnb.feedback.recorder");

interface Recorder {
  store: FeedbackStore;
  cfg: Config;
}

export interface FeedbackHandle {
  /** The store in use (undefined when FEEDBACK=off). */
  store: FeedbackStore | undefined;
  close(): Promise<void>;
}

function timeout<T>(p: Promise<T>, ms = STORE_TIMEOUT_MS): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([p, new Promise<T>((_, reject) => (timer = setTimeout(() => reject(new Error(`feedback store timed out after ${ms} ms`)), ms)))]).finally(
    () => clearTimeout(timer),
  );
}

let degraded = false;
function failed(op: string, err: unknown): void {
  if (degraded) return;
  degraded = true;
  log.warn({ op, err: err instanceof Error ? err.message : String(err) }, "feedback store unavailable: answers go out without 👍/👎 until it is back");
}
function succeeded(): void {
  if (degraded) log.info("feedback store is back");
  degraded = false;
}

const isGroupChat = (ctx: Context): boolean => ctx.chat?.type === "group" || ctx.chat?.type === "supergroup";

async function hashedReader(r: Recorder, ctx: Context): Promise<string> {
  const id = ctx.from?.id ?? ctx.chat?.id ?? 0;
  return readerHash(await r.store.salt(), id);
}

/**
 * Records an answer about to be sent under `answerId`; true when it was recorded, so that the
 * answer may carry 👍/👎 (false when feedback is off or the store failed).
 */
export async function noteAnswer(ctx: Context, answerId: string, result: AnswerResult): Promise<boolean> {
  const r = (ctx as unknown as Record<symbol, Recorder | undefined>)[RECORDER];
  // small talk is no question: not recorded, no votes
  if (!r || result.smallTalk) return false;
  try {
    const now = Date.now();
    await timeout(
      (async () =>
        r.store.recordAnswer({
          id: answerId,
          at: new Date(now).toISOString(),
          day: dayIn(now, r.cfg.TIMEZONE),
          reader: await hashedReader(r, ctx),
          chat: isGroupChat(ctx) ? "group" : "private",
          question: result.question,
          standalone: result.standalone,
          found: result.found,
          docIds: [...new Set(result.sources.map((s) => s.id))],
          ...(result.continues ? { continues: true } : {}),
        }))(),
    );
    succeeded();
    return true;
  } catch (err) {
    failed("record answer", err);
    return false;
  }
}

/**
 * The keyboard of an answer with `vote` marked as counted on its button and the other vote button as
 * it first was; undefined when the keyboard shows that already (nothing to edit).
 */
function votedKeyboard(markup: InlineKeyboardMarkup, answerId: string, vote: "up" | "down"): InlineKeyboardMarkup | undefined {
  const label = { [feedbackData("up", answerId)]: MSG.voteUpButton, [feedbackData("down", answerId)]: MSG.voteDownButton };
  const chosen = feedbackData(vote, answerId);
  let changed = false;
  const inline_keyboard = markup.inline_keyboard.map((row) =>
    row.map((b): InlineKeyboardButton => {
      const data = "callback_data" in b ? b.callback_data : undefined;
      const plain = data === undefined ? undefined : label[data];
      if (plain === undefined) return b;
      const text = data === chosen ? MSG.voteCounted(plain) : plain;
      if (text === b.text) return b;
      changed = true;
      return { ...b, text };
    }),
  );
  return changed ? { inline_keyboard } : undefined;
}

/** Marks the vote on the answer's own buttons (private chats; cosmetic: a failure stops nothing). */
async function acknowledgeOnButton(ctx: Context, answerId: string, vote: "up" | "down"): Promise<void> {
  if (isGroupChat(ctx)) return;
  const markup = ctx.callbackQuery?.message?.reply_markup;
  const edited = markup ? votedKeyboard(markup, answerId, vote) : undefined;
  if (edited) await cosmetic("editMessageReplyMarkup", () => ctx.editMessageReplyMarkup({ reply_markup: edited }));
}

/**
 * Installs the recorder (FEEDBACK=on) and the handler of 👍/👎 presses. Register it before the
 * handlers that answer questions and before the general callback handler.
 */
export function registerFeedback(app: Composer<BotContext>, cfg: Config, store?: FeedbackStore): FeedbackHandle {
  if (cfg.FEEDBACK === "off") {
    app.callbackQuery(/^f:/u, (ctx) => cosmetic("answerCallbackQuery", () => ctx.answerCallbackQuery()));
    return { store: undefined, close: async () => undefined };
  }
  const s = store ?? createFeedbackStore(cfg);
  const recorder: Recorder = { store: s, cfg };
  app.use((ctx, next) => {
    (ctx as unknown as Record<symbol, Recorder>)[RECORDER] = recorder;
    return next();
  });
  app.callbackQuery(/^f:/u, async (ctx) => {
    const vote = decodeFeedback(ctx.callbackQuery.data);
    let text: string = MSG.voteGone;
    let counted = false;
    if (vote) {
      try {
        const answer = await timeout(s.answer(vote.answerId));
        if (answer) {
          const now = Date.now();
          await timeout(
            s.recordVote({
              id: answer.id,
              at: new Date(now).toISOString(),
              day: dayIn(now, cfg.TIMEZONE),
              reader: await hashedReader(recorder, ctx),
              vote: vote.vote,
              question: answer.question,
              standalone: answer.standalone,
              found: answer.found,
              docIds: answer.docIds,
            }),
          );
          succeeded();
          text = vote.vote === "up" ? MSG.voteThanksUp : MSG.voteThanksDown;
          counted = true;
          log.info({ vote: vote.vote, found: answer.found }, "feedback recorded");
        }
      } catch (err) {
        failed("record vote", err);
        text = MSG.voteFailed;
      }
    }
    await cosmetic("answerCallbackQuery", () => ctx.answerCallbackQuery({ text }));
    if (vote && counted) await acknowledgeOnButton(ctx, vote.answerId, vote.vote);
  });
  // a store passed in belongs to the caller, who closes it
  return { store: s, close: store ? async () => undefined : () => s.close() };
}
