/**
 * The conversation behind each answer the bot sent, so that a reader can go on from *that* answer:
 * replying to it continues its context (in groups and private chats alike), and its 「更多」 button
 * continues it too — after a restart, and on another instance, because the contexts live in the
 * session store's backend (memory, file or Redis, with the sessions' expiry).
 *
 *   answer-<id>            the conversation as it stood after answer <id> (「更多」 carries <id>)
 *   reply-<chat>-<msg>     the answer id of a message the bot sent (a reply names the message)
 */
import { randomBytes } from "node:crypto";
import type { StorageAdapter } from "grammy";
import type { ConversationState } from "../conversation/state.js";
import type { SessionData } from "./sessions.js";

/** A short id for callback data (9 characters of base64url). */
export const newAnswerId = (): string => randomBytes(7).toString("base64url").slice(0, 9);

const ANSWER_ID = /^[A-Za-z0-9_-]{9}$/u;

export class AnswerContexts {
  constructor(private readonly storage: StorageAdapter<SessionData>) {}

  /** Keeps the conversation after an answer, and which messages carried it. */
  async remember(id: string, conv: ConversationState, chatId: number, messageIds: readonly number[]): Promise<void> {
    await this.storage.write(`answer-${id}`, { conv });
    for (const m of messageIds) await this.storage.write(`reply-${chatId}-${m}`, { conv });
  }

  /** The conversation after answer `id` (its 「更多」), when it is still kept. */
  async byId(id: string): Promise<ConversationState | undefined> {
    if (!ANSWER_ID.test(id)) return undefined;
    return (await this.storage.read(`answer-${id}`))?.conv;
  }

  /** The conversation after the answer a reader replied to, when that message was one of the bot's answers. */
  async byMessage(chatId: number, messageId: number): Promise<ConversationState | undefined> {
    return (await this.storage.read(`reply-${chatId}-${messageId}`))?.conv;
  }
}
