/**
 * Questions that ask for the news about something over time (data/time-relations.tsv, relation
 * "timeline"): 「最近关于液流电池有什么报道」 (newest first), 「氢湾项目的来龙去脉」 (oldest first),
 * 「上周区里有什么新闻」 (a window: the question's own dates). The topic is the question without its cue,
 * its dates and the words that only frame it (关于, 最近).
 */
import { patternAlternation } from "../lexicon/lexicon.js";
import type { FoundDate } from "../text/dates.js";
import { relationCue } from "./comparison.js";

export interface Timeline {
  order: "newest" | "oldest";
  cue: string;
  /** What the articles must be about ("" when the question names only a window: 「上周有什么新闻」). */
  topic: string;
}

let frame: RegExp | undefined;
/** What only frames the topic (「请问最近关于X方面的」: data/pattern-words.tsv, timeline-*): at its start, or at its end. */
const framing = (): RegExp =>
  (frame ??= new RegExp(
    `^(?:${patternAlternation("timeline-opener")})?(?:${patternAlternation("timeline-recency")})?(?:${patternAlternation("timeline-about")})?|(?:${patternAlternation("timeline-closer")})+$`,
    "gu",
  ));

export function timelineOf(text: string, dates: readonly FoundDate[]): Timeline | undefined {
  const cue = relationCue(text, (r) => r === "timeline");
  if (!cue) return undefined;
  let topic = text.slice(0, cue.at) + " " + text.slice(cue.at + cue.phrase.length);
  for (const d of [...dates].sort((a, b) => b.text.length - a.text.length)) topic = topic.replace(d.text, " ");
  topic = topic
    .replace(/[？?！!。.，,\s]+/gu, " ")
    .trim()
    .split(" ")
    .map((piece) => piece.replace(framing(), ""))
    .filter(Boolean)
    .join(" ");
  return { order: cue.parameter === "oldest" ? "oldest" : "newest", cue: cue.phrase, topic };
}
