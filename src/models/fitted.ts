/**
 * Fitted models: every file in data/ that a script fits or trains on data has one provenance shape and
 * is read through one loader, which checks that the file was fit on the features the code computes
 * now (a stale file would silently mislead) and says how to refit it when it was not.
 *
 * A model's spec (FittedSpec) lives beside the code that uses it (src/answer/model.ts,
 * src/retrieve/rerank-model.ts …); src/fit/registry.ts lists them all in the order they are refit.
 */
import { existsSync, readFileSync } from "node:fs";
import { dataPath } from "../paths.js";
import type { LogisticModel } from "./linear.js";

/** What every fitted file says about where it comes from. */
export interface Provenance {
  /** The command that makes the file, from the project root. */
  script: string;
  /** What it was fit or trained on, with the licences. */
  data: string[];
  /** The day it was made (YYYY-MM-DD). */
  fitted: string;
  /** What was measured when it was made: on the half it was fit on and on the half held back. */
  figures: Record<string, unknown>;
  /** The settings that made it (split, regularisation, targets of calibrated thresholds …). */
  settings?: Record<string, unknown>;
  /** How long the fit took. */
  seconds?: number;
}

/** One fitted file in data/ and how to make it. */
export interface FittedSpec {
  /** Short name (`npm run refit -- --from NAME`). */
  name: string;
  /** File name in data/. */
  file: string;
  /** The script that makes it (run with `npx tsx`), with the arguments of a default refit. */
  script: string;
  /**
   * For a JSON model: each part's feature names, as the code computes them (the file's part of the
   * same name must list exactly these).
   */
  parts?: Readonly<Record<string, readonly string[]>>;
  /** For a file of its own format: reads its provenance (a JSON model keeps it under `provenance`). */
  readProvenance?: () => Provenance;
}

/** A JSON model file: its parts (each with its feature names), thresholds and the like, and its provenance. */
export interface FittedJson {
  provenance: Provenance;
}

export class StaleModelError extends Error {}

const refitHint = (spec: FittedSpec): string => `refit it with: npx tsx ${spec.script} (or npm run refit -- --from ${spec.name})`;

/** The problems of a fitted file against the code: missing, unreadable, fit on other features, no provenance. */
export function fittedProblems(spec: FittedSpec, read: () => unknown = () => JSON.parse(readFileSync(dataPath(spec.file), "utf8"))): string[] {
  if (!existsSync(dataPath(spec.file))) return [`data/${spec.file} is missing`];
  const problems: string[] = [];
  let provenance: unknown;
  if (spec.readProvenance) {
    try {
      provenance = spec.readProvenance();
    } catch (e) {
      return [`data/${spec.file}: ${(e as Error).message}`];
    }
  } else {
    let json: Record<string, unknown>;
    try {
      json = read() as Record<string, unknown>;
    } catch (e) {
      return [`data/${spec.file} is not valid JSON (${(e as Error).message})`];
    }
    provenance = json.provenance;
    for (const [part, features] of Object.entries(spec.parts ?? {})) {
      const model = json[part] as Partial<LogisticModel> | undefined;
      if (!model || !Array.isArray(model.features)) problems.push(`data/${spec.file} has no "${part}" model`);
      else if (model.features.join(",") !== features.join(","))
        problems.push(`data/${spec.file}: the "${part}" model was fit on other features than the code computes`);
    }
  }
  problems.push(...provenanceProblems(spec, provenance));
  return problems;
}

function provenanceProblems(spec: FittedSpec, p: unknown): string[] {
  const where = `data/${spec.file}`;
  if (typeof p !== "object" || p === null) return [`${where} says nothing of where it comes from (no provenance)`];
  const prov = p as Partial<Provenance>;
  const out: string[] = [];
  if (typeof prov.script !== "string" || !prov.script) out.push(`${where}: provenance without the script that made it`);
  if (!Array.isArray(prov.data) || !prov.data.length) out.push(`${where}: provenance without the data it was fit on`);
  if (typeof prov.fitted !== "string" || !/^\d{4}-\d{2}-\d{2}$/u.test(prov.fitted)) out.push(`${where}: provenance without the day it was made`);
  if (typeof prov.figures !== "object" || prov.figures === null) out.push(`${where}: provenance without the figures measured when it was made`);
  return out;
}

/** Models read so far, by the spec that read them (another spec of the same file is checked afresh). */
const loaded = new Map<string, unknown>();

/**
 * A JSON model of data/, read once and checked against its spec. Throws, saying how to refit, when the
 * file is missing or was fit on other features than the code computes.
 */
export function loadFitted<T extends FittedJson>(spec: FittedSpec): T {
  const key = `${spec.name}:${spec.file}`;
  const have = loaded.get(key);
  if (have) return have as T;
  let json: unknown;
  const problems = fittedProblems(spec, () => (json = JSON.parse(readFileSync(dataPath(spec.file), "utf8"))));
  if (problems.length) throw new StaleModelError(`${problems.join("; ")}: ${refitHint(spec)}`);
  loaded.set(key, json);
  return json as T;
}

/**
 * Runs with `model` in place of the file of `spec` (a fit script measuring candidate settings through
 * the whole engine); what was loaded before comes back afterwards.
 */
export async function withFitted<T>(spec: FittedSpec, model: FittedJson, run: () => Promise<T>): Promise<T> {
  const key = `${spec.name}:${spec.file}`;
  const before = loaded.get(key);
  loaded.set(key, model);
  try {
    return await run();
  } finally {
    if (before === undefined) loaded.delete(key);
    else loaded.set(key, before);
  }
}

/** Today, as a provenance date. */
export const today = (): string => new Date().toISOString().slice(0, 10);
