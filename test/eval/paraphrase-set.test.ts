/**
 * Invariants of the paraphrase question set over the two seed pages (test/fixtures/paraphrase-seeds.jsonl,
 * issue 15 item 5), so that it stays what it claims to be: questions a reader might ask about one sentence
 * of a seed page, in OTHER words than that sentence.
 *
 * - the file reads as an `eval --queries` file (id, type, q, evidence, facts — the format of seeds-dev.jsonl);
 * - every evidence string occurs in the seed pages and in the articles ingest makes of them (whitespace ignored);
 * - every evidence string lies inside exactly one sentence of the seed articles (headlines count as sentences),
 *   so "the sentence holding the evidence" is well defined;
 * - no content token of the question is among the tokens of that sentence. Tokens are the project's own
 *   (`searchTokens`: jieba search mode with data/user-dict.txt, stop-words and question words of
 *   data/stopwords.txt dropped), taken twice: with the base dictionary, and after adding the names ingest mines
 *   from the seeds (`mineTerms`), which is how the index segments them. No other word is exempt. As a guard
 *   against segmentation luck, no question token of two or more characters may occur in the sentence as a
 *   plain substring either.
 *
 * The set measures retrieval (evidence@5 with `npm run -s cli -- eval --queries test/fixtures/paraphrase-seeds.jsonl
 * --mode search`); this test does not run retrieval and sets no score.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { readQueries, type QueryItem } from "../../src/cli/queries.js";
import { PROJECT_ROOT } from "../../src/paths.js";
import { mineTerms } from "../../src/text/terms.js";
import { addTerms, searchTokens } from "../../src/text/tokenizer.js";
import { SEED_FILES, seedArticles, seedText } from "../helpers/seeds.js";

const SET = join(PROJECT_ROOT, "test", "fixtures", "paraphrase-seeds.jsonl");

const squash = (s: string): string => s.replace(/\s+/gu, "");

/** Sentences end at 。！？ (with a closing quote that follows); a headline is a sentence of its own. */
function sentencesOf(text: string): string[] {
  return squash(text).match(/[^。！？!?]+(?:[。！？!?]+[”」’]?|$)/gu) ?? [];
}

interface Item {
  id: string;
  q: string;
  evidence: string[];
  facts: string[];
}

const articles = seedArticles();
const pages = SEED_FILES.map((f) => squash(seedText(f))).join("\n");
const indexed = articles.map((a) => squash(`${a.title}\n${a.body}`)).join("\n");
const sentences = articles.flatMap((a) => [squash(a.title), ...sentencesOf(a.body)]).filter(Boolean);

const holding = (evidence: string): string[] => sentences.filter((s) => s.includes(squash(evidence)));

/** Question tokens that the sentence holding the evidence shares: as tokens, or (two characters or more) as text. */
function shared(q: string, sentence: string): string[] {
  const inSentence = new Set(searchTokens(sentence));
  const lower = sentence.toLowerCase();
  return [...new Set(searchTokens(q).filter((t) => inSentence.has(t) || (t.length >= 2 && lower.includes(t))))];
}

describe("paraphrase question set over the seed pages", () => {
  let queries: QueryItem[];
  let items: Item[];
  beforeAll(async () => {
    queries = await readQueries(SET);
    items = readFileSync(SET, "utf8")
      .split("\n")
      .filter((l) => l.trim())
      .map((l) => JSON.parse(l) as Item);
  });

  it("reads as an eval query file with 40–60 single questions, unique ids, evidence and facts", () => {
    expect(queries.length).toBe(items.length);
    expect(items.length).toBeGreaterThanOrEqual(40);
    expect(items.length).toBeLessThanOrEqual(60);
    expect(new Set(items.map((i) => i.id)).size).toBe(items.length);
    for (const [n, it] of items.entries()) {
      expect(queries[n]!.conversation, it.id).toBe(false);
      expect(it.q.trim().length, it.id).toBeGreaterThan(0);
      expect(Array.isArray(it.evidence) && it.evidence.length > 0, `${it.id} has evidence`).toBe(true);
      expect(Array.isArray(it.facts) && it.facts.length > 0, `${it.id} has facts`).toBe(true);
      // a fact is what the answer must say: it stands in the evidence
      for (const f of it.facts)
        expect(
          it.evidence.some((e) => squash(e).includes(squash(f))),
          `${it.id} fact ${f}`,
        ).toBe(true);
    }
  });

  it("finds every evidence string in the seed pages and in the ingested articles (whitespace ignored)", () => {
    const missing = items.flatMap((it) => it.evidence.filter((e) => !pages.includes(squash(e)) || !indexed.includes(squash(e))).map((e) => `${it.id}: ${e}`));
    expect(missing).toEqual([]);
  });

  it("has every evidence string inside exactly one sentence", () => {
    const bad = items.flatMap((it) => it.evidence.filter((e) => holding(e).length !== 1).map((e) => `${it.id}: ${e} (${holding(e).length} sentences)`));
    expect(bad).toEqual([]);
  });

  it("shares no content word between a question and the sentence holding its evidence", () => {
    const check = (): string[] =>
      items.flatMap((it) =>
        it.evidence.flatMap((e) => {
          const [sentence] = holding(e);
          if (!sentence) return [];
          const common = shared(it.q, sentence);
          return common.length ? [`${it.id} 「${it.q}」 shares ${common.join(", ")}`] : [];
        }),
      );
    expect(check(), "base dictionary").toEqual([]);
    addTerms(mineTerms(articles)); // the segmentation of the index: names mined from the seeds at ingest
    expect(check(), "with the mined names").toEqual([]);
  });

  it("covers every article of the seed pages", () => {
    const covered = new Set(
      items.flatMap((it) => it.evidence.flatMap((e) => articles.filter((a) => squash(`${a.title}\n${a.body}`).includes(squash(e))).map((a) => a.title))),
    );
    expect(articles.filter((a) => !covered.has(a.title)).map((a) => a.title)).toEqual([]);
  });
});
