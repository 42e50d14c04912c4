/**
 * A tiny fake Bot API on 127.0.0.1 (node:http, no dependencies beyond node): getMe, getUpdates
 * (long polling that holds until its timeout, or delivers the queued updates), sendMessage and an
 * `ok: true` for every other method. Either call can be told to fail with a Bot API error
 * ({ok:false, error_code, description}) — how Telegram refuses a bad token (401) or a second poller (409).
 * Used by the process tests (test/start/service.test.ts) and by scripts/container-check.sh.
 */
import { createServer, type IncomingMessage, type Server } from "node:http";

export interface ApiFailure {
  error_code: number;
  description: string;
}

export interface FakeBotApiOptions {
  /** Answer getMe with this error instead of the bot. */
  getMe?: ApiFailure;
  /** Answer getUpdates with this error. */
  getUpdates?: ApiFailure;
  /** How long an empty getUpdates is held at most (ms; Telegram holds for `timeout` seconds). */
  holdMs?: number;
  /** Answer these methods only after so many ms (e.g. a slow sendMessage, to stop the bot mid-answer). */
  delayMs?: Partial<Record<string, number>>;
}

export interface FakeBotApi {
  apiRoot: string;
  /** Every call received, in order: method and parsed payload. */
  calls: Array<{ method: string; payload: Record<string, unknown> }>;
  /** Messages the bot sent (sendMessage). */
  sent: Array<{ chat_id: unknown; text: string }>;
  /** Queues a private-chat text message from a user; the next getUpdates delivers it. */
  message(chatId: number, text: string): void;
  close(): Promise<void>;
}

const FAKE_BOT = {
  id: 424242,
  is_bot: true,
  first_name: "Fake",
  username: "fake_news_bot",
  can_join_groups: true,
  can_read_all_group_messages: false,
  supports_inline_queries: false,
};

async function body(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const raw = Buffer.concat(chunks).toString("utf8");
  if (!raw) return {};
  try {
    return JSON.parse(raw) as Record<string, unknown>;
  } catch {
    return Object.fromEntries(new URLSearchParams(raw));
  }
}

export async function startFakeBotApi(opts: FakeBotApiOptions = {}): Promise<FakeBotApi> {
  const calls: FakeBotApi["calls"] = [];
  const sent: FakeBotApi["sent"] = [];
  let queue: Array<Record<string, unknown>> = [];
  let updateId = 1000;
  let messageId = 1;
  const waiting = new Set<() => void>();
  const wake = (): void => {
    for (const w of [...waiting]) w();
  };

  const server: Server = createServer((req, res) => {
    void (async () => {
      const payload = await body(req);
      const method = (req.url ?? "").split("?")[0]!.split("/").pop() ?? "";
      calls.push({ method, payload });
      const delay = opts.delayMs?.[method];
      if (delay) await new Promise((r) => setTimeout(r, delay));
      const reply = (result: unknown): void => {
        res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ ok: true, result }));
      };
      const fail = (f: ApiFailure): void => {
        res.writeHead(f.error_code, { "content-type": "application/json" }).end(JSON.stringify({ ok: false, ...f }));
      };
      switch (method) {
        case "getMe":
          return opts.getMe ? fail(opts.getMe) : reply(FAKE_BOT);
        case "getUpdates": {
          if (opts.getUpdates) return fail(opts.getUpdates);
          const offset = Number(payload.offset ?? 0);
          queue = queue.filter((u) => Number(u.update_id) >= offset);
          if (queue.length === 0) {
            const hold = Math.min(opts.holdMs ?? 1000, Number(payload.timeout ?? 0) * 1000);
            await new Promise<void>((resolve) => {
              const done = (): void => {
                clearTimeout(t);
                waiting.delete(done);
                resolve();
              };
              const t = setTimeout(done, hold);
              waiting.add(done);
              req.socket.once("close", done);
            });
          }
          return reply(queue.filter((u) => Number(u.update_id) >= offset));
        }
        case "sendMessage": {
          sent.push({ chat_id: payload.chat_id, text: String(payload.text ?? "") });
          const chat = { id: Number(payload.chat_id), type: "private", first_name: "Reader" };
          return reply({ message_id: messageId++, date: Math.floor(Date.now() / 1000), chat, text: payload.text });
        }
        default:
          return reply(true);
      }
    })().catch(() => {
      if (!res.headersSent) res.writeHead(500).end();
    });
  });
  await new Promise<void>((resolve, reject) => server.once("error", reject).listen(0, "127.0.0.1", resolve));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;

  return {
    apiRoot: `http://127.0.0.1:${port}`,
    calls,
    sent,
    message(chatId, text) {
      const from = { id: chatId, is_bot: false, first_name: "Reader" };
      queue.push({
        update_id: updateId++,
        message: { message_id: messageId++, date: Math.floor(Date.now() / 1000), chat: { id: chatId, type: "private", first_name: "Reader" }, from, text },
      });
      wake();
    },
    close: () =>
      new Promise<void>((resolve) => {
        wake();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
