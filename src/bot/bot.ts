/**
 * The Telegram bot: a thin grammY layer over the engine. Composition, in order:
 * error boundary → in-flight counter → per-chat sequencing → group gate → allow-list → limits
 * (questions per reader, buttons, inline queries, per group; src/bot/middleware/limits.ts) → the
 * reader's session (per member in groups) → votes, subscriptions, commands, inline queries, buttons
 * (buttons.ts), unknown commands, questions (questions.ts: a reply to an answer continues that
 * answer; an edited question is answered again) and non-text hints. Before the per-chat sequencing,
 * every message and edit is noted as it arrives, so that only a message's latest version is answered
 * (edits.ts).
 */
import { sequentialize } from "@grammyjs/runner";
import { Bot, BotError, GrammyError, HttpError, session, type Composer, type Context, type RawApi, type Transformer } from "grammy";
import type { UserFromGetMe } from "grammy/types";
import type { Config } from "../config/env.js";
import { emptyConversation } from "../conversation/state.js";
import type { Engine } from "../engine/engine.js";
import { log, redact } from "../log.js";
import { installApiPolicy } from "./api.js";
import { registerButtons } from "./buttons.js";
import { registerCommands } from "./commands.js";
import type { BotContext } from "./context.js";
import { registerArticles } from "./deep-links.js";
import { registerInline } from "./inline.js";
import { registerUnknownCommands } from "./menu.js";
import { registerSourcesList } from "./sources-list.js";
import { registerWelcome } from "./welcome.js";
import { MSG } from "./messages.js";
import { allowlist, parseChatIds } from "./middleware/allowlist.js";
import { groupGate } from "./middleware/groups.js";
import { InFlight } from "./middleware/inflight.js";
import type { SessionStore } from "./sessions.js";
import type { UpdateJournal } from "./update-journal.js";
import { AnswerContexts } from "./answer-context.js";
import { createLimits } from "./middleware/limits.js";
import { markReplies, updateLog } from "./middleware/update-log.js";
import { updateOutcome } from "../ops/events.js";
import type { FeedbackStore } from "../feedback/store.js";
import { registerFeedback } from "./feedback.js";
import { registerQuestions } from "./questions.js";
import { MessageVersions } from "./edits.js";
import type { SubscriptionStore } from "../subscriptions/store.js";
import { registerSubscriptions, type SubscriptionService } from "./subscriptions.js";

export interface BotParts {
  bot: Bot<BotContext>;
  inFlight: InFlight;
  /** Subscriptions and their pushes (tests push and wait through it). */
  subscriptions: SubscriptionService;
  /** Closes what the bot holds besides the session store (the limits' Redis connection). */
  close(): Promise<void>;
}

export interface CreateBotOptions {
  /** Skip getMe (tests, or when already known). */
  botInfo?: UserFromGetMe;
  /** Retry policy for the Bot API (tests lower it). */
  maxRetryAttempts?: number;
  /** API transformers installed beneath the retry policy (tests use one in place of the network). */
  transformers?: Array<Transformer<RawApi>>;
  /** Where votes and asked questions go (default: from the settings, src/feedback/store.ts). */
  feedback?: FeedbackStore;
  /** Where subscriptions are kept (default: where the sessions are, src/subscriptions/store.ts). */
  subscriptions?: SubscriptionStore;
  /** How long polling may go without an answered getUpdates before /readyz says so (default 90 s; tests lower it). */
  updatesStaleMs?: number;
  /** The journal of updates in flight (long polling with a file or Redis store; src/bot/update-journal.ts). */
  journal?: UpdateJournal;
}

const chatKey = (ctx: Context): string | undefined => ctx.chat?.id.toString();

/** A reader's session: the chat in a private chat, the member within the chat in a group. */
const readerKey = (ctx: Context): string | undefined => {
  if (!ctx.chat) return undefined;
  const group = ctx.chat.type === "group" || ctx.chat.type === "supergroup";
  return group && ctx.from ? `${ctx.chat.id}:${ctx.from.id}` : ctx.chat.id.toString();
};

/** A one-line, token-free description of an error for the log. */
export function describeError(err: unknown): string {
  if (err instanceof GrammyError) return redact(`Bot API error in ${err.method}: ${err.error_code} ${err.description}`);
  if (err instanceof HttpError) return redact(`network error talking to the Bot API: ${err.message}`);
  return redact(err instanceof Error ? err.message : String(err));
}

