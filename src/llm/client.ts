/**
 * A minimal OpenAI-compatible chat client (POST {base}/chat/completions) on Node's fetch, with a
 * hard deadline: the request is aborted after `timeoutMs`, whatever the server does.
 */
import { z } from "zod";

export interface ChatMessage {
  role: "system" | "user" | "assistant";
  content: string;
}

export interface ChatClientOptions {
  baseUrl: string;
  model: string;
  apiKey?: string;
  timeoutMs: number;
}

class LlmError extends Error {}

const Completion = z.object({
  choices: z.array(z.object({ message: z.object({ content: z.string().nullable().optional() }) })).min(1),
});

export class ChatClient {
  constructor(readonly opts: ChatClientOptions) {}

  /** The assistant's reply text. Throws LlmError on timeout, HTTP error or a malformed body. */
  async complete(messages: ChatMessage[], { timeoutMs = this.opts.timeoutMs, maxTokens = 600 } = {}): Promise<string> {
    const url = `${this.opts.baseUrl.replace(/\/+$/u, "")}/chat/completions`;
    const headers: Record<string, string> = { "content-type": "application/json" };
    if (this.opts.apiKey) headers.authorization = `Bearer ${this.opts.apiKey}`;
    let res: Response;
    let body: string;
    try {
      const signal = AbortSignal.timeout(timeoutMs);
      res = await fetch(url, {
        method: "POST",
        headers,
        body: JSON.stringify({ model: this.opts.model, messages, temperature: 0, max_tokens: maxTokens, stream: false }),
        signal,
      });
      body = await res.text();
    } catch (e) {
      const name = (e as Error).name;
      if (name === "TimeoutError" || name === "AbortError") throw new LlmError(`LLM did not answer within ${timeoutMs} ms`);
      throw new LlmError(`LLM request failed: ${(e as Error).message}`);
    }
    if (!res.ok) throw new LlmError(`LLM answered HTTP ${res.status}`);
    let json: unknown;
    try {
      json = JSON.parse(body);
    } catch {
      throw new LlmError("LLM answer is not JSON");
    }
    const parsed = Completion.safeParse(json);
    if (!parsed.success) throw new LlmError("LLM answer has no choices[0].message.content");
    const content = parsed.data.choices[0]!.message.content ?? "";
    if (!content.trim()) throw new LlmError("LLM answer is empty");
    return content.trim();
  }
}
