/**
 * How the bot talks to the Bot API: @grammyjs/auto-retry for 429 and 5xx on the calls that matter
 * (sending answers), but cosmetic calls (typing indicator, command menu, callback acknowledgements, a
 * vote marked on its button) are tried once and a failure is only a warning, so they can never stall
 * start-up or an answer.
 */
import { autoRetry } from "@grammyjs/auto-retry";
import type { Api, RawApi, Transformer } from "grammy";
import { log } from "../log.js";

const COSMETIC_METHODS = new Set([
  "sendChatAction",
  "setMyCommands",
  "answerCallbackQuery",
  "deleteWebhook",
  "setMyDescription",
  "setMyShortDescription",
  "editMessageReplyMarkup",
]);

export function installApiPolicy(api: Api<RawApi>, opts: { maxRetryAttempts?: number; maxDelaySeconds?: number } = {}): void {
  const retry = autoRetry({ maxRetryAttempts: opts.maxRetryAttempts ?? 3, maxDelaySeconds: opts.maxDelaySeconds ?? 30 });
  const policy: Transformer<RawApi> = (prev, method, payload, signal) =>
    COSMETIC_METHODS.has(method) ? prev(method, payload, signal) : retry(prev, method, payload, signal);
  api.config.use(policy);
  api.config.use(emptyPollPause());
}

/**
 * Some Bot API servers (local emulators, some proxies) answer getUpdates at once even when there
 * is nothing to deliver, ignoring the long-poll timeout; without a pause the runner would spin.
 */
function emptyPollPause(pauseMs = 20): Transformer<RawApi> {
  return async (prev, method, payload, signal) => {
    const started = Date.now();
    const res = await prev(method, payload, signal);
    if (method === "getUpdates" && res.ok && Array.isArray(res.result) && res.result.length === 0 && Date.now() - started < pauseMs) {
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, pauseMs);
        signal?.addEventListener("abort", () => (clearTimeout(t), resolve()), { once: true });
      });
    }
    return res;
  };
}

const warned = new Set<string>();
/** Runs a cosmetic call; a failure is logged as a warning (once per method, then at debug level). */
export async function cosmetic(what: string, call: () => Promise<unknown>): Promise<void> {
  try {
    await call();
  } catch (err) {
    const msg = err instanceof Error ? err.message : String(err);
    if (warned.has(what)) log.debug({ call: what, err: msg }, "cosmetic Bot API call failed (ignored)");
    else {
      warned.add(what);
      log.warn({ call: what, err: msg }, "cosmetic Bot API call failed (ignored; the bot keeps working)");
    }
  }
}
