/**
 * Every fitted file of data/, in the order they are refit: each is fit on what the ones before it
 * make (the retriever's re-ranking reads the trained vectors and the background rarity; the answer
 * model reads what retrieval hands it; the event model reads the answer model's sentence scores; the
 * reply shape is measured on the replies all of them make).
 * `npm run refit` runs their scripts in this order; `npm run refit -- --check` checks the committed
 * files against the features the code computes (src/models/fitted.ts).
 */
import { EVENT_MODEL } from "../answer/event-match.js";
import { ANSWER_MODEL } from "../answer/model.js";
import { NEWS_VECTORS } from "../embed/word-vectors.js";
import { BACKGROUND_IDF } from "../lexicon/lexicon.js";
import type { FittedSpec } from "../models/fitted.js";
import { RERANK_MODEL } from "../retrieve/rerank-model.js";
import { CONVERSATION_MODEL } from "../conversation/dependence.js";
import { REPLY_SHAPE } from "../answer/reply-shape.js";

export const FITTED_MODELS: readonly FittedSpec[] = [NEWS_VECTORS, BACKGROUND_IDF, RERANK_MODEL, ANSWER_MODEL, EVENT_MODEL, CONVERSATION_MODEL, REPLY_SHAPE];
