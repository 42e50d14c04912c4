/**
 * Edited questions: a reader who corrects a question (Telegram's `edited_message`) gets an answer to
 * the corrected one, as a reply to it. Only the latest version of a message is answered: when a
 * message and its edit, or two edits, are handled together (one batch of getUpdates, or webhook calls
 * arriving together), the older ones are dropped — before the engine is asked, and again before the
 * answer is sent — and an edit that leaves the text as it was is not answered twice.
 *
 * `note()` runs before the per-chat sequencing, so it sees every update as soon as it arrives, while
 * the older versions still wait for their turn. Versions are told apart by update id (Telegram numbers
 * updates in the order it made them). What is remembered is per instance and bounded (the most recent
 * messages only): an edit handled by another instance, or after a restart, is answered as the only
 * version known.
 */
import { createHash } from "node:crypto";
import type { Context, MiddlewareFn } from "grammy";
import type { Message } from "grammy/types";

/** Messages remembered; the least recently seen is forgotten past this. */
const REMEMBERED = 10_000;

interface Version {
  /** The newest update seen of this message. */
  updateId: number;
  /** A hash of the text of the newest version answered (or being answered). */
  answeredText?: string;
}

const textHash = (text: string): string => createHash("sha1").update(text).digest("base64url").slice(0, 12);

/** The message an update is about: a new one or an edited one. */
const messageOf = (ctx: Context): Message | undefined => ctx.message ?? ctx.editedMessage;

export class MessageVersions {
  private readonly seen = new Map<string, Version>();

  private key(ctx: Context): string | undefined {
    const msg = messageOf(ctx);
    return msg ? `${msg.chat.id}:${msg.message_id}` : undefined;
  }

  /** Notes every message and edit as it arrives (install before the per-chat sequencing). */
  middleware(): MiddlewareFn<Context> {
    return (ctx, next) => {
      const key = this.key(ctx);
      if (key !== undefined) {
        const known = this.seen.get(key);
        if (!known || known.updateId < ctx.update.update_id) {
          this.seen.delete(key);
          this.seen.set(key, { ...known, updateId: ctx.update.update_id });
          if (this.seen.size > REMEMBERED) this.seen.delete(this.seen.keys().next().value!);
        }
      }
      return next();
    };
  }

  /** Whether this update is the newest version of its message seen so far. */
  isLatest(ctx: Context): boolean {
    const key = this.key(ctx);
    const known = key === undefined ? undefined : this.seen.get(key);
    return !known || known.updateId <= ctx.update.update_id;
  }

  /**
   * Claims the answer to this version of the message: false when a newer version came, or when the
   * question reads as the version answered already (an edit that changed nothing of its text).
   */
  claim(ctx: Context, question: string): boolean {
    const key = this.key(ctx);
    if (key === undefined) return true;
    if (!this.isLatest(ctx)) return false;
    const known = this.seen.get(key) ?? { updateId: ctx.update.update_id };
    const hash = textHash(question);
    if (known.answeredText === hash) return false;
    this.seen.set(key, { ...known, answeredText: hash });
    return true;
  }
}
