/**
 * The process logger: pino, JSON lines on stderr (stdout is for command output), with secrets
 * redacted by key and by value so that the bot token or an API key can never be printed.
 */
import pino from "pino";

const SECRET_KEYS = ["token", "apiKey", "api_key", "authorization", "password", "secret"];

const secrets = new Set<string>();

/** Registers secret values (the bot token, API keys) to be masked wherever they appear in a log line. */
export function registerSecrets(...values: Array<string | undefined>): void {
  for (const v of values) if (v && v.length >= 6) secrets.add(v);
}

export function redact(text: string): string {
  let out = text;
  for (const s of secrets) if (out.includes(s)) out = out.split(s).join("[redacted]");
  // Telegram bot tokens look like 123456789:AA…; mask any that slipped in unregistered.
  return out.replace(/(?<!\d)\d{6,12}:[A-Za-z0-9_-]{30,}/g, "[redacted-token]");
}

const destination = {
  write(line: string): void {
    process.stderr.write(redact(line));
  },
};

export const log = pino(
  {
    level: process.env.LOG_LEVEL ?? "info",
    base: undefined,
    redact: { paths: SECRET_KEYS.flatMap((k) => [k, `*.${k}`]), censor: "[redacted]" },
  },
  destination,
);

export function setLogLevel(level: string): void {
  log.level = level;
}
