/**
 * Hybrid retrieval as a LangChain `BaseRetriever`.
 * 1. Query analysis (query.ts): OCR repair, dates, question words out, aliases in, events split.
 * 2. Candidate channels: BM25 over the question's terms; the vector search; BM25 restricted to the
 *    articles dated within the question's dates; BM25 per event of a multi-event question; for
 *    「A当天，B」, BM25 for B restricted to the day of A's best article.
 * 3. Weighted reciprocal-rank fusion per document (fuse.ts).
 * 4. Re-ranking of the fused candidates (rerank.ts): coverage, headline, phrase, proximity, date fit;
 *    each article represented by its best chunk; near-duplicate articles pushed down for list questions.
 */
import { BaseRetriever } from "@langchain/core/retrievers";
import { Document } from "@langchain/core/documents";
import { docMeta, type NewsIndex } from "../index/news-index.js";
import { log } from "../log.js";
import { ops } from "../ops/events.js";
import { segment, stopwordSet } from "../text/tokenizer.js";
import type { DayRange } from "../text/dates.js";
import { characterPairs, pairOverlap } from "../text/overlap.js";
import type { SearchHit } from "../types.js";
import { ablated, tuned } from "./ablate.js";
import { weighsWords } from "../embed/news.js";
import { learnedScore, rerankModel } from "./rerank-model.js";
import { retrievalContext, type RetrievalContext } from "./context.js";
import { ensureSlots, reciprocalRankFusion, slotDocuments, type Channel, type LabelScore } from "./fuse.js";
import { QuestionAnalyser, type QuestionAnalysis } from "../question/analyse.js";
import { blendedIdf } from "../question/rarity.js";
import { weightedTerms, type WeightedTerm } from "../question/terms.js";
import { combine, coverage, dateMentioned, dateScore, DEFAULT_WEIGHTS, idfWeights, phraseMatch, proximity, rerankVector, type Features, type ScoredTerm } from "./rerank.js";

export interface SearchOptions {
  k?: number;
  /** "Today" for relative dates in the question (YYYY-MM-DD). */
  date?: string;
  /** Documents to leave out (e.g. already shown for 「还有吗」). */
  exclude?: ReadonlySet<string>;
  /** Documents to prefer (a follow-up: the articles the previous answer cited). */
  prefer?: ReadonlySet<string>;
  /** Measurement only (scripts/fit-rerank-model.ts): receives the re-ranked candidates' features (RERANK_FEATURES). */
  onCandidates?: (candidates: Array<{ docId: string; features: number[] }>) => void;
}

const POOL = 40;
/** How many articles about each side of 「A当天，B」 are searched for a day they share. */
const W_ANCHOR_POOL = 10;
const RERANK_DEPTH = 25;
/** Weight of a chunk's similarity in meaning when an article's best chunk is chosen. */
const CHUNK_MEANING = 0.1;
/**
 * A question word's weight in the question's vector, from this corpus: (idf / QUESTION_IDF_SCALE)², and 0
 * for a word no article holds. Measured on ChronoQA dev's fit half, vectors alone, recall_any@5: 0.832
 * with the embeddings' own weights, 0.838 dropping absent words, 0.840 with idf, 0.849 with idf².
 */
const QUESTION_IDF_SCALE = 5;
/** Channel weights in the fusion (see fuse.ts) and the RRF constant. */
const FUSION = { bm25: 1, vector: 0.25, dated: 1, event: 0.8, eventDated: 0.5, anchor: 1, onDay: 0.5, previous: 1, rrfK: 15, minSearchWeight: 0.5, prefer: 0.3 };

export class HybridRetriever extends BaseRetriever {
  lc_namespace = ["wujin_news", "retrievers"];
  private vectorsDown = false;
  /** Reads questions with what this corpus teaches (word rarity, mined names, aliases). */
  readonly analyser: QuestionAnalyser;

