/**
 * The offline answer: built from the retrieved articles' own sentences, each sentence cited [n].
 */
import { sentenceSpans } from "../chunk/sentences.js";
import { searchTokens } from "../text/tokenizer.js";
import type { SearchHit } from "../types.js";
import { highlightRanges } from "./highlight.js";
import type { AnswerResult, Source } from "./types.js";

const MIN_COVERAGE = 0.5;

interface Candidate {
  hit: SearchHit;
  sentence: string;
  coverage: number;
}

function bestSentence(hit: SearchHit, terms: string[]): Candidate {
  let best: Candidate = { hit, sentence: hit.text, coverage: 0 };
  for (const s of sentenceSpans(hit.text)) {
    const sentence = hit.text.slice(s.start, s.end);
    const covered = terms.filter((t) => sentence.toLowerCase().includes(t)).length;
    const coverage = terms.length ? covered / terms.length : 0;
    if (coverage > best.coverage) best = { hit, sentence, coverage };
  }
  return best;
}

export function composeAnswer(question: string, standalone: string, hits: SearchHit[]): AnswerResult {
  const terms = [...new Set(searchTokens(standalone))];
  const candidates = hits.slice(0, 3).map((h) => bestSentence(h, terms));
  const found = candidates.some((c) => c.coverage >= MIN_COVERAGE);
  if (!found) {
    return { question, standalone, found: false, answer: "抱歉，现有报道中没有找到这个问题的答案。", sources: [] };
  }
  const used = candidates.filter((c) => c.coverage > 0);
  const sources: Source[] = used.map((c, i) => {
    const source: Source = {
      n: i + 1,
      id: c.hit.docId,
      chunkId: c.hit.chunkId,
      title: c.hit.title,
      byline: c.hit.doc.byline,
      source: c.hit.doc.source,
      excerpt: c.sentence,
      highlights: highlightRanges(c.sentence, terms),
    };
    if (c.hit.doc.date) source.date = c.hit.doc.date;
    return source;
  });
  const answer = used.map((c, i) => `${c.sentence}[${i + 1}]`).join("\n");
  return { question, standalone, found: true, answer, sources };
}
