import { loadConfig, type Config } from "../../src/config/env.js";

/** A config from defaults plus overrides, never reading the developer's .env. */
export function testConfig(overrides: Record<string, string> = {}): Config {
  return loadConfig({ LOG_LEVEL: "silent", ...overrides }, { dotenv: false });
}