  constructor(
    readonly index: NewsIndex,
    private readonly defaults: { k: number } = { k: 5 },
  ) {
    super();
    // (the index holds its terms lower-cased: GDP is found as gdp)
    const local = {
      idf: (w: string) => index.bm25.idf(w.toLowerCase()),
      df: (w: string) => index.bm25.df(w.toLowerCase()),
      passages: () => index.bm25.size,
      absentIdf: () => index.bm25.idf(" \u0000never\u0000 "),
    };
    this.analyser = new QuestionAnalyser({
      idf: (w) => blendedIdf(local, w),
      df: (w) => index.bm25.df(w.toLowerCase()),
      isTerm: (w) => index.knownTerms.has(w),
      aliases: () => (ablated("aliases") ? undefined : this.ctx.aliases),
      newestDay: () => this.ctx.newestDay,
    });
    // What the retriever derives from the corpus (0.4 s on 68,798 articles) is prepared as soon as
    // the process is idle after start-up, so that a bot's first question does not wait for it.
    setImmediate(() => {
      try {
        retrievalContext(index);
      } catch (err) {
        log.warn({ err: (err as Error).message }, "preparing the retrieval context failed; it is built on the first search");
      }
    }).unref();
  }

  private get ctx(): RetrievalContext {
    return retrievalContext(this.index);
  }

  /** The date a document is about (its metadata date, or the first date near the start of its text). */
  documentDate(docId: string): DayRange | undefined {
    return this.ctx.docDate.get(docId);
  }

  /** The analysis of a question, with this corpus's knowledge ("today" for relative dates). */
  analyze(query: string, date?: string): QuestionAnalysis {
    return this.analyser.analyse(query, { ...(date ? { today: date } : {}), dates: !ablated("dates") });
  }

  /** Retrieval for a question, or for its analysis (the engine analyses a question once for every stage). */
  async search(query: string | QuestionAnalysis, opts: SearchOptions = {}): Promise<SearchHit[]> {
    const started = performance.now();
    try {
      return await this.searchNow(query, opts);
    } finally {
      ops.stage("retrieval", performance.now() - started); // the operator's retrieval latency (src/ops/events.ts)
    }
  }

