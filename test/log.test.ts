import { afterEach, describe, expect, it, vi } from "vitest";
import { log, redact, registerSecrets } from "../src/log.js";

describe("logs never carry secrets", () => {
  afterEach(() => vi.restoreAllMocks());

  const capture = (): string[] => {
    const lines: string[] = [];
    vi.spyOn(process.stderr, "write").mockImplementation((chunk: string | Uint8Array) => {
      lines.push(String(chunk));
      return true;
    });
    return lines;
  };

  it("masks a registered secret wherever it appears in a log line", () => {
    registerSecrets("sk-live-abcdef123456");
    const lines = capture();
    log.level = "info";
    log.error({ url: "https://api.example.com/?key=sk-live-abcdef123456" }, "request failed with sk-live-abcdef123456");
    const out = lines.join("");
    expect(out).toContain("request failed");
    expect(out).not.toContain("sk-live-abcdef123456");
  });

  it("masks secret-looking keys and any Telegram bot token, registered or not", () => {
    const lines = capture();
    log.level = "info";
    log.warn(
      { token: "abc", apiKey: "def", nested: { authorization: "Bearer x" } },
      "calling https://api.telegram.org/bot123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsawQ/getMe",
    );
    const out = lines.join("");
    expect(out).not.toContain("AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsawQ");
    expect(out).not.toMatch(/"token":"abc"|"apiKey":"def"|Bearer x/);
    expect(redact("bot987654321:ABCDEFGHIJKLMNOPQRSTUVWXYZabcdef0123 failed")).toBe("bot[redacted-token] failed");
  });
});
