/**
 * E2E harness: the telegram-test-api emulator in the test process (on 127.0.0.1, random port) and
 * the real bot process (`node --import tsx src/main.ts`, long polling) pointed at it.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { TelegramServer } from "telegram-test-api/lib/telegramServer.js";
import { PROJECT_ROOT } from "../../src/paths.js";
import { TEST_SALT } from "../helpers/config.js";

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const a = srv.address();
      const port = typeof a === "object" && a ? a.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export interface ChatSpec {
  chatId: number;
  userId: number;
  type?: "private" | "group";
}

export interface BotMessage {
  messageId: number;
  time: number;
  chatId: number;
  text: string;
  parseMode?: string;
  replyTo?: number;
  buttons: Array<{ text: string; data: string }>;
  /** The inline keyboard as sent, row by row (an empty row shows as []). */
  rows: Array<Array<{ text: string; data: string }>>;
}

interface RawBotMessage {
  time: number;
  messageId: number;
  botToken: string;
  message: {
    chat_id: number | string;
    text: string;
    parse_mode?: string;
    reply_parameters?: { message_id: number } | string;
    reply_to_message_id?: number;
    reply_markup?: { inline_keyboard?: Array<Array<{ text: string; callback_data?: string }>> } | string;
  };
}

export class Emulator {
  private constructor(
    readonly server: TelegramServer,
    readonly apiRoot: string,
  ) {}

  static async start(): Promise<Emulator> {
    const port = await freePort();
    const server = new TelegramServer({ port, host: "127.0.0.1", storeTimeout: 600 });
    await server.start();
    const emu = new Emulator(server, server.config.apiURL);
    emu.watchAllowedUpdates();
    emu.deliverRawUpdates();
    return emu;
  }

  /** The `allowed_updates` each token's last getUpdates asked for (the emulator itself ignores them). */
  private allowed = new Map<string, string[]>();

  /** Notes each getUpdates' allowed_updates, in a middleware put right after the emulator's body parsers. */
  private watchAllowedUpdates(): void {
    type Layer = { name: string };
    type Req = { path: string; body?: { allowed_updates?: unknown } };
    const app = (this.server as unknown as { webServer: { use(fn: (req: Req, res: unknown, next: () => void) => void): void; _router: { stack: Layer[] } } })
      .webServer;
    app.use((req, _res, next) => {
      const m = /^\/bot([^/]+)\/getUpdates$/u.exec(req.path);
      let list = req.body?.allowed_updates;
      if (typeof list === "string") list = JSON.parse(list) as unknown;
      if (m && Array.isArray(list)) this.allowed.set(decodeURIComponent(m[1]!), list.map(String));
      next();
    });
    const stack = app._router.stack;
    const layer = stack.pop()!;
    stack.splice(stack.findIndex((l) => l.name === "urlencodedParser") + 1, 0, layer);
  }

  /** Updates of kinds the emulator cannot make (my_chat_member…), handed out with the next getUpdates. */
  private raw: Array<{ token: string; update: Record<string, unknown> }> = [];

  private deliverRawUpdates(): void {
    const server = this.server as unknown as { getUpdates(token: string): unknown[]; updateId: number };
    const original = server.getUpdates.bind(server);
    server.getUpdates = (token) => {
      const mine = this.raw.filter((r) => r.token === token);
      this.raw = this.raw.filter((r) => r.token !== token);
      // as Telegram does, an update of a kind the bot did not ask for is never delivered
      const allowed = this.allowed.get(token);
      const wanted = mine.filter((r) => !allowed || Object.keys(r.update).some((k) => k !== "update_id" && allowed.includes(k)));
      return [...original(token), ...wanted.map((r) => r.update)];
    };
  }

  /** Queues a raw update (its update_id is taken from the emulator's counter). */
  rawUpdate(token: string, update: Record<string, unknown>): void {
    const server = this.server as unknown as { updateId: number };
    this.raw.push({ token, update: { update_id: server.updateId++, ...update } });
  }

  stop(): Promise<boolean> {
    return this.server.stop();
  }

  /**
   * The emulator reads its message counter before an await and increments it after, so
   * concurrent posts would share a message id: posts go through one at a time.
   */
  private queue: Promise<unknown> = Promise.resolve();
  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(fn, fn);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private nextMessageId(): number {
    return (this.server as unknown as { messageId: number }).messageId;
  }

  private common(token: string, chat: ChatSpec) {
    const type = chat.type ?? "private";
    return {
      botToken: token,
      date: Math.floor(Date.now() / 1000),
      from: { id: chat.userId, is_bot: false, first_name: `User${chat.userId}`, username: `user${chat.userId}` },
      chat: type === "private" ? { id: chat.chatId, type, first_name: `User${chat.userId}` } : { id: chat.chatId, type, title: `Group ${chat.chatId}` },
    };
  }

  /** A user message; returns its message id. */
  send(token: string, chat: ChatSpec, text: string | undefined, extra: Record<string, unknown> = {}): Promise<number> {
    return this.serial(async () => {
      const id = this.nextMessageId();
      const msg = { ...this.common(token, chat), ...(text === undefined ? {} : { text }), ...extra };
      await this.server.addUserMessage(msg as never);
      return id;
    });
  }

  command(token: string, chat: ChatSpec, text: string): Promise<number> {
    return this.serial(async () => {
      const id = this.nextMessageId();
      const len = text.includes(" ") ? text.indexOf(" ") : text.length;
      await this.server.addUserCommand({ ...this.common(token, chat), text, entities: [{ offset: 0, length: len, type: "bot_command" }] } as never);
      return id;
    });
  }