  private async searchNow(query: string | QuestionAnalysis, opts: SearchOptions = {}): Promise<SearchHit[]> {
    const k = opts.k ?? this.defaults.k;
    const W = tuned({ ...FUSION, ...DEFAULT_WEIGHTS });
    const ctx = this.ctx;
    const a = typeof query === "string" ? this.analyze(query, opts.date) : query;
    const dates = a.dateRanges;
    const docOf = (label: number): string | undefined => this.index.docOfLabel(label)?.id;
    const excluded = opts.exclude?.size ? opts.exclude : undefined;
    const allow = excluded ? (label: number) => !excluded.has(docOf(label) ?? "") : undefined;
    const within = (ranges: DayRange[]) => (label: number) => {
      const from = ctx.dateFrom[label]!;
      const to = ctx.dateTo[label]!;
      if (from > to) return false;
      if (!ranges.some((r) => to >= r.from && from <= r.to)) return false;
      return !allow || allow(label);
    };
    // Narrower words of a broad one (新能源 → 储能, 光伏 …) only re-rank: as search terms they would flood the candidates.
    const bm25 = (all: WeightedTerm[], n: number, filter?: (l: number) => boolean): LabelScore[] => {
      const terms = all.filter((t) => t.weight >= W.minSearchWeight);
      return terms.length ? this.index.bm25.search(terms, n, filter).map(({ id, score }) => ({ label: id, score })) : [];
    };

    if (ablated("keywords")) return this.vectorsOnly(a, k, allow);
    const channels: Channel[] = [{ name: "bm25", weight: W.bm25, hits: bm25(a.terms, POOL, allow) }];
    if (dates.length) channels.push({ name: "dated", weight: W.dated, hits: bm25(a.terms, POOL, within(dates)) });
    // A follow-up: the articles the previous answer cited are candidates however few words they match.
    const preferred = opts.prefer?.size ? this.labelsOfDocs(opts.prefer, allow) : undefined;
    if (preferred?.size) channels.push({ name: "previous", weight: W.previous, hits: bm25(a.terms, POOL, (l) => preferred.has(l)) });
    // 「某月某日发生了什么」: the articles of a day the question names are candidates even when few words match.
    const days = dates.filter((d) => d.grain === "day");
    if (days.length) channels.push({ name: "on-day", weight: W.onDay, hits: this.articlesOfDays(days, a.terms, allow) });
    if (!ablated("events")) {
      a.parts.forEach((part, i) => {
        const terms = weightedTerms(part, ablated("aliases") ? undefined : ctx.aliases);
        channels.push({ name: `event${i}`, weight: W.event, hits: bm25(terms, 20, allow), slot: !a.anchor });
        if (dates.length) channels.push({ name: `event${i}-dated`, weight: W.eventDated, hits: bm25(terms, 20, within(dates)) });
      });
      if (a.anchor) channels.push(...this.anchorChannels(a.anchor, dates, W.anchor, allow));
    }

    // The vector channel (second in the fusion order). Exact scoring searches the whole index when a
    // scan is cheap (a newsroom's archive of some thousands of articles: it then finds articles whose
    // words are not the question's, the paraphrase set's evidence@5 0.036 → 0.179) and otherwise ranks
    // the articles the keyword channels found (a whole scan of crud-news's 68,798 articles costs 16 ms).
    let queryVector: number[] | undefined;
    if (!ablated("vectors") && a.core) {
      let among: Set<number> | undefined;
      if (this.index.vectors.prefersCandidates) {
        among = new Set<number>();
        for (const ch of channels) for (const h of ch.hits) among.add(this.index.chunkDoc[h.label]!);
      }
      const v = await this.vectorSearch(a.core, allow, among);
      if (v) {
        queryVector = v.vector;
        channels.splice(1, 0, { name: "vector", weight: W.vector, hits: v.hits });
      }
    }

    // An update running in this process (SEEDS_DIR rescans) may have removed an article while the
    // vector search was awaited: `docOf` no longer knows its chunks, so the fusion leaves them out.
    // From here on everything is synchronous.
    const fused = reciprocalRankFusion(channels, docOf, W.rrfK);
    if (!fused.length) return [];
    if (ablated("rerank")) {
      const plain = ensureSlots(fused, slotDocuments(channels, docOf), Math.min(k, 5)).slice(0, k);
      return plain.map((f, i) => this.hit(f.label, Math.min(f.score, ...plain.slice(0, i + 1).map((p) => p.score))));
    }

    const weighted = idfWeights(a.terms, (t) => this.index.bm25.idf(t));
    const segments = phraseSegments(a.core);
    // a question comparing events (「A和B哪个先」): how fully an article covers one of them
    const partWeights = a.parts.length > 1 && a.comparison ? a.parts.map((part) => idfWeights(weightedTerms(part, ablated("aliases") ? undefined : ctx.aliases), (t) => this.index.bm25.idf(t))) : [];
    const top = fused[0]!.score;
    const slots = slotDocuments(channels, docOf);
    const depth = Math.max(RERANK_DEPTH, k);
    const candidates = fused.filter((f, i) => i < depth || slots.includes(f.docId));
    const learned = rerankModel();
    const scored = candidates.map((f) => {
      const doc = this.index.docOfLabel(f.label)!;
      // The article's best chunk: the one covering most of the question, ties to the fused one.
      let label = f.label;
      let best = -1;
      for (const l of this.index.labelsOf(doc.id)) {
        const text = this.index.chunk(l)?.text ?? "";
        // With the headline: words it already holds do not decide between the chunks.
        // (and, for words it holds none of, the chunk nearest the question in meaning)
        const near = queryVector ? CHUNK_MEANING * this.index.vectors.chunkScore(queryVector, l) : 0;
        const c = coverage(weighted, `${doc.title}\n${text}`) + 0.05 * density(weighted, text) + near + (l === f.label ? 1e-6 : 0);
        if (c > best) {
          best = c;
          label = l;
        }
      }
      const text = this.index.chunk(label)!.text;
      const features: Features = {
        coverage: coverage(weighted, `${doc.title}\n${text}`),
        headline: doc.title ? coverage(weighted, doc.title) : 0,
        phrase: phraseMatch(segments, `${doc.title}\n${text}`),
        proximity: proximity(weighted, text),
        date: ablated("dates") ? 0 : dateScore(ctx.docDate.get(doc.id), dates),
        mentioned: ablated("dates") ? 0 : dateMentioned(text, ctx.docDate.get(doc.id), dates),
        event: partWeights.length ? Math.max(...partWeights.map((w) => coverage(w, `${doc.title}\n${text}`))) : 0,
        meaning: queryVector ? this.index.vectors.chunkScore(queryVector, label) : 0,
      };
      const previous = opts.prefer?.has(doc.id) ? W.prefer : 0;
      const x = rerankVector(f.score / top, features);
      // Ordered by the learned weights; the score a hit reports stays the hand-weighted match strength,
      // the unit the answerer's model (data/answer-model.json) was fit on.
      const score = combine(f.score / top, features, W) + previous;
      return { label, docId: doc.id, text, x, score, order: learned ? learnedScore(learned, x) + previous : score };
    });
    opts.onCandidates?.(scored.map((s) => ({ docId: s.docId, features: s.x })));
    scored.sort((x, y) => y.order - x.order);
    const ordered = ensureSlots(a.list ? diversify(scored) : scored, slots, Math.min(k, 5));
    // Scores stay best first even where a slot moved a document up.
    const top_k = ordered.slice(0, k);
    for (let i = 1; i < top_k.length; i++) if (top_k[i]!.score > top_k[i - 1]!.score) top_k[i]!.score = top_k[i - 1]!.score;
    return top_k.map((s) => this.hit(s.label, s.score));
  }

