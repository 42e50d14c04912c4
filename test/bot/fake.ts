/**
 * In-process bot for unit tests: the real bot over a real seed index, with the Bot API replaced by
 * a transformer that records calls (installed beneath the retry policy, so the policy is exercised).
 */
import type { RawApi, Transformer } from "grammy";
import type { Update, UserFromGetMe } from "grammy/types";
import { join } from "node:path";
import type { Config } from "../../src/config/env.js";
import { Engine } from "../../src/engine/engine.js";
import { chunkingFromConfig, ingest } from "../../src/engine/ingest.js";
import { createBot, type BotParts, type CreateBotOptions } from "../../src/bot/bot.js";
import { createSessionStore, type SessionStore } from "../../src/bot/sessions.js";
import { testConfig } from "../helpers/config.js";

export const BOT_INFO = {
  id: 666,
  is_bot: true,
  first_name: "Bot",
  username: "TestNameBot",
  can_join_groups: true,
  can_read_all_group_messages: false,
  supports_inline_queries: false,
  can_connect_to_business: false,
  has_main_web_app: false,
} as unknown as UserFromGetMe;

export interface ApiCall {
  method: string;
  payload: Record<string, unknown>;
}

export class FakeApi {
  calls: ApiCall[] = [];
  /** The message id returned for each call that sent a message (by the call's position). */
  messageIds: Array<number | undefined> = [];
  /** method → how many more times it answers HTTP 500 (Infinity = always). */
  failing = new Map<string, number>();
  /** method → how many more times it answers HTTP 400 (a permanent error). */
  refusing = new Map<string, number>();
  /** method → the description of those 400s (default: 「chat not found」). */
  refusal = new Map<string, string>();
  private messageId = 10_000;

  transformer: Transformer<RawApi> = async (_prev, method, payload) => {
    this.calls.push({ method, payload: payload as Record<string, unknown> });
    const left = this.failing.get(method) ?? 0;
    if (left > 0) {
      this.failing.set(method, left - 1);
      return { ok: false, error_code: 500, description: "Internal Server Error" } as never;
    }
    const refuse = this.refusing.get(method) ?? 0;
    if (refuse > 0) {
      this.refusing.set(method, refuse - 1);
      return { ok: false, error_code: 400, description: this.refusal.get(method) ?? "Bad Request: chat not found" } as never;
    }
    if (method === "sendMessage") {
      const p = payload as { chat_id: number; text: string };
      const id = this.messageId++;
      this.messageIds[this.calls.length - 1] = id;
      return { ok: true, result: { message_id: id, date: 0, chat: { id: p.chat_id, type: "private" }, text: p.text } } as never;
    }
    return { ok: true, result: true } as never;
  };

  sent(chatId?: number): Array<{
    chat_id: number;
    text: string;
    reply_parameters?: { message_id: number };
    reply_markup?: { inline_keyboard: Array<Array<{ text: string; callback_data: string }>> };
  }> {
    return this.calls.filter((c) => c.method === "sendMessage" && (chatId === undefined || c.payload.chat_id === chatId)).map((c) => c.payload as never);
  }
  count(method: string): number {
    return this.calls.filter((c) => c.method === method).length;
  }
}

let updateId = 1;
let messageId = 1;
export function textUpdate(chatId: number, text: string, extra: Record<string, unknown> = {}, userId = chatId): Update {
  return {
    update_id: updateId++,
    message: {
      message_id: messageId++,
      date: Math.floor(Date.now() / 1000),
      chat: { id: chatId, type: "private", first_name: "U" },
      from: { id: userId, is_bot: false, first_name: "U" },
      text,
      ...extra,
    },
  } as Update;
}
/** An edit of message `messageId` (a private chat unless `extra` says otherwise). */
export function editedUpdate(chatId: number, messageId: number, text: string, extra: Record<string, unknown> = {}, userId = chatId): Update {
  const now = Math.floor(Date.now() / 1000);
  return {
    update_id: updateId++,
    edited_message: {
      message_id: messageId,
      date: now - 5,
      edit_date: now,
      chat: { id: chatId, type: "private", first_name: "U" },
      from: { id: userId, is_bot: false, first_name: "U" },
      text,
      ...extra,
    },
  } as Update;
}
export const commandUpdate = (chatId: number, text: string): Update =>
  textUpdate(chatId, text, { entities: [{ type: "bot_command", offset: 0, length: text.split(" ")[0]!.length }] });

/** Builds the seed index once per test file, in a temp folder. */
export async function seedEngine(dir: string, overrides: Record<string, string> = {}): Promise<{ engine: Engine; cfg: Config }> {
  const vectorDir = join(dir, "vectors");
  const cfg = testConfig({
    VECTOR_DIR: vectorDir,
    TELEGRAM_BOT_TOKEN: "123456789:AAUnitTestTokenNeverLogged_abcdefghij",
    // votes and subscriptions stay in the test's folder, never in the project's
    FEEDBACK_DIR: join(dir, "feedback"),
    SUBSCRIPTIONS_DIR: join(dir, "subscriptions"),
    ...overrides,
  });
  await ingest(cfg, { inputs: [cfg.SEEDS_DIR], indexDir: vectorDir, chunking: chunkingFromConfig(cfg), prune: true });
  return { engine: await Engine.open(cfg), cfg };
}

export async function fakeBot(
  engine: Engine,
  cfg: Config,
  api = new FakeApi(),
  store?: SessionStore,
  opts: Omit<CreateBotOptions, "botInfo" | "transformers"> = {},
): Promise<BotParts & { api: FakeApi; store: SessionStore }> {
  const s = store ?? (await createSessionStore(cfg));
  const parts = createBot(engine, cfg, s, { botInfo: BOT_INFO, transformers: [api.transformer], ...opts });
  return { ...parts, api, store: s };
}

/** Captures what the process logger writes (pino writes through process.stderr.write). */
export function captureStderr(): { text(): string; restore(): void } {
  const original = process.stderr.write.bind(process.stderr);
  let buf = "";
  process.stderr.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
    buf += typeof chunk === "string" ? chunk : Buffer.from(chunk).toString();
    void rest;
    return true;
  }) as typeof process.stderr.write;
  return { text: () => buf, restore: () => void (process.stderr.write = original) };
}
