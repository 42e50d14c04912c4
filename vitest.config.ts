import { defineConfig } from "vitest/config";

/**
 * Tests that run the CLI or the bot as a child process, start redis-server or a Bot API emulator, or
 * kill and lock across processes: the slow part of the suite. `npm test` runs everything;
 * `npm run test:fast` (the "unit" project) leaves these out.
 */
const INTEGRATION = [
  "test/cli/**/*.test.ts",
  "test/start/**/*.test.ts",
  "test/bot/e2e*.test.ts",
  "test/bot/{sessions,feedback,readers,subscriptions,harness,kill-restart,reader-data}.test.ts",
  "test/ops/**/*.test.ts",
  "test/engine/reload.test.ts",
  "test/index/{kill,writers,disk-full}.test.ts",
  "test/docs/readme-transcript.test.ts",
];

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: "forks",
    projects: [
      { extends: true, test: { name: "unit", include: ["test/**/*.test.ts"], exclude: INTEGRATION } },
      { extends: true, test: { name: "integration", include: INTEGRATION } },
    ],
  },
});