  /**
   * 「A当天，B」: the day is the one on which both A and B have articles (or, when A has none, the
   * day of B's best article); the articles of that day are candidates, ranked by how well they
   * match A, then shortest first (a bare dated note of the day).
   */
  private anchorChannels(anchor: NonNullable<QuestionAnalysis["anchor"]>, dates: DayRange[], weight: number, allow?: (l: number) => boolean): Channel[] {
    const ctx = this.ctx;
    const eventTerms = weightedTerms(anchor.event);
    const restTerms = weightedTerms(anchor.rest);
    const filter = dates.length ? (l: number) => ctx.dateTo[l]! >= ctx.dateFrom[l]! && dates.some((r) => ctx.dateTo[l]! >= r.from && ctx.dateFrom[l]! <= r.to) && (!allow || allow(l)) : allow;
    const event = this.index.bm25.search(eventTerms, W_ANCHOR_POOL, filter);
    const rest = this.index.bm25.search(restTerms, W_ANCHOR_POOL, filter);
    const dayOf = (l: number): number | undefined => {
      const from = ctx.dateFrom[l]!;
      return from === ctx.dateTo[l]! ? from : undefined;
    };
    const support = new Map<number, { event: number; rest: number }>();
    const topE = event[0]?.score ?? 1;
    const topR = rest[0]?.score ?? 1;
    const mark = (hits: typeof event, top: number, side: "event" | "rest"): void => {
      for (const h of hits) {
        const d = dayOf(h.id);
        if (d === undefined) continue;
        const s = support.get(d) ?? { event: 0, rest: 0 };
        s[side] = Math.max(s[side], h.score / top);
        support.set(d, s);
      }
    };
    mark(event, topE, "event");
    mark(rest, topR, "rest");
    let day: number | undefined;
    let best = 0;
    for (const [d, s] of support) {
      const score = s.event + 1.2 * s.rest + (s.event > 0 && s.rest > 0 ? 0.5 : 0);
      if (score > best) {
        best = score;
        day = d;
      }
    }
    if (day === undefined) return [];
    const range = widen({ from: day, to: day, grain: "day" }, anchor.grain);
    const labels: number[] = [];
    for (let d = range.from; d <= range.to && labels.length <= 400; d++) for (const l of ctx.byDay.get(d) ?? []) if (!allow || allow(l)) labels.push(l);
    if (!labels.length || labels.length > 400) return [];
    const set = new Set(labels);
    // Articles of that day that describe A (as well as the best article about A anywhere would)…
    const bar = 0.5 * (event[0]?.score ?? Infinity);
    const matched = this.index.bm25
      .search(eventTerms, 20, (l) => set.has(l))
      .filter(({ score }) => score >= bar)
      .map(({ id, score }) => ({ label: id, score }));
    // …then the others, shortest first (a short dated note of the day says little else).
    const seen = new Set(matched.map((m) => m.label));
    const bare = labels
      .filter((l) => !seen.has(l))
      .map((l) => ({ label: l, len: this.index.chunkLength(l) }))
      .sort((x, y) => x.len - y.len)
      .map(({ label }) => ({ label, score: 0 }));
    return [
      { name: "anchor-day", weight, hits: [...matched, ...bare].slice(0, 20), slot: true },
      { name: "anchored", weight, slot: true, hits: this.index.bm25.search(restTerms, 20, (l) => set.has(l)).map(({ id, score }) => ({ label: id, score })) },
    ];
  }

