/**
 * The Telegram bot: a thin grammY layer over the engine. (First version: text messages are
 * questions, answered with the same cited answer as the CLI.)
 */
import { Bot } from "grammy";
import type { Config } from "../config/env.js";
import { emptyConversation, type ConversationState } from "../conversation/state.js";
import type { Engine } from "../engine/engine.js";
import { formatAnswerText } from "../cli/format.js";
import { log } from "../log.js";

export function createBot(engine: Engine, cfg: Config): Bot {
  const bot = new Bot(cfg.TELEGRAM_BOT_TOKEN!, { client: { apiRoot: cfg.TELEGRAM_API_ROOT } });
  const chats = new Map<number, ConversationState>();
  bot.on("message:text", async (ctx) => {
    const { result, state } = await engine.ask(ctx.message.text, { state: chats.get(ctx.chat.id) ?? emptyConversation() });
    chats.set(ctx.chat.id, state);
    await ctx.reply(formatAnswerText(result));
  });
  bot.catch((err) => log.error({ err: err.message }, "bot update failed"));
  return bot;
}

export async function runBot(engine: Engine, cfg: Config): Promise<void> {
  const bot = createBot(engine, cfg);
  const stop = (): void => void bot.stop();
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
  log.info("bot starting (long polling)");
  await bot.start({ drop_pending_updates: false });
}
