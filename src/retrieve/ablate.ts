/**
 * Switches for the ablation study only (RETRIEVAL_ABLATE=vectors,dates,…): each name turns one part
 * of retrieval off so its effect can be measured with `eval`. Unset in normal use.
 *   vectors  no vector search        dates    no date analysis       rerank  no re-ranking
 *   aliases  no alias expansion      events   no multi-event split   dict    no user/mined dictionary (index time too)
 *   keywords vectors alone: no keyword channels, no dates, no re-ranking (the dense channel measured on its own)
 *   learned  the hand-set re-ranking weights instead of data/rerank-model.json
 */
export type AblationPart = "vectors" | "dates" | "rerank" | "aliases" | "events" | "dict" | "keywords" | "learned";

export function ablated(part: AblationPart, env: NodeJS.ProcessEnv = process.env): boolean {
  const v = env.RETRIEVAL_ABLATE;
  if (!v) return false;
  const parts = v.split(",").map((s) => s.trim());
  return parts.includes(part) || parts.includes("all");
}

/** Tuning overrides for measurement only (RETRIEVAL_TUNE='{"coverage":0.8}'); unset in normal use. */
export function tuned<T extends object>(defaults: T, env: NodeJS.ProcessEnv = process.env): T {
  const v = env.RETRIEVAL_TUNE;
  if (!v) return defaults;
  try {
    return { ...defaults, ...(JSON.parse(v) as Partial<T>) };
  } catch {
    return defaults;
  }
}
