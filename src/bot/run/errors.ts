/** Why the bot cannot start or go on, said in one line with what to fix. */
import { GrammyError } from "grammy";
import type { Config } from "../../config/env.js";
import { EXIT } from "../../exit-codes.js";
import { describeError } from "../bot.js";

/**
 * The bot cannot start or go on (Bot API unreachable, token refused, another instance polling): said
 * in one line with what to fix; `exitCode` tells a supervisor whether a restart can help (src/exit-codes.ts).
 */
export class BotStartError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = EXIT.tempFail,
  ) {
    super(message);
  }
}

/** What a fatal Bot API error means for the operator: a refused token (401), a conflict (409), or no Bot API. */
export function botFatalError(err: unknown, cfg: Pick<Config, "TELEGRAM_API_ROOT">): BotStartError {
  if (err instanceof GrammyError && err.error_code === 401) {
    return new BotStartError("TELEGRAM_BOT_TOKEN was refused (401): check the token with @BotFather", EXIT.config);
  }
  if (err instanceof GrammyError && err.error_code === 409) {
    return /webhook/iu.test(err.description)
      ? new BotStartError(
          "a webhook is set for this TELEGRAM_BOT_TOKEN (409), so it cannot be polled: another instance runs in webhook mode with it; run every instance in one mode (set WEBHOOK_URL here too, or stop that instance; this one deletes the webhook when it starts)",
          EXIT.config,
        )
      : new BotStartError(
          "another instance is polling with this TELEGRAM_BOT_TOKEN (409): stop it (only one process may poll a token), or run every instance in webhook mode (WEBHOOK_URL)",
          EXIT.tempFail,
        );
  }
  return new BotStartError(
    `could not reach the Bot API at ${cfg.TELEGRAM_API_ROOT} (${describeError(err)}); check TELEGRAM_BOT_TOKEN and TELEGRAM_API_ROOT`,
    EXIT.tempFail,
  );
}
