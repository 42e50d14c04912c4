import { loadConfig, type Config } from "../../src/config/env.js";

/** The reader salt the tests run with (READER_SALT), so that none generates one in the working folder. */
export const TEST_SALT = "test-reader-salt-0123456789abcdef";

/** A config from defaults plus overrides, never reading the developer's .env (no health server unless a test asks). */
export function testConfig(overrides: Record<string, string> = {}): Config {
  return loadConfig({ LOG_LEVEL: "silent", HEALTH_PORT: "0", READER_SALT: TEST_SALT, ...overrides }, { dotenv: false });
}
