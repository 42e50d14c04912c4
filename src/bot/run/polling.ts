/**
 * Long polling with @grammyjs/runner: concurrent across chats, sequential within a chat. Updates
 * are journaled before the next getUpdates confirms them, and the questions a stopped process left
 * unanswered are answered once at start (src/bot/update-journal.ts). A fatal Bot API error (401,
 * 409) stops the bot with the one line that says what to fix.
 */
import { run } from "@grammyjs/runner";
import type { Config } from "../../config/env.js";
import { log } from "../../log.js";
import { cosmetic } from "../api.js";
import { describeError } from "../bot.js";
import { botFatalError } from "./errors.js";
import { ALLOWED_UPDATES, type RunningBot } from "./running-bot.js";
import type { BotServices } from "./services.js";
import { shutdownOnce } from "./shutdown.js";

export interface PollingOptions {
  /** How long polling may go without an answered getUpdates before /readyz says so. */
  updatesStaleMs: number;
}

export async function runPolling(services: BotServices, cfg: Config, opts: PollingOptions): Promise<RunningBot> {
  const { bot, journal, store, health } = services;
  await cosmetic("deleteWebhook", () => bot.api.deleteWebhook());
  // silent: the runner's own multi-line dumps of fetch errors are replaced by the warning below and,
  // for a fatal one (401, 409), the one line that says what to fix.
  bot.api.config.use(async (prev, method, payload, signal) => {
    try {
      return await prev(method, payload, signal);
    } catch (err) {
      if (method === "getUpdates" && !signal?.aborted) log.warn({ err: describeError(err) }, "getUpdates failed");
      throw err;
    }
  });
  // the questions a stopped process left unanswered: taken before polling starts (a new delivery of one
  // is skipped), answered alongside the new updates
  const leftOver = journal ? await journal.takeInFlight() : [];
  if (journal) bot.api.config.use(journal.transformer()); // journals what getUpdates returns before it is confirmed
  const runner = run(bot, { runner: { silent: true, fetch: { allowed_updates: [...ALLOWED_UPDATES] } } });
  if (journal) void journal.replay(leftOver, (u) => bot.handleUpdate(u));
  log.info({ username: bot.botInfo.username, store: store.kind }, "bot running (long polling)");
  services.fetched.last = Date.now();
  services.updates.problem = () => {
    if (!runner.isRunning()) return "polling has stopped";
    const ago = Date.now() - services.fetched.last;
    return ago > opts.updatesStaleMs ? `no getUpdates answered for ${Math.round(ago / 1000)} s (Bot API unreachable?)` : undefined;
  };
  const shutdown = shutdownOnce(services, "stopping: no new updates, finishing answers in flight", async () => {
    if (runner.isRunning()) await runner.stop();
  });
  void runner.task()?.catch((err: unknown) => {
    log.error({ err: describeError(err) }, "polling stopped on an unrecoverable error");
    shutdown.fail(botFatalError(err, cfg));
  });
  return { stop: shutdown.stop, stopped: shutdown.stopped, ...(health ? { healthPort: health.port } : {}) };
}
