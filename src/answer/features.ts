/**
 * The features of the answerer's three fitted decisions, by name and in the order the weights of
 * data/answer-model.json read them (src/answer/model.ts): which sentence holds the answer
 * (evidence.ts), which span of it is the answer (spans.ts), whether the news answers the question at
 * all (rank.ts).
 */

/** The names of the sentence features, in the order of `Sentence.features` (and of the fitted weights). */
export const SENTENCE_FEATURES = [
  "coverage",
  "exact",
  "context",
  "document",
  "headline",
  "focus",
  "entities",
  "documentEntities",
  "missingRare",
  "proximity",
  "rank",
  "retrieval",
  "kind",
  "dateFit",
  "dateClash",
  "dateGap",
  "first",
  "length",
  "aligned",
  "kindInSlot",
  "inBestChunk",
  "predicate",
  "localCoverage",
  "phrase",
  "position",
  "coverageGap",
  "exactGap",
] as const;

/** The names of a candidate span's features (spans.ts). */
export const SPAN_FEATURES = [
  "kindPrimary",
  "aligned",
  "inSlot",
  "slotExact",
  "nearWord",
  "nearFocus",
  "afterFocus",
  "clauseShare",
  "unitMatch",
  "inQuestion",
  "ambiguity",
  "sentenceScore",
  "topSentence",
  "length",
  "byTag",
  "nameShape",
  "roleBefore",
  "askedRole",
  "whNounEnd",
  "opening",
  "slotFound",
  "predicate",
  "predicateInClause",
  "namesSomething",
  "askWhen",
  "askNumber",
  "askPerson",
  "askWhere",
  "askWhat",
] as const;

/** The names of the features of a question as a whole: how strong its best evidence is (rank.ts). */
export const ANSWERABLE_FEATURES = [
  "bestSentence",
  "competitor",
  "bestSpan",
  "coverage",
  "document",
  "entities",
  "documentEntities",
  "missingRare",
  "dateFit",
  "dateClash",
  "dateGap",
  "kind",
  "phrase",
  "predicate",
  "topRetrieval",
  "askedDate",
  "words",
] as const;
