/**
 * Embeddings from any OpenAI-compatible `/v1/embeddings` endpoint (OpenAI, Qwen/DashScope, Ollama,
 * vLLM, …). Batched, with a bounded timeout per request and a few retries on network errors, 429 and 5xx.
 */
import { Embeddings, type EmbeddingsParams } from "@langchain/core/embeddings";

export interface OpenAIEmbeddingsParams extends EmbeddingsParams {
  baseUrl: string;
  model: string;
  apiKey?: string;
  batchSize?: number;
  timeoutMs?: number;
  /** Known output dimension; discovered from the first response when omitted. */
  dimensions?: number;
  /** Timeout for embedding a question (no retries: a reader is waiting). Default 3000 ms. */
  queryTimeoutMs?: number;
}

class EmbeddingsHttpError extends Error {}

interface EmbeddingsResponse {
  data: Array<{ embedding: number[]; index?: number }>;
}

function isEmbeddingsResponse(x: unknown): x is EmbeddingsResponse {
  if (typeof x !== "object" || x === null || !Array.isArray((x as { data?: unknown }).data)) return false;
  return (x as EmbeddingsResponse).data.every((d) => Array.isArray(d?.embedding) && d.embedding.every((n) => typeof n === "number" && Number.isFinite(n)));
}

export class OpenAIEmbeddings extends Embeddings {
  readonly kind = "openai";
  dimensions: number | undefined;
  readonly model: string;
  private readonly url: string;
  private readonly apiKey: string | undefined;
  private readonly batchSize: number;
  private readonly timeoutMs: number;
  private readonly queryTimeoutMs: number;

  constructor(params: OpenAIEmbeddingsParams) {
    super({ maxRetries: 2, ...params });
    this.url = `${params.baseUrl.replace(/\/+$/, "")}/embeddings`;
    this.model = params.model;
    this.apiKey = params.apiKey;
    this.batchSize = params.batchSize ?? 64;
    this.timeoutMs = params.timeoutMs ?? 15_000;
    this.queryTimeoutMs = params.queryTimeoutMs ?? Math.min(this.timeoutMs, 3_000);
    this.dimensions = params.dimensions;
  }

  private async request(input: string[], timeoutMs = this.timeoutMs): Promise<number[][]> {
    const headers: Record<string, string> = { "content-type": "application/json" };
    if (this.apiKey) headers.authorization = `Bearer ${this.apiKey}`;
    let res: Response;
    try {
      res = await fetch(this.url, {
        method: "POST",
        headers,
        body: JSON.stringify({ model: this.model, input }),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (err) {
      const why = (err as Error).name === "TimeoutError" ? `no answer within ${timeoutMs} ms` : (err as Error).message;
      throw new EmbeddingsHttpError(`embeddings endpoint ${this.url} failed: ${why}`);
    }
    if (!res.ok) {
      throw new EmbeddingsHttpError(
        `embeddings endpoint ${this.url} answered HTTP ${res.status}; check EMBEDDINGS_BASE_URL, EMBEDDINGS_MODEL and EMBEDDINGS_API_KEY`,
      );
    }
    const body: unknown = await res.json().catch(() => undefined);
    if (!isEmbeddingsResponse(body) || body.data.length !== input.length) {
      throw new EmbeddingsHttpError(`embeddings endpoint ${this.url} returned an unexpected body (expected ${input.length} embeddings)`);
    }
    const vectors = [...body.data].sort((a, b) => (a.index ?? 0) - (b.index ?? 0)).map((d) => d.embedding);
    const dim = vectors[0]!.length;
    if (this.dimensions !== undefined && dim !== this.dimensions) {
      throw new EmbeddingsHttpError(
        `embeddings endpoint returned ${dim}-d vectors, the index holds ${this.dimensions}-d ones; rebuild with: npm run -s cli -- ingest`,
      );
    }
    this.dimensions = dim;
    return vectors;
  }

  async embedDocuments(texts: string[]): Promise<number[][]> {
    const out: number[][] = [];
    for (let i = 0; i < texts.length; i += this.batchSize) {
      const batch = texts.slice(i, i + this.batchSize);
      out.push(...(await this.caller.call(() => this.request(batch))));
    }
    return out;
  }

  /** One question, one try, a short timeout: the retriever falls back to keyword search when this fails. */
  async embedQuery(text: string): Promise<number[]> {
    const [v] = await this.request([text], this.queryTimeoutMs);
    return v!;
  }
}