  /** The chunk labels of some documents (those `allow` lets through). */
  private labelsOfDocs(ids: ReadonlySet<string>, allow?: (l: number) => boolean): Set<number> {
    const out = new Set<number>();
    for (const id of ids) for (const l of this.index.labelsOf(id)) if (!allow || allow(l)) out.add(l);
    return out;
  }

  /** Articles dated to the given days (at most 40): those matching the words first, then shortest first. */
  private articlesOfDays(days: DayRange[], terms: WeightedTerm[], allow?: (l: number) => boolean): LabelScore[] {
    const labels: number[] = [];
    for (const r of days) for (let d = r.from; d <= r.to; d++) for (const l of this.ctx.byDay.get(d) ?? []) if (!allow || allow(l)) labels.push(l);
    if (!labels.length || labels.length > 40) return [];
    const set = new Set(labels);
    const matched = terms.length ? this.index.bm25.search(terms, 40, (l) => set.has(l)).map(({ id, score }) => ({ label: id, score })) : [];
    const seen = new Set(matched.map((m) => m.label));
    const rest = labels
      .filter((l) => !seen.has(l))
      .map((l) => ({ label: l, len: this.index.chunkLength(l) }))
      .sort((x, y) => x.len - y.len)
      .map(({ label }) => ({ label, score: 0 }));
    return [...matched, ...rest];
  }

  /**
   * The articles dated within the ranges (at most `limit`, newest first), each by its first chunk:
   * 「上周有什么新闻」 names a window and no topic.
   */
  datedArticles(ranges: readonly DayRange[], limit: number, exclude?: ReadonlySet<string>): SearchHit[] {
    const inside: Array<{ id: string; from: number }> = [];
    for (const [id, r] of this.ctx.docDate) {
      if (exclude?.has(id)) continue;
      if (ranges.some((w) => r.from >= w.from && r.to <= w.to)) inside.push({ id, from: r.from });
    }
    inside.sort((a, b) => b.from - a.from || a.id.localeCompare(b.id));
    const out: SearchHit[] = [];
    for (const { id } of inside) {
      const first = this.index.labelsOf(id)[0];
      if (first !== undefined) out.push(this.hit(first, 0));
      if (out.length >= limit) break;
    }
    return out;
  }

  private hit(label: number, score: number): SearchHit {
    const doc = this.index.docOfLabel(label)!;
    const chunk = this.index.chunk(label)!;
    return { docId: doc.id, chunkId: chunk.chunkId, score, title: doc.title, text: chunk.text, doc: docMeta(doc), chunk };
  }

