/**
 * Stopping a running bot, once however it is asked (a signal, a test, a fatal Bot API error): it
 * stops taking updates, lets the answers in flight finish (up to DRAIN_MS), then closes everything
 * the bot holds.
 */
import { log } from "../../log.js";
import type { BotStartError } from "./errors.js";
import type { BotServices } from "./services.js";

const DRAIN_MS = 15_000;

export interface Shutdown {
  /** Stops the bot (the same promise for every call). */
  stop(): Promise<void>;
  /** Resolves once stopped: with the fatal error that stopped it, if one did. */
  stopped: Promise<BotStartError | undefined>;
  /** Stops the bot because of a fatal error (`stopped` resolves with it). */
  fail(fatal: BotStartError): void;
}

/** `notice`: the log line that says the bot is stopping; `stopTakingUpdates`: closes the update source (webhook server, polling). */
export function shutdownOnce(services: BotServices, notice: string, stopTakingUpdates: () => Promise<void>): Shutdown {
  let resolveStopped!: (fatal: BotStartError | undefined) => void;
  const stopped = new Promise<BotStartError | undefined>((r) => (resolveStopped = r));
  let fatal: BotStartError | undefined;
  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> =>
    (stopping ??= (async () => {
      log.info(notice);
      await stopTakingUpdates();
      await closeServices(services);
      resolveStopped(fatal);
    })());
  return {
    stop,
    stopped,
    fail: (err) => {
      fatal = err;
      void stop();
    },
  };
}

/** Waits for the answers in flight (up to DRAIN_MS), then closes the bot, the store, health and the listeners. */
async function closeServices(services: BotServices): Promise<void> {
  const { inFlight } = services;
  const drained = await inFlight.idle(DRAIN_MS);
  if (!drained) log.warn({ inFlight: inFlight.size }, "stopping with answers still in flight after the grace period");
  await services.closeBot();
  await services.store.close();
  await services.health?.close();
  if (services.healthOnWebhook) for (const c of services.checks) await c.close?.().catch(() => undefined);
  services.stopListening();
  log.info("bot stopped");
}
