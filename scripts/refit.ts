/**
 * Refits every fitted file of data/ in its order (src/fit/registry.ts), or checks them:
 *
 *   npm run refit                       every step: news vectors → background IDF → re-ranking → answer → event
 *   npm run refit -- --from rerank      from one step on (the vectors take ≈ 12 min; the rest ≈ 3 min)
 *   npm run refit -- --only answer      one step
 *   npm run refit -- --check            the committed files against the code's feature lists; exit 1 on a mismatch
 *
 * Each step runs its own script (`npx tsx scripts/…`) with its defaults: the public data under
 * ../shared/corpora/, indexes built in the system's temporary folder.
 */
import { spawnSync } from "node:child_process";
import { parseArgs } from "node:util";
import { FITTED_MODELS } from "../src/fit/registry.js";
import { fittedProblems, type FittedSpec } from "../src/models/fitted.js";
import { PROJECT_ROOT } from "../src/paths.js";

const { values: args } = parseArgs({ options: { from: { type: "string" }, only: { type: "string" }, check: { type: "boolean", default: false } } });
const say = (s: string): boolean => process.stderr.write(`${s}\n`);
const names = FITTED_MODELS.map((m) => m.name);

function stepsToRun(): FittedSpec[] {
  const pick = args.only ?? args.from;
  if (pick === undefined) return [...FITTED_MODELS];
  const at = names.indexOf(pick);
  if (at < 0) throw new Error(`no fitted model named "${pick}": one of ${names.join(", ")}`);
  return args.only ? [FITTED_MODELS[at]!] : FITTED_MODELS.slice(at);
}

function check(): number {
  let bad = 0;
  for (const spec of FITTED_MODELS) {
    const problems = fittedProblems(spec);
    bad += problems.length;
    say(
      problems.length
        ? `✗ ${spec.name}: ${problems.join("; ")} — refit with npm run refit -- --from ${spec.name}`
        : `✓ ${spec.name} (data/${spec.file}, ${spec.script})`,
    );
  }
  return bad ? 1 : 0;
}

function refit(): number {
  for (const spec of stepsToRun()) {
    const started = Date.now();
    say(`== ${spec.name}: npx tsx ${spec.script}`);
    const run = spawnSync(process.execPath, ["--import", "tsx", spec.script], { cwd: PROJECT_ROOT, stdio: "inherit" });
    if (run.status !== 0) {
      say(`refit stopped: ${spec.name} failed (exit ${run.status ?? run.signal}); the steps after it were not run`);
      return 1;
    }
    say(`== ${spec.name}: done in ${Math.round((Date.now() - started) / 1000)} s`);
  }
  return check();
}

try {
  process.exitCode = args.check ? check() : refit();
} catch (e) {
  say(`refit: ${(e as Error).message}`);
  process.exitCode = 2;
}
