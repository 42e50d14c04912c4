import { loadConfig, type Config } from "../../src/config/env.js";

/** A config from defaults plus overrides, never reading the developer's .env (no health server unless a test asks). */
export function testConfig(overrides: Record<string, string> = {}): Config {
  return loadConfig({ LOG_LEVEL: "silent", HEALTH_PORT: "0", ...overrides }, { dotenv: false });
}