  /** A button press on message `messageId`; the message comes with its text and keyboard as they stand, as Telegram sends them. */
  callback(token: string, chat: ChatSpec, data: string, messageId: number): Promise<void> {
    return this.serial(async () => {
      const c = this.common(token, chat);
      const shown = (this.server.storage.botMessages as unknown as RawBotMessage[]).find(
        (m) => m.botToken === token && Number(m.message.chat_id) === chat.chatId && m.messageId === messageId,
      );
      const markup = parseMaybe(shown?.message.reply_markup);
      const message = {
        message_id: messageId,
        chat: c.chat,
        date: c.date,
        ...(shown ? { text: shown.message.text } : {}),
        ...(markup ? { reply_markup: markup } : {}),
      };
      await this.server.addUserCallback({ botToken: token, from: c.from, data, message } as never);
    });
  }

  /** Every bot message sent to a chat so far, in order. */
  messages(token: string, chatId: number): BotMessage[] {
    return (this.server.storage.botMessages as unknown as RawBotMessage[])
      .filter((m) => m.botToken === token && Number(m.message.chat_id) === chatId)
      .map(toBotMessage);
  }

  /** Waits until the chat has at least `count` bot messages after the first `after`; then a short quiet period. */
  async waitMessages(token: string, chatId: number, after: number, count = 1, timeoutMs = 8000): Promise<BotMessage[]> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const all = this.messages(token, chatId).slice(after);
      if (all.length >= count) {
        await sleep(150);
        return this.messages(token, chatId).slice(after);
      }
      await sleep(25);
    }
    throw new Error(`timed out waiting for ${count} bot message(s) in chat ${chatId}; got ${this.messages(token, chatId).length - after}`);
  }
}

function parseMaybe<T>(v: T | string | undefined): T | undefined {
  return typeof v === "string" ? (JSON.parse(v) as T) : v;
}

function toBotMessage(m: RawBotMessage): BotMessage {
  const markup = parseMaybe(m.message.reply_markup);
  const rp = parseMaybe(m.message.reply_parameters);
  const rows = (markup?.inline_keyboard ?? []).map((row) => row.map((b) => ({ text: b.text, data: b.callback_data ?? "" })));
  return {
    messageId: m.messageId,
    time: m.time,
    chatId: Number(m.message.chat_id),
    text: m.message.text,
    parseMode: m.message.parse_mode,
    replyTo: rp?.message_id ?? m.message.reply_to_message_id,
    buttons: rows.flat(),
    rows,
  };
}

export interface BotProcess {
  proc: ChildProcess;
  /** Everything the process wrote on stdout and stderr. */
  output(): string;
  waitForLog(pattern: RegExp, timeoutMs?: number): Promise<void>;
  /** SIGTERM, then the exit code. */
  stop(): Promise<number | null>;
}

/** FEEDBACK_DIR and SUBSCRIPTIONS_DIR in a fresh temporary folder. */
function scratchStores(): Record<string, string> {
  const dir = mkdtempSync(join(tmpdir(), "wnb-bot-stores-"));
  return { FEEDBACK_DIR: join(dir, "feedback"), SUBSCRIPTIONS_DIR: join(dir, "subscriptions") };
}

/**
 * Starts `src/main.ts` (ingest seeds, then the bot) with the given settings and nothing from .env.
 * Votes and subscriptions go to a temporary folder, removed when the process exits, unless the
 * caller names their folders (never the project's).
 */
export function spawnBot(env: Record<string, string>): BotProcess {
  const scratch = env.FEEDBACK_DIR && env.SUBSCRIPTIONS_DIR ? undefined : scratchStores();
  const proc = spawn(process.execPath, ["--import", "tsx", join(PROJECT_ROOT, "src/main.ts")], {
    cwd: PROJECT_ROOT,
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "/tmp", LOG_LEVEL: "info", HEALTH_PORT: "0", READER_SALT: TEST_SALT, ...scratch, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  proc.stdout!.on("data", (d: Buffer) => (out += d.toString()));
  proc.stderr!.on("data", (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) =>
    proc.once("exit", (code) => {
      if (scratch) rmSync(dirname(scratch.FEEDBACK_DIR!), { recursive: true, force: true });
      resolve(code);
    }),
  );
  return {
    proc,
    output: () => out,
    async waitForLog(pattern, timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      while (!pattern.test(out)) {
        if (proc.exitCode !== null) throw new Error(`bot exited (${proc.exitCode}) before ${pattern}:\n${out}`);
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${pattern} in bot output:\n${out}`);
        await sleep(50);
      }
    },
    async stop() {
      if (proc.exitCode === null) proc.kill("SIGTERM");
      return exited;
    },
  };
}

/** Tags the bot may use in HTML messages; anything else that looks like markup is a bug. */
const ALLOWED_TAGS = /<\/?(b|i|code)>|<blockquote expandable>|<\/blockquote>|<a href="https:\/\/t\.me\/[A-Za-z0-9_]+(\?start=[A-Za-z0-9_-]{1,64})?">|<\/a>/g;

export function unsafeMarkup(html: string): string[] {
  const stripped = html.replace(ALLOWED_TAGS, "");
  const bad = stripped.match(/<[^>]*>?/g) ?? [];
  const amp = stripped.match(/&(?!(amp|lt|gt|quot);)/g) ?? [];
  return [...bad, ...amp];
}

/** Visible text of the bot's HTML. */
export const visible = (html: string): string =>
  html
    .replace(ALLOWED_TAGS, "")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, "&");
