/** The bot's context type: grammY's Context with the per-chat session. */
import type { Context, SessionFlavor } from "grammy";
import type { SessionData } from "./sessions.js";

export type BotContext = Context & SessionFlavor<SessionData>;
