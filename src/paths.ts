import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** The project root (where package.json, data/, seeds/ and vectors/ live). */
export const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");

export const dataPath = (name: string): string => join(PROJECT_ROOT, "data", name);
export const DEFAULT_SEEDS = join(PROJECT_ROOT, "seeds");
/** A file of the public data beside the project (../shared/corpora/), the default of every script that reads it. */
export const sharedCorpus = (name: string): string => resolve(PROJECT_ROOT, "..", "shared", "corpora", name);
export const DEFAULT_INDEX = join(PROJECT_ROOT, "vectors");
export const DEFAULT_NEWS_VECTORS = join(PROJECT_ROOT, "data", "news-vectors.bin");
