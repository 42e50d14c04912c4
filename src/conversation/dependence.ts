/**
 * Whether a question leans on the conversation before it, and how much the previous question's words
 * then weigh in its search: a logistic model fit on conversations (scripts/fit-conversation-model.ts,
 * data/conversation-model.json) from what a reader's question shows — a word pointing back, 「那…呢」,
 * no subject of its own, few words, words of the question before or of the articles just cited — and
 * a context weight chosen on the same conversations (the one that answers the most later turns without
 * costing the topic switches).
 */
import { lexicon } from "../lexicon/lexicon.js";
import { featureVector, type FeatureRecord } from "../models/features.js";
import { loadFitted, type FittedJson, type FittedSpec } from "../models/fitted.js";
import { probability, type LogisticModel } from "../models/linear.js";
import type { QuestionAnalysis } from "../question/analyse.js";
import { pointingWordIn } from "../question/pointing.js";
import type { Turn } from "./state.js";

export const DEPENDENCE_FEATURES = [
  "pointing",
  "earlier",
  "opensWithNa",
  "endsWithNe",
  "ownSubjects",
  "words",
  "inPreviousQuestion",
  "inPreviousArticles",
  "onlyAttributes",
  "previousFound",
  "asks",
  "short",
] as const;

export interface ConversationModel extends FittedJson {
  /** Does the question lean on the conversation? */
  gate: LogisticModel;
  thresholds: {
    /** At or above this probability the question is read against the conversation. */
    depends: number;
  };
  /** The weight of the previous question's search terms in the search of a question that depends on it. */
  contextWeight: number;
}

export const CONVERSATION_MODEL: FittedSpec = {
  name: "conversation",
  file: "conversation-model.json",
  script: "scripts/fit-conversation-model.ts",
  parts: { gate: DEPENDENCE_FEATURES },
};

const conversationModel = (): ConversationModel => loadFitted<ConversationModel>(CONVERSATION_MODEL);

const SUBJECT_KINDS = new Set(["person", "organisation", "place", "project", "event", "title", "other"]);

/** The features of a question against the turn before it. */
export function dependenceFeatures(a: QuestionAnalysis, last: Turn, docText?: (id: string) => string | undefined): number[] {
  const lex = lexicon();
  const word = pointingWordIn(a);
  const words = a.words.map((w) => w.word.toLowerCase());
  const share = (text: string): number => (words.length ? words.filter((w) => text.includes(w)).length / words.length : 0);
  const articles = docText
    ? last.docIds
        .map((d) => docText(d) ?? "")
        .join("\n")
        .toLowerCase()
    : "";
  const record: FeatureRecord<typeof DEPENDENCE_FEATURES> = {
    pointing: +(word !== undefined && word.kind !== "earlier"),
    earlier: +(word?.kind === "earlier"),
    opensWithNa: +/^(那么?|那|还有|另外)/u.test(a.text),
    endsWithNe: +/呢$/u.test(a.text),
    ownSubjects: Math.min(3, a.entities.filter((e) => SUBJECT_KINDS.has(e.kind)).length) / 3,
    words: Math.min(8, words.length) / 8,
    inPreviousQuestion: share(last.standalone.toLowerCase()),
    inPreviousArticles: share(articles),
    onlyAttributes: +(words.length > 0 && a.words.every((w) => lex.attributes.has(w.word) || lex.roles.includes(w.word))),
    previousFound: +last.found,
    asks: +(a.wh !== ""),
    short: +(a.text.length <= 10),
  };
  return featureVector(DEPENDENCE_FEATURES, record);
}

export interface Dependence {
  /** Probability that the question leans on the conversation. */
  depends: number;
  /** The threshold it is read against. */
  at: number;
  /** The weight of the previous question's terms in its search (0 when it stands alone). */
  contextWeight: number;
}

export function dependence(
  a: QuestionAnalysis,
  last: Turn,
  ctx: { docText?(id: string): string | undefined } = {},
  model: ConversationModel = conversationModel(),
): Dependence {
  const depends = probability(model.gate, dependenceFeatures(a, last, ctx.docText));
  return { depends, at: model.thresholds.depends, contextWeight: depends >= model.thresholds.depends ? model.contextWeight : 0 };
}
