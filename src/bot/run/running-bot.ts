/** A started bot, as startBot (../run.ts) hands it back. */
import type { BotStartError } from "./errors.js";

/** edited_message: a corrected question is answered again; my_chat_member: the bot added to a group (the welcome); inline_query: `@bot 问题` in any chat. */
export const ALLOWED_UPDATES = ["message", "edited_message", "callback_query", "my_chat_member", "inline_query"] as const;

export interface RunningBot {
  /** Stops taking updates, waits for in-flight answers, closes the store. */
  stop(): Promise<void>;
  /** Resolves when the bot has stopped: with the fatal error that stopped it (401, 409…), if one did. */
  stopped: Promise<BotStartError | undefined>;
  /** The webhook server's port (webhook mode). */
  port?: number;
  /** The port of /healthz, /readyz and /metrics (HEALTH_PORT; undefined when 0 = off). */
  healthPort?: number;
}
