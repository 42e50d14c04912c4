/**
 * The README is one screen to start, and the pages it leads to hold together: every link between
 * them lands on a file and a heading that exist, and the settings page lists every setting.
 */
import { readdirSync, readFileSync, existsSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { envSchema } from "../../src/config/env.js";
import { PROJECT_ROOT } from "../../src/paths.js";

const README = join(PROJECT_ROOT, "README.md");
const DOCS = join(PROJECT_ROOT, "docs");
const pages = [
  README,
  ...readdirSync(DOCS)
    .filter((f) => f.endsWith(".md"))
    .map((f) => join(DOCS, f)),
];
const read = (file: string): string => readFileSync(file, "utf8");

/** The text outside fenced code blocks. */
const prose = (md: string): string =>
  md
    .split(/^```.*$/mu)
    .filter((_, i) => i % 2 === 0)
    .join("\n");

/** The anchors GitHub gives a page's headings (lower case, punctuation dropped, spaces as hyphens, repeats numbered). */
function anchors(md: string): Set<string> {
  const seen = new Map<string, number>();
  const out = new Set<string>();
  for (const m of prose(md).matchAll(/^#{1,6} (.+)$/gmu)) {
    const slug = m[1]!
      .trim()
      .toLowerCase()
      .replace(/[^\p{L}\p{M}\p{N}\p{Pc}\- ]/gu, "")
      .replace(/ /gu, "-");
    const n = seen.get(slug) ?? 0;
    seen.set(slug, n + 1);
    out.add(n ? `${slug}-${n}` : slug);
  }
  return out;
}

describe("README and docs/", () => {
  it("the README fits one screen to start: at most 200 lines, with npm ci, npm start and the test command", () => {
    const readme = read(README);
    expect(readme.split("\n").length).toBeLessThanOrEqual(200);
    for (const command of ["npm ci", "npm start", "npm test"]) expect(readme).toMatch(new RegExp(`^${command}\\b`, "mu"));
    for (const step of ["@BotFather", "cp .env.example .env", "TELEGRAM_BOT_TOKEN", "docs/pages.md"]) expect(readme).toContain(step);
  });

  it("every link between the pages lands on a file that exists, and on a heading of it", () => {
    const broken: string[] = [];
    for (const file of pages) {
      for (const m of prose(read(file)).matchAll(/\]\(([^)\s]+)\)/gu)) {
        const target = m[1]!;
        if (/^(https?|mailto):/u.test(target)) continue;
        const [path, anchor] = target.split("#") as [string, string | undefined];
        const to = path ? resolve(dirname(file), path) : file;
        const where = `${relative(PROJECT_ROOT, file)}: ${target}`;
        if (!existsSync(to)) broken.push(`${where} (no such file)`);
        else if (anchor !== undefined && (!to.endsWith(".md") || !anchors(read(to)).has(anchor))) broken.push(`${where} (no such heading)`);
      }
    }
    expect(broken).toEqual([]);
  });

  it("docs/configuration.md describes every setting, as .env.example does", () => {
    const page = read(join(DOCS, "configuration.md"));
    for (const key of Object.keys(envSchema.shape)) expect(page, key).toContain(`| \`${key}\` |`);
  });
});
