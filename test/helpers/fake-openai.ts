/**
 * A small OpenAI-compatible server on 127.0.0.1 for tests: /v1/embeddings and /v1/chat/completions,
 * with a behaviour switch to refuse, hang or return garbage.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

type Behaviour = "ok" | "refuse" | "hang" | "garbage";

export interface FakeOpenAI {
  baseUrl: string;
  behaviour: Behaviour;
  requests: Array<{ path: string; body: Record<string, unknown>; auth?: string }>;
  /** What /chat/completions answers when behaviour is "ok". */
  chatReply: (body: Record<string, unknown>) => string;
  close(): Promise<void>;
}

/** Deterministic toy embedding: character histogram folded into `dim` buckets. */
function toyEmbedding(text: string, dim: number): number[] {
  const v = new Array<number>(dim).fill(0);
  for (const ch of text) v[ch.codePointAt(0)! % dim]! += 1;
  const norm = Math.sqrt(v.reduce((s, x) => s + x * x, 0)) || 1;
  return v.map((x) => x / norm);
}

export async function startFakeOpenAI(dim = 32): Promise<FakeOpenAI> {
  const hung: ServerResponse[] = [];
  const fake: FakeOpenAI = {
    baseUrl: "",
    behaviour: "ok",
    requests: [],
    chatReply: () => "好的。",
    close: async () => {
      for (const r of hung) r.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let raw = "";
    req.on("data", (c: Buffer) => (raw += c.toString("utf8")));
    req.on("end", () => {
      const body = (raw ? JSON.parse(raw) : {}) as Record<string, unknown>;
      fake.requests.push({ path: req.url ?? "", body, auth: req.headers.authorization });
      if (fake.behaviour === "hang") {
        hung.push(res);
        return;
      }
      if (fake.behaviour === "refuse") {
        res.writeHead(503, { "content-type": "application/json" }).end('{"error":{"message":"overloaded"}}');
        return;
      }
      if (fake.behaviour === "garbage") {
        res.writeHead(200, { "content-type": "application/json" }).end('{"data": [{"embedding": "nope"}], "choices": 7}');
        return;
      }
      if (req.url?.endsWith("/embeddings")) {
        const input = (Array.isArray(body.input) ? body.input : [body.input]) as string[];
        const data = input.map((t, index) => ({ object: "embedding", index, embedding: toyEmbedding(t, dim) }));
        res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ object: "list", data, model: body.model }));
        return;
      }
      if (req.url?.endsWith("/chat/completions")) {
        const content = fake.chatReply(body);
        res
          .writeHead(200, { "content-type": "application/json" })
          .end(JSON.stringify({ id: "x", object: "chat.completion", choices: [{ index: 0, message: { role: "assistant", content }, finish_reason: "stop" }] }));
        return;
      }
      res.writeHead(404).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  fake.baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  return fake;
}
