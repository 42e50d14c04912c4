/** What an answer is, whichever composer (extractive or LLM) produced it. */
export interface Source {
  /** Citation number as used in the answer text: [n]. */
  n: number;
  id: string;
  chunkId: string;
  title: string;
  byline: string;
  source: string;
  date?: string;
  /** True when `date` is estimated from the page's text rather than printed on it. */
  dateEstimated?: boolean;
  /** The passage that supports the cited claim. */
  excerpt: string;
  /** Character ranges of `excerpt` that match the question's words. */
  highlights: Array<[number, number]>;
}

export interface AnswerResult {
  question: string;
  /** The question as understood after resolving a follow-up. */
  standalone: string;
  found: boolean;
  answer: string;
  sources: Source[];
  /** How sure the offline composer is (0–1); answers below the calibrated threshold are refusals. */
  confidence?: number;
  /** True when the answer text was written by the LLM (and passed the checks). */
  llm?: boolean;
  /** The answer the first line states, as the article has it (when the reply leads with one). */
  span?: string;
  /** There is further evidence to show (「更多」). */
  more?: boolean;
  /** The reply continues an earlier answer (a 「更多」 press or 「还有吗」), not a new question. */
  continues?: boolean;
  /** The message was small talk (a greeting, thanks …), answered with a friendly line: no question, no sources. */
  smallTalk?: "greeting" | "thanks" | "goodbye" | "identity";
}