  /** The ablation `keywords`: the vector channel alone over the whole index, as it ranks, no dates and no re-ranking. */
  private async vectorsOnly(a: QuestionAnalysis, k: number, allow: ((label: number) => boolean) | undefined): Promise<SearchHit[]> {
    const hits = (await this.vectorSearch(a.core || a.text, allow))?.hits ?? [];
    return hits.slice(0, k).map((h) => this.hit(h.label, h.score));
  }

  /**
   * The vector channel. When the embeddings endpoint fails (down, slow, garbage), the question is
   * answered from the other channels: a degraded answer beats none. Said once in the log.
   */
  private async vectorSearch(text: string, allow: ((label: number) => boolean) | undefined, among?: Iterable<number>): Promise<{ vector: number[]; hits: LabelScore[] } | undefined> {
    let vector: number[];
    try {
      vector = await this.queryVector(text);
    } catch (err) {
      if (!this.vectorsDown) log.warn({ err: (err as Error).message }, "query embeddings failed; searching without the vector channel until they work again");
      ops.embeddingsFallback();
      this.vectorsDown = true;
      return undefined;
    }
    if (this.vectorsDown) log.info("query embeddings work again; vector channel back");
    this.vectorsDown = false;
    return { vector, hits: this.index.vectors.searchLabels(vector, POOL, allow, among) };
  }

  /**
   * The question's vector. Embeddings that can weigh words (the offline news vectors) get each word
   * scaled by this corpus: a word no article holds cannot be what the articles are about.
   */
  private queryVector(text: string): Promise<number[]> {
    const embeddings = this.index.embeddings;
    if (weighsWords(embeddings)) {
      const weightOf = (word: string): number => (this.index.bm25.df(word) > 0 ? (this.index.bm25.idf(word) / QUESTION_IDF_SCALE) ** 2 : 0);
      return Promise.resolve(embeddings.embedWeighted(text, weightOf));
    }
    return embeddings.embedQuery(text);
  }

  override async _getRelevantDocuments(query: string): Promise<Document[]> {
    return (await this.search(query)).map(
      (h) => new Document({ pageContent: h.text, metadata: { id: h.docId, chunkId: h.chunkId, score: h.score, title: h.title } }),
    );
  }
}

/** Idf-weighted occurrences of the question's terms per 100 characters, capped at 1. */
function density(weighted: ScoredTerm[], text: string): number {
  let total = 0;
  let all = 0;
  for (const { term, w } of weighted) {
    all += w;
    let at = text.indexOf(term);
    while (at >= 0) {
      total += w;
      at = text.indexOf(term, at + term.length);
    }
  }
  return all ? Math.min(1, (total / all) * (100 / Math.max(text.length, 100))) : 0;
}

function widen(day: DayRange, grain: "day" | "month" | "year"): DayRange {
  if (grain === "day") return day;
  const span = grain === "month" ? 31 : 366;
  return { from: day.from - span, to: day.to + span, grain: "span" };
}

/** Stretches of the question between question words and punctuation (for phrase matching). */
export function phraseSegments(core: string): string[] {
  const stop = stopwordSet();
  const out: string[] = [];
  let cur = "";
  for (const w of segment(core)) {
    if (stop.has(w) || !/[\p{L}\p{N}]/u.test(w)) {
      if (cur.length >= 3) out.push(cur);
      cur = "";
    } else cur += w;
  }
  if (cur.length >= 3) out.push(cur);
  return out;
}

/** Pushes an article down when its text nearly repeats one ranked above it (same story reprinted). */
export function diversify<T extends { text: string; score: number }>(ranked: T[]): T[] {
  const kept: T[] = [];
  const late: T[] = [];
  const seen: Array<Set<string>> = [];
  for (const r of ranked) {
    const g = characterPairs(r.text);
    const dup = seen.some((s) => pairOverlap(g, s) > 0.8);
    if (dup) late.push(r);
    else {
      kept.push(r);
      seen.push(g);
    }
    if (kept.length >= 10) break;
  }
  const rest = ranked.filter((r) => !kept.includes(r) && !late.includes(r));
  return [...kept, ...late, ...rest];
}
