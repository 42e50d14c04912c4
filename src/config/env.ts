/**
 * Every setting of the product, read from the environment (and `.env` through dotenv), validated
 * with zod. A bad value stops start-up with a message naming the variable. `.env.example` lists
 * each one with its default; keep the two in step.
 */
import { config as loadDotenv } from "dotenv";
import { z } from "zod";
import { DEFAULT_INDEX, DEFAULT_NEWS_VECTORS, DEFAULT_SEEDS } from "../paths.js";
import { cronError, validTimeZone } from "../schedule/cron.js";
import { parseAblation, parseTuning } from "./ablation.js";

const optionalString = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === "" ? undefined : v.trim()));
const optionalUrl = optionalString.pipe(z.url({ message: "must be a URL such as http://127.0.0.1:11434/v1" }).optional());
const int = (def: number, min: number, max: number) => z.coerce.number().int().min(min).max(max).default(def);

export const envSchema = z.object({
  // Telegram
  TELEGRAM_BOT_TOKEN: optionalString,
  TELEGRAM_API_ROOT: z.url().default("https://api.telegram.org"),
  WEBHOOK_URL: optionalUrl,
  WEBHOOK_SECRET: optionalString,
  PORT: int(8080, 1, 65535),
  HEALTH_PORT: int(8081, 0, 65535),
  ALLOWED_CHAT_IDS: optionalString,
  // Sessions
  SESSION_STORE: z.enum(["memory", "file", "redis"]).default("memory"),
  SESSION_DIR: z.string().default(".sessions"),
  SESSION_TTL_MINUTES: int(60, 1, 60 * 24 * 30),
  REDIS_URL: optionalUrl,
  RATE_LIMIT_PER_MINUTE: int(20, 1, 10_000),
  BUTTON_LIMIT_PER_MINUTE: int(60, 1, 10_000),
  GROUP_LIMIT_PER_MINUTE: int(20, 1, 10_000),
  MAX_QUESTION_CHARS: int(500, 10, 100_000),
  // Feedback (👍/👎, asked questions) and subscriptions that push
  FEEDBACK: z.enum(["on", "off"]).default("on"),
  FEEDBACK_DIR: z.string().default(".feedback"),
  READER_SALT: optionalString.pipe(z.string().min(16, { message: "must be at least 16 characters (e.g. openssl rand -hex 16)" }).optional()),
  /** The earlier name of READER_SALT (feedback only), still honoured when READER_SALT is unset. */
  FEEDBACK_SALT: optionalString.pipe(
    z.string().min(16, { message: "must be at least 16 characters (e.g. openssl rand -hex 16), or unset to generate one" }).optional(),
  ),
  SUBSCRIPTIONS_DIR: z.string().default(".subscriptions"),
  PUSH_DAILY_LIMIT: int(5, 1, 1000),
  PUSH_PER_SECOND: int(25, 1, 30),
  DIGEST_CRON: optionalString.pipe(
    z
      .string()
      .refine((v) => cronError(v) === undefined, { message: "must be a cron time such as 0 8 * * * (minute hour day-of-month month day-of-week)" })
      .optional(),
  ),
  TIMEZONE: z.string().default("Asia/Shanghai").refine(validTimeZone, { message: "must be an IANA time zone such as Asia/Shanghai" }),
  // Corpus and index
  SEEDS_DIR: z.string().default(DEFAULT_SEEDS),
  PAPER_NAME: optionalString.pipe(
    z
      .string()
      .max(30, { message: "must be the paper's name as readers know it (at most 30 characters), such as 武进日报" })
      .refine((v) => !/[\n\r]|\.(?:txt|jsonl|json|gz)$/iu.test(v), { message: "must be the paper's name such as 武进日报, not a file name" })
      .optional(),
  ),
  SEEDS_RESCAN_SECONDS: int(300, 0, 86_400),
  RELOAD_SECONDS: int(30, 0, 86_400),
  VECTOR_DIR: z.string().default(DEFAULT_INDEX),
  CHUNK_SIZE: int(220, 50, 4000),
  CHUNK_OVERLAP: int(60, 0, 2000),
  VECTOR_SEARCH: z.enum(["auto", "hnsw", "exact"]).default("auto"),
  // Embeddings
  EMBEDDINGS: z.enum(["news", "hash", "openai"]).default("news"),
  EMBEDDINGS_DIM: int(256, 16, 8192),
  EMBEDDINGS_VECTORS: z.string().default(DEFAULT_NEWS_VECTORS),
  EMBEDDINGS_BASE_URL: optionalUrl,
  EMBEDDINGS_MODEL: optionalString,
  EMBEDDINGS_API_KEY: optionalString,
  EMBEDDINGS_TIMEOUT_MS: int(15_000, 100, 600_000),
  EMBEDDINGS_QUERY_TIMEOUT_MS: int(3_000, 50, 60_000),
  // Optional LLM for answers
  LLM_BASE_URL: optionalUrl,
  LLM_MODEL: optionalString,
  LLM_API_KEY: optionalString,
  LLM_TIMEOUT_MS: int(8_000, 100, 600_000),
  // Measurement only: parts of retrieval switched off, weights overridden (src/config/ablation.ts)
  RETRIEVAL_ABLATE: optionalString.transform(parseAblation),
  RETRIEVAL_TUNE: optionalString.transform(parseTuning),
  // Logging
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
});

export type Config = z.infer<typeof envSchema>;

export class ConfigError extends Error {}

/** Parses a config from an environment object (process.env by default, after loading .env). */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, { dotenv = true } = {}): Config {
  // DOTENV_CONFIG_PATH picks another file (the tests point it nowhere so a developer's .env cannot leak in).
  if (dotenv && env === process.env) loadDotenv({ quiet: true, ...(env.DOTENV_CONFIG_PATH ? { path: env.DOTENV_CONFIG_PATH } : {}) });
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    throw new ConfigError(`invalid setting ${problems} (see .env.example)`);
  }
  const cfg = parsed.data;
  if (cfg.EMBEDDINGS === "openai" && (!cfg.EMBEDDINGS_BASE_URL || !cfg.EMBEDDINGS_MODEL)) {
    throw new ConfigError("EMBEDDINGS=openai needs EMBEDDINGS_BASE_URL and EMBEDDINGS_MODEL (see .env.example)");
  }
  if ((cfg.LLM_BASE_URL === undefined) !== (cfg.LLM_MODEL === undefined)) {
    throw new ConfigError("LLM_BASE_URL and LLM_MODEL must be set together (see .env.example)");
  }
  if (cfg.REDIS_URL && !cfg.READER_SALT && !cfg.FEEDBACK_SALT) {
    throw new ConfigError(
      "REDIS_URL needs READER_SALT: the salt of the hashes that stand for readers in Redis, the same on every instance and never stored in Redis (generate one with: openssl rand -hex 16; see .env.example)",
    );
  }
  if (cfg.SESSION_STORE === "redis" && !cfg.REDIS_URL) {
    throw new ConfigError("SESSION_STORE=redis needs REDIS_URL (see .env.example)");
  }
  if (cfg.CHUNK_OVERLAP >= cfg.CHUNK_SIZE) {
    throw new ConfigError("CHUNK_OVERLAP must be smaller than CHUNK_SIZE (see .env.example)");
  }
  return cfg;
}
