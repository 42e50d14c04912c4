/**
 * The Telegram bot: a thin grammY layer over the engine. Composition, in order:
 * error boundary → in-flight counter → per-chat sequencing → group gate → allow-list →
 * per-user rate limit → session → commands, buttons, questions, non-text hints.
 */
import { limit } from "@grammyjs/ratelimiter";
import { sequentialize } from "@grammyjs/runner";
import { Bot, BotError, GrammyError, HttpError, session, type Context, type RawApi, type Transformer } from "grammy";
import type { UserFromGetMe } from "grammy/types";
import type { Config } from "../config/env.js";
import { emptyConversation } from "../conversation/state.js";
import type { Engine } from "../engine/engine.js";
import { log, redact } from "../log.js";
import { answerQuestion, sendParagraphs } from "./answer.js";
import { cosmetic, installApiPolicy } from "./api.js";
import { helpParagraphs, registerCommands } from "./commands.js";
import type { BotContext } from "./context.js";
import { passageOf, sourceParagraphs } from "./format.js";
import { cleanQuestion } from "../input/question.js";
import { registerArticles } from "./deep-links.js";
import { registerInline } from "./inline.js";
import { registerUnknownCommands } from "./menu.js";
import { registerSourcesList } from "./sources-list.js";
import { registerWelcome } from "./welcome.js";
import { decodeCallback, exampleQuestion } from "./keyboards.js";
import { MSG } from "./messages.js";
import { allowlist, parseChatIds } from "./middleware/allowlist.js";
import { addressedText, groupGate, isGroup } from "./middleware/groups.js";
import { InFlight } from "./middleware/inflight.js";
import type { SessionStore } from "./sessions.js";

export interface BotParts {
  bot: Bot<BotContext>;
  inFlight: InFlight;
}

export interface CreateBotOptions {
  /** Skip getMe (tests, or when already known). */
  botInfo?: UserFromGetMe;
  /** Retry policy for the Bot API (tests lower it). */
  maxRetryAttempts?: number;
  /** API transformers installed beneath the retry policy (tests use one in place of the network). */
  transformers?: Array<Transformer<RawApi>>;
}

const chatKey = (ctx: Context): string | undefined => ctx.chat?.id.toString();

/** A one-line, token-free description of an error for the log. */
export function describeError(err: unknown): string {
  if (err instanceof GrammyError) return redact(`Bot API error in ${err.method}: ${err.error_code} ${err.description}`);
  if (err instanceof HttpError) return redact(`network error talking to the Bot API: ${err.message}`);
  return redact(err instanceof Error ? err.message : String(err));
}

export function createBot(engine: Engine, cfg: Config, store: SessionStore, opts: CreateBotOptions = {}): BotParts {
  const bot = new Bot<BotContext>(cfg.TELEGRAM_BOT_TOKEN!, {
    botInfo: opts.botInfo,
    client: { apiRoot: cfg.TELEGRAM_API_ROOT },
  });
  for (const t of opts.transformers ?? []) bot.api.config.use(t);
  installApiPolicy(bot.api, { maxRetryAttempts: opts.maxRetryAttempts });
  const inFlight = new InFlight();

  const onError = async (err: BotError<BotContext>): Promise<void> => {
    const ctx = err.ctx;
    log.error({ update: ctx.update.update_id, chat: ctx.chat?.id, err: describeError(err.error) }, "update failed (the bot keeps running)");
    if (ctx.message && ctx.chat) await ctx.reply(MSG.failed).catch(() => undefined);
  };
  bot.catch(onError);

  bot.use(inFlight.middleware());
  // Everything below runs inside an error boundary: a failing update is logged and answered with an
  // apology in every mode (polling, webhook, tests), and never reaches the update source.
  const app = bot.errorBoundary(onError);
  app.use(sequentialize(chatKey));
  app.use(groupGate());
  app.use(allowlist(parseChatIds(cfg.ALLOWED_CHAT_IDS)));
  app.use(
    limit<BotContext, never>({
      timeFrame: 60_000,
      limit: cfg.RATE_LIMIT_PER_MINUTE,
      keyGenerator: (ctx) => ctx.from?.id.toString(),
      onLimitExceeded: (ctx) => {
        log.info({ chat: ctx.chat?.id }, "rate limit reached for a user");
        if (ctx.callbackQuery) void cosmetic("answerCallbackQuery", () => ctx.answerCallbackQuery({ text: MSG.rateLimited }));
        else void ctx.reply(MSG.rateLimited).catch((e: unknown) => log.warn({ err: describeError(e) }, "could not send the rate-limit notice"));
      },
    }),
  );
  app.use(session({ initial: () => ({ conv: emptyConversation() }), getSessionKey: chatKey, storage: store.storage }));

  registerCommands(app, engine);
  registerSourcesList(app, engine);
  registerArticles(app, engine);
  registerInline(app, engine, cfg);
  registerWelcome(app);

  app.on("callback_query:data", async (ctx) => {
    const cb = decodeCallback(ctx.callbackQuery.data);
    const replyTo = ctx.callbackQuery.message?.message_id;
    if (!cb) {
      await cosmetic("answerCallbackQuery", () => ctx.answerCallbackQuery({ text: MSG.sourceGone }));
      return;
    }
    await cosmetic("answerCallbackQuery", () => ctx.answerCallbackQuery());
    if (cb.kind === "more") return answerQuestion(ctx, engine, MSG.moreQuestion, { replyTo });
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
    await answerQuestion(ctx, engine, question, { notice: `问：${question}` });
  });

  // Keep after every command handler: a command none of them took is ignored in groups, hinted at in private.
  registerUnknownCommands(app);

  app.on("message:text", async (ctx) => {
    const text = addressedText(ctx) ?? "";
    const q = cleanQuestion(text, cfg.MAX_QUESTION_CHARS);
    const replyTo = isGroup(ctx) ? ctx.message.message_id : undefined;
    if (q.kind === "empty") return sendParagraphs(ctx, [[{ text: MSG.emptyQuestion }], [], ...helpParagraphs()], { replyTo });
    if (q.kind === "no-words") {
      await ctx.reply(MSG.noWords, { reply_parameters: replyTo ? { message_id: replyTo, allow_sending_without_reply: true } : undefined });
      return;
    }
    await answerQuestion(ctx, engine, q.text, {
      notice: q.truncated ? MSG.truncated(cfg.MAX_QUESTION_CHARS) : undefined,
      replyTo: ctx.message.message_id,
    });
  });

  app.on("message", async (ctx) => {
    // Stickers, photos, voice…: in groups only when addressed (the gate let it through).
    await ctx.reply(MSG.nonText);
  });

  return { bot, inFlight };
}

