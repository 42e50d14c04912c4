/**
 * Webhook mode (WEBHOOK_URL set): an HTTP server takes Telegram's POSTs on the webhook's path,
 * checks the secret token on every request, and answers /healthz (and /readyz and /metrics when
 * HEALTH_PORT = PORT). A webhook update is confirmed once handled.
 */
import { webhookCallback } from "grammy";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { Config } from "../../config/env.js";
import { log } from "../../log.js";
import { healthHandler } from "../../ops/health.js";
import { describeError } from "../bot.js";
import { ALLOWED_UPDATES, type RunningBot } from "./running-bot.js";
import type { BotServices } from "./services.js";
import { shutdownOnce } from "./shutdown.js";

/** How long Telegram's request may wait for an update's answer before it is confirmed anyway. */
const WEBHOOK_TIMEOUT_MS = 50_000;

/** `webhookUrl`: WEBHOOK_URL, where Telegram is told to send updates (its path is the one served). */
export async function runWebhook(services: BotServices, cfg: Config, webhookUrl: string): Promise<RunningBot> {
  const { bot, health } = services;
  const url = new URL(webhookUrl);
  const server = createServer(webhookRequests(services, cfg, url.pathname));
  await new Promise<void>((resolve, reject) => server.once("error", reject).listen(cfg.PORT, resolve)).catch(async (err: unknown) => {
    await health?.close();
    throw err;
  });
  const port = listeningPort(server, cfg.PORT);
  await bot.api.setWebhook(webhookUrl, { secret_token: cfg.WEBHOOK_SECRET, allowed_updates: [...ALLOWED_UPDATES] });
  log.info({ port, path: url.pathname, username: bot.botInfo.username }, "bot running (webhook)");
  services.updates.problem = () => (server.listening ? undefined : "the webhook server is not listening");
  const { stop, stopped } = shutdownOnce(
    services,
    "stopping: no new webhook requests, finishing answers in flight",
    () => new Promise<void>((resolve) => server.close(() => resolve())),
  );
  return { stop, stopped, port, ...(health ? { healthPort: health.port } : services.healthOnWebhook ? { healthPort: port } : {}) };
}

/** The webhook server's requests: health, then POSTs on the webhook path; everything else is 404. */
function webhookRequests(services: BotServices, cfg: Config, path: string): (req: IncomingMessage, res: ServerResponse) => void {
  const handle = webhookCallback(services.bot, "http", { secretToken: cfg.WEBHOOK_SECRET, onTimeout: "return", timeoutMilliseconds: WEBHOOK_TIMEOUT_MS });
  const serveHealth = services.healthOnWebhook ? healthHandler(services.checks) : undefined;
  return (req, res) => {
    if (serveHealth?.(req, res)) return;
    if (req.method === "GET" && req.url === "/healthz") {
      res.writeHead(200, { "content-type": "text/plain" }).end("ok");
      return;
    }
    if (req.method !== "POST" || (req.url ?? "").split("?")[0] !== path) {
      res.writeHead(404).end();
      return;
    }
    if (req.headers["x-telegram-bot-api-secret-token"] !== cfg.WEBHOOK_SECRET) {
      log.warn({ from: req.socket.remoteAddress }, "webhook request without the right secret token: rejected");
    }
    handle(req, res).catch((err: unknown) => {
      log.error({ err: describeError(err) }, "webhook request failed");
      if (!res.headersSent) res.writeHead(500).end();
    });
  };
}

function listeningPort(server: Server, fallback: number): number {
  const address = server.address();
  return typeof address === "object" && address ? address.port : fallback;
}
