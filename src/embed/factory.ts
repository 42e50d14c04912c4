/** Chooses the embeddings from the settings: the trained news vectors by default, offline hashing, or an OpenAI-compatible endpoint. */
import type { Config } from "../config/env.js";
import type { IndexEmbeddings } from "../index/build.js";
import { HashingEmbeddings } from "./hashing.js";
import { NewsEmbeddings } from "./news.js";
import { OpenAIEmbeddings } from "./openai.js";

export function embeddingsFromConfig(cfg: Config): IndexEmbeddings {
  if (cfg.EMBEDDINGS === "openai") {
    return new OpenAIEmbeddings({
      baseUrl: cfg.EMBEDDINGS_BASE_URL!,
      model: cfg.EMBEDDINGS_MODEL!,
      apiKey: cfg.EMBEDDINGS_API_KEY,
      timeoutMs: cfg.EMBEDDINGS_TIMEOUT_MS,
      queryTimeoutMs: cfg.EMBEDDINGS_QUERY_TIMEOUT_MS,
    });
  }
  if (cfg.EMBEDDINGS === "hash") return new HashingEmbeddings({ dimensions: cfg.EMBEDDINGS_DIM });
  return new NewsEmbeddings({ file: cfg.EMBEDDINGS_VECTORS });
}
