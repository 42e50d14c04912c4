/**
 * Whether an article is about a topic a reader follows (/subscribe 液流电池), and the sentence that
 * shows it. The topic is read by the one question analysis (src/question/analyse.ts): its content
 * words, each with the other names that count as it (aliases, everyday synonyms, the narrower words
 * articles use for a broad one: 新能源 → 液流电池). An article matches when every content word of the
 * topic, in one of its forms, occurs in its headline or text; the sentence shown is the one that
 * holds the most of the topic (exact words before other forms, the earlier one of equals).
 */
import { sentenceSpans } from "../chunk/sentences.js";
import type { StoredDoc } from "../index/news-index.js";
import { patternAlternation } from "../lexicon/lexicon.js";
import type { QuestionAnalysis } from "../question/analyse.js";

export interface TopicMatch {
  docId: string;
  /** The chunk that holds the sentence (for a citation reference). */
  chunkId: string;
  /** The sentence of the article that matches the topic best. */
  sentence: string;
  /** How much of the topic that sentence holds (0–1). */
  score: number;
}

export interface TopicWord {
  word: string;
  weight: number;
  /** Every written form that counts as the word, lower-cased, the word itself first. */
  forms: string[];
}

let joiners: RegExp | undefined;
/** Characters that join words in a topic (「西太湖的生物医药」) and are not themselves looked for (data/pattern-words.tsv, topic-joiner). */
const joinersAtEnds = (): RegExp => {
  const joiner = patternAlternation("topic-joiner");
  return (joiners ??= new RegExp(`^(?:${joiner})+|(?:${joiner})+$`, "gu"));
};

/**
 * The words a topic is matched by; empty when it has none (「的」, punctuation). Characters of the
 * topic that no content word covers are looked for as they are written: the analysis weighs words,
 * and a lone 「氢」 in 「氢能源汽车」 would otherwise be dropped and 新能源汽车 match.
 */
export function topicWords(analysis: QuestionAnalysis): TopicWord[] {
  const words = analysis.words.map((w) => ({
    word: w.word,
    weight: Math.max(w.weight, 0.1),
    forms: [...new Set([w.word, ...w.forms, ...w.synonyms, ...w.narrower].map((f) => f.toLowerCase()).filter(Boolean))],
  }));
  if (!words.length) return [];
  const text = analysis.text.toLowerCase();
  const covered = new Array<boolean>(text.length).fill(false);
  for (const w of words) {
    for (let at = text.indexOf(w.word.toLowerCase()); at >= 0 && w.word; at = text.indexOf(w.word.toLowerCase(), at + 1)) {
      for (let i = at; i < at + w.word.length; i++) covered[i] = true;
    }
  }
  let run = "";
  const runs: string[] = [];
  for (let i = 0; i <= text.length; i++) {
    const ch = text[i];
    if (ch !== undefined && !covered[i] && /\p{Script=Han}/u.test(ch)) run += ch;
    else if (run) {
      runs.push(run);
      run = "";
    }
  }
  for (const r of runs.map((r) => r.replace(joinersAtEnds(), "")).filter(Boolean)) words.push({ word: r, weight: 1, forms: [r] });
  return words;
}

/** How much of the topic a text holds: each word counts fully for itself, 0.8 for another form. */
function coverage(text: string, words: TopicWord[]): number {
  let got = 0;
  let total = 0;
  for (const w of words) {
    total += w.weight;
    if (text.includes(w.forms[0]!)) got += w.weight;
    else if (w.forms.some((f) => text.includes(f))) got += 0.8 * w.weight;
  }
  return total ? got / total : 0;
}

export interface TopicDoc {
  doc: StoredDoc;
  /** The document's chunks with their offsets in the body. */
  chunks: Array<{ chunkId: string; start: number; end: number }>;
}

export function matchTopic(words: TopicWord[], docs: Iterable<TopicDoc>): TopicMatch[] {
  if (!words.length) return [];
  const out: TopicMatch[] = [];
  for (const { doc, chunks } of docs) {
    const body = doc.body;
    const whole = `${doc.title}\n${body}`.toLowerCase();
    if (!words.every((w) => w.forms.some((f) => whole.includes(f)))) continue;
    let best: { start: number; end: number; score: number } | undefined;
    for (const s of sentenceSpans(body)) {
      const score = coverage(body.slice(s.start, s.end).toLowerCase(), words);
      if (score > (best?.score ?? 0)) best = { ...s, score };
    }
    // the headline alone names the topic: the article's first sentence stands for it
    if (!best) {
      const first = sentenceSpans(body)[0];
      if (!first) continue;
      best = { ...first, score: coverage(doc.title.toLowerCase(), words) };
    }
    const chunk = chunks.find((c) => c.start <= best!.start && best!.start < c.end) ?? chunks[0];
    if (!chunk) continue;
    out.push({ docId: doc.id, chunkId: chunk.chunkId, sentence: body.slice(best.start, best.end), score: Number(best.score.toFixed(3)) });
  }
  return out;
}