export function createBot(engine: Engine, cfg: Config, store: SessionStore, opts: CreateBotOptions = {}): BotParts {
  const bot = newBot(cfg, opts);
  const inFlight = new InFlight();
  const onError = replyOnError();
  bot.catch(onError);

  // an update answered already (or being answered from the journal) is skipped; the others are marked answered when done
  if (opts.journal) bot.use(opts.journal.middleware());
  bot.use(updateLog()); // one JSON line per update: id, chat type, outcome, timings (no text, no ids)
  bot.use(inFlight.middleware());
  // Everything below runs inside an error boundary: a failing update is logged and answered with an
  // apology in every mode (polling, webhook, tests), and never reaches the update source.
  const app = bot.errorBoundary(onError);
  const versions = new MessageVersions();
  const limits = useGatesAndSession(app, cfg, store, versions);
  const contexts = new AnswerContexts(store.storage);
  // 👍/👎 under answers and the record of what was asked (src/bot/feedback.ts).
  const feedback = registerFeedback(app, cfg, opts.feedback);
  // /subscribe, /unsubscribe, /subscriptions, and the pushes of new articles (src/bot/subscriptions.ts).
  const subscriptions = registerSubscriptions(app, {
    engine,
    cfg,
    ...(opts.subscriptions ? { store: opts.subscriptions } : {}),
    ...(opts.transformers ? { transformers: opts.transformers } : {}),
  });

  registerCommands(app, engine);
  registerSourcesList(app, engine);
  registerArticles(app, engine);
  registerInline(app, engine, cfg);
  registerWelcome(app);
  registerButtons(app, engine, contexts);
  // Keep after every command handler: a command none of them took is ignored in groups, hinted at in private.
  registerUnknownCommands(app);
  registerQuestions(app, engine, cfg, contexts, versions);

  return {
    bot,
    inFlight,
    subscriptions,
    close: async () => {
      await limits.close();
      await feedback.close();
      await subscriptions.close();
    },
  };
}

/** The Bot and its API client: the test transformers beneath the record of replies and the retry policy. */
function newBot(cfg: Config, opts: CreateBotOptions): Bot<BotContext> {
  const bot = new Bot<BotContext>(cfg.TELEGRAM_BOT_TOKEN!, {
    botInfo: opts.botInfo,
    client: { apiRoot: cfg.TELEGRAM_API_ROOT },
  });
  for (const t of opts.transformers ?? []) bot.api.config.use(t);
  bot.api.config.use(markReplies); // whether an update got an answer, for its log line
  installApiPolicy(bot.api, { maxRetryAttempts: opts.maxRetryAttempts });
  return bot;
}

/** What a failed update gets: a log line, and an apology when it was a message (or an edited one). */
function replyOnError(): (err: BotError<BotContext>) => Promise<void> {
  return async (err) => {
    const ctx = err.ctx;
    updateOutcome("error");
    log.error({ update: ctx.update.update_id, chatType: ctx.chat?.type, err: describeError(err.error) }, "update failed (the bot keeps running)");
    if ((ctx.message || ctx.editedMessage) && ctx.chat) await ctx.reply(MSG.failed).catch(() => undefined);
  };
}

/**
 * What an update passes before it is handled: its message's version noted, one update at a time per
 * chat, the group gate, the allow-list, the limits, then the reader's session. Returns the limits
 * (their Redis connection is closed with the bot).
 */
function useGatesAndSession(app: Composer<BotContext>, cfg: Config, store: SessionStore, versions: MessageVersions): ReturnType<typeof createLimits> {
  // every message and edit is noted as soon as it arrives, while older versions still wait their turn
  app.use(versions.middleware());
  app.use(sequentialize(chatKey));
  app.use(groupGate());
  app.use(allowlist(parseChatIds(cfg.ALLOWED_CHAT_IDS)));
  const limits = createLimits(cfg, { question: MSG.rateLimited, group: MSG.groupRateLimited, button: MSG.buttonRateLimited });
  app.use(limits.middleware);
  // Each reader has a conversation of their own: in a group, one member's 「他呢？」 is not resolved
  // against another member's question.
  app.use(session({ initial: () => ({ conv: emptyConversation() }), getSessionKey: readerKey, storage: store.storage }));
  return limits;
}
