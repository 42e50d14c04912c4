/**
 * Chinese tokenisation on nodejieba, with the project's dictionary of local names (data/user-dict.txt)
 * and any terms mined from the corpus at ingest, so that 「武进国家高新区」「叁零陆」 stay whole.
 * Every stage that needs tokens (BM25, offline embeddings, query analysis) goes through here.
 */
import nodejieba from "nodejieba";
import { existsSync } from "node:fs";
import { ablationFromEnv } from "../config/ablation.js";
import { lexicon } from "../lexicon/lexicon.js";
import { dataPath } from "../paths.js";

let loaded = false;
const inserted = new Set<string>();

/**
 * Ablation study only: RETRIEVAL_ABLATE=dict segments with jieba's own dictionary (src/config/ablation.ts).
 * The segmenter is one per process (and per ingest worker thread), loaded before any config is read,
 * so it reads the setting from the environment, with the config's own parser.
 */
const noDictionary = ablationFromEnv().has("dict");

/**
 * nodejieba's load() also reads an IDF table (6 MB) and stop-words for keyword extraction, which
 * this project never calls: a one-line stand-in (data/jieba-extract-stub.utf8) takes ~0.2 s off
 * every start-up. Segmentation (cut, cutForSearch) does not read either file.
 */
function ensureLoaded(): void {
  if (loaded) return;
  const user = dataPath("user-dict.txt");
  const stub = dataPath("jieba-extract-stub.utf8");
  nodejieba.load({
    ...(existsSync(user) && !noDictionary ? { userDict: user } : {}),
    ...(existsSync(stub) ? { idfDict: stub, stopWordDict: stub } : {}),
  });
  loaded = true;
}

/** Tags of proper names (and of words the dictionary does not know): such a word is still a name worth mining. */
const NAME_TAGS = /^(nr|nrt|nrfg|ns|nt|nz|x|eng)$/u;

/**
 * Whether the segmenter's dictionary already knows a word as a common word (投资, 教育, 一刀切 quoted in
 * an article): no name to mine — teaching it again would blank its part of speech (the segmenter gives
 * an inserted word none) and make the question analysis take it for a named thing.
 */
export function isCommonWord(word: string): boolean {
  ensureLoaded();
  const tags = nodejieba.tag(word);
  return tags.length === 1 && tags[0]!.word === word && !NAME_TAGS.test(tags[0]!.tag);
}

/** Adds words to the segmenter's dictionary (idempotent). Used for corpus-mined names. */
export function addTerms(terms: Iterable<string>): void {
  ensureLoaded();
  if (noDictionary) return;
  for (const t of terms) {
    const w = t.trim();
    if (w.length < 2 || inserted.has(w)) continue;
    nodejieba.insertWord(w);
    inserted.add(w);
  }
}

export function stopwordSet(): ReadonlySet<string> {
  return lexicon().stopwords;
}

const MEANINGFUL = /[\p{L}\p{N}]/u;

function normaliseToken(t: string): string | undefined {
  const w = t.trim().toLowerCase();
  return w && MEANINGFUL.test(w) ? w : undefined;
}

/**
 * Index-time and query-time tokens: jieba's search mode (whole words plus their dictionary
 * sub-words), lower-cased, punctuation and stop-words dropped.
 */
export function searchTokens(text: string): string[] {
  ensureLoaded();
  const stop = stopwordSet();
  const out: string[] = [];
  for (const raw of nodejieba.cutForSearch(text, true)) {
    const w = normaliseToken(raw);
    if (w && !stop.has(w)) out.push(w);
  }
  return out;
}

/** Plain segmentation (no sub-words), punctuation dropped; stop-words kept unless asked. */
export function words(text: string, dropStopwords = false): string[] {
  ensureLoaded();
  const stop = dropStopwords ? stopwordSet() : undefined;
  const out: string[] = [];
  for (const raw of nodejieba.cut(text, true)) {
    const w = normaliseToken(raw);
    if (w && !stop?.has(w)) out.push(w);
  }
  return out;
}

/** Raw segmentation: every character of the text is in exactly one token, in order. */
export function segment(text: string): string[] {
  ensureLoaded();
  return nodejieba.cut(text, true);
}
