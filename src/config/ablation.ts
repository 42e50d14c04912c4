/**
 * The measurement settings of retrieval, parsed in one place (src/config/env.ts reads them into the
 * config; the tokenizer, a process-wide singleton loaded before any config exists, reads the same
 * setting with the same parser). Unset in normal use.
 *
 * RETRIEVAL_ABLATE=vectors,dates,… turns parts of retrieval off so that each one's effect can be measured with `eval`:
 *   vectors  no vector search        dates    no date analysis       rerank  no re-ranking
 *   aliases  no alias expansion      events   no multi-event split   dict    no user/mined dictionary (index time too)
 *   keywords vectors alone: no keyword channels, no dates, no re-ranking (the dense channel measured on its own)
 *   learned  the hand-set re-ranking weights instead of data/rerank-model.json
 *   all      every one of them
 * RETRIEVAL_TUNE='{"coverage":0.8}' overrides fusion or re-ranking weights by name (src/retrieve/fusion-weights.ts, src/retrieve/rerank.ts).
 */
type AblationPart = "vectors" | "dates" | "rerank" | "aliases" | "events" | "dict" | "keywords" | "learned";

/** Which parts of retrieval are switched off. */
export interface Ablation {
  has(part: AblationPart): boolean;
}

class AblatedParts implements Ablation {
  constructor(private readonly names: ReadonlySet<string>) {}

  has(part: AblationPart): boolean {
    return this.names.has(part) || this.names.has("all");
  }

  toString(): string {
    return [...this.names].join(",");
  }
}

/** Nothing switched off: normal use. */
export const NO_ABLATION: Ablation = new AblatedParts(new Set());

/** The parts a RETRIEVAL_ABLATE value names (comma-separated; unknown names are no part and switch nothing off). */
export function parseAblation(value: string | undefined): Ablation {
  if (!value) return NO_ABLATION;
  return new AblatedParts(new Set(value.split(",").map((s) => s.trim())));
}

/** The ablation of an environment (scripts and tests that hold an index and no config; the tokenizer). */
export const ablationFromEnv = (env: NodeJS.ProcessEnv = process.env): Ablation => parseAblation(env.RETRIEVAL_ABLATE);

/** Weights overridden by name, for measurement (RETRIEVAL_TUNE). */
export type Tuning = Readonly<Record<string, number>>;

/** A RETRIEVAL_TUNE value: a JSON object of numbers; anything else tunes nothing (as before: a measurement setting never stops start-up). */
export function parseTuning(value: string | undefined): Tuning {
  if (!value) return {};
  try {
    const parsed: unknown = JSON.parse(value);
    if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) return {};
    return Object.fromEntries(Object.entries(parsed).filter((e): e is [string, number] => typeof e[1] === "number"));
  } catch {
    return {};
  }
}

/** The tuning of an environment (scripts and tests that hold an index and no config). */
export const tuningFromEnv = (env: NodeJS.ProcessEnv = process.env): Tuning => parseTuning(env.RETRIEVAL_TUNE);

/** `defaults` with the tuned weights over them. */
export function tuned<T extends object>(defaults: T, tuning: Tuning): T {
  return Object.keys(tuning).length ? { ...defaults, ...tuning } : defaults;
}
