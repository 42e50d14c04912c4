/**
 * Hybrid retrieval for an analysed question (src/question/analyse.ts: the engine analyses a question
 * once for every stage):
 * 1. candidate channels (channels/): BM25 over the question's terms; the vector search; BM25 within
 *    the question's dates; among a follow-up's previous articles; the articles of a day it names;
 *    BM25 per event of a multi-event question; for 「A当天，B」, the articles of A's day;
 * 2. weighted reciprocal-rank fusion per document (fuse.ts, weights in fusion-weights.ts);
 * 3. re-ranking of the fused candidates (rerank-candidates.ts), each article by its best chunk, near-
 *    duplicate articles pushed down for list questions, each event's best article kept in view.
 * The index is read only through RetrievalIndex (retrieval-index.ts).
 */
import { NO_ABLATION, tuned, type Ablation, type Tuning } from "../config/ablation.js";
import { log } from "../log.js";
import { ops } from "../ops/events.js";
import type { QuestionAnalysis } from "../question/analyse.js";
import { diversify } from "../text/diversify.js";
import type { DayRange } from "../text/dates.js";
import type { SearchHit } from "../types.js";
import { bm25Channel, datedChannel, onDayChannel, previousChannel } from "./channels/keywords.js";
import { eventChannels } from "./channels/events.js";
import type { ChannelQuery, KeywordChannel } from "./channels/query.js";
import { VectorChannel } from "./channels/vectors.js";
import { ensureSlots, reciprocalRankFusion, slotDocuments, type Channel, type Fused } from "./fuse.js";
import { DEFAULT_FUSION, RERANK_DEPTH, type FusionWeights } from "./fusion-weights.js";
import { hitOf, type LabelFilter, type RetrievalIndex } from "./retrieval-index.js";
import { rerankCandidates } from "./rerank-candidates.js";
import { DEFAULT_WEIGHTS, type RerankRecord } from "./rerank.js";

export interface SearchOptions {
  k?: number;
  /** "Today" for relative dates in the question (YYYY-MM-DD); read where the question is analysed. */
  date?: string;
  /** Documents to leave out (e.g. already shown for 「还有吗」). */
  exclude?: ReadonlySet<string>;
  /** Documents to prefer (a follow-up: the articles the previous answer cited). */
  prefer?: ReadonlySet<string>;
  /** Measurement only (scripts/fit-rerank-model.ts): receives the re-ranked candidates' features (RERANK_FEATURES). */
  onCandidates?: (candidates: Array<{ docId: string; features: number[] }>) => void;
}

/** The measurement settings a retriever runs with (src/config/ablation.ts). */
export interface RetrieverSettings {
  ablation: Ablation;
  tuning: Tuning;
}

/** The keyword channels, in their order in the fusion (the vector channel goes second, after BM25). */
const KEYWORD_CHANNELS: readonly KeywordChannel[] = [bm25Channel, datedChannel, previousChannel, onDayChannel, eventChannels];
/** A slot document (an event's best article) is kept within this many results at most. */
const SLOT_DEPTH = 5;

export class Retriever {
  private readonly vectors: VectorChannel;
  private readonly weights: FusionWeights & RerankRecord;
  private readonly ablation: Ablation;

  constructor(
    readonly index: RetrievalIndex,
    settings: RetrieverSettings = { ablation: NO_ABLATION, tuning: {} },
    private readonly defaults: { k: number } = { k: 5 },
  ) {
    this.vectors = new VectorChannel(index);
    this.ablation = settings.ablation;
    this.weights = tuned({ ...DEFAULT_FUSION, ...DEFAULT_WEIGHTS }, settings.tuning);
    // What retrieval derives from the corpus (0.4 s on 68,798 articles) is prepared as soon as the
    // process is idle after start-up, so that a bot's first question does not wait for it.
    setImmediate(() => {
      try {
        index.context();
      } catch (err) {
        log.warn({ err: (err as Error).message }, "preparing the retrieval context failed; it is built on the first search");
      }
    }).unref();
  }

  /** The date a document is about (its metadata date, or the first date near the start of its text). */
  documentDate(docId: string): DayRange | undefined {
    return this.index.context().docDate.get(docId);
  }

  /** The articles found for an analysed question, best first. */
  async search(analysis: QuestionAnalysis, opts: SearchOptions = {}): Promise<SearchHit[]> {
    const started = performance.now();
    try {
      return await this.searchNow(analysis, opts);
    } finally {
      ops.stage("retrieval", performance.now() - started); // the operator's retrieval latency (src/ops/events.ts)
    }
  }

  private async searchNow(analysis: QuestionAnalysis, opts: SearchOptions): Promise<SearchHit[]> {
    const k = opts.k ?? this.defaults.k;
    const q = this.channelQuery(analysis, opts);
    if (this.ablation.has("keywords")) return this.vectorsOnly(q, k);
    const channels = KEYWORD_CHANNELS.flatMap((channel) => channel(q));
    const vector = await this.addVectorChannel(q, channels);
    // An update running in this process (SEEDS_DIR rescans) may have removed an article while the
    // vector search was awaited: `docOf` no longer knows its chunks, so the fusion leaves them out.
    // From here on everything is synchronous.
    const docOf = (label: number): string | undefined => this.index.docOfLabel(label)?.id;
    const fused = reciprocalRankFusion(channels, docOf, this.weights.rrfK);
    if (!fused.length) return [];
    const slots = slotDocuments(channels, docOf);
    if (this.ablation.has("rerank")) return this.fusedOnly(fused, slots, k);
    return this.reranked(q, { fused, slots, vector, k }, opts.onCandidates);
  }

  /** What every channel reads for this question. */
  private channelQuery(analysis: QuestionAnalysis, opts: SearchOptions): ChannelQuery {
    const context = this.index.context();
    return {
      analysis,
      index: this.index,
      context,
      weights: this.weights,
      ablation: this.ablation,
      aliases: this.ablation.has("aliases") ? undefined : context.aliases,
      allow: this.allowing(opts.exclude),
      prefer: opts.prefer,
    };
  }

  /** The filter that leaves out the chunks of excluded documents (undefined when none are). */
  private allowing(exclude: ReadonlySet<string> | undefined): LabelFilter | undefined {
    if (!exclude?.size) return undefined;
    return (label) => !exclude.has(this.index.docOfLabel(label)?.id ?? "");
  }

  /** Puts the vector channel second in the fusion order; returns the question's vector (undefined when it did not run). */
  private async addVectorChannel(q: ChannelQuery, channels: Channel[]): Promise<number[] | undefined> {
    if (this.ablation.has("vectors") || !q.analysis.core) return undefined;
    const found = await this.vectors.channel(q.analysis.core, q.allow, channels, this.weights.vector);
    if (!found) return undefined;
    channels.splice(1, 0, found.channel);
    return found.vector;
  }

  /** The fused candidates re-ranked: the best `k`, scores best first even where a slot moved a document up. */
  private reranked(
    q: ChannelQuery,
    f: { fused: Fused[]; slots: string[]; vector: number[] | undefined; k: number },
    onCandidates: SearchOptions["onCandidates"],
  ): SearchHit[] {
    const depth = Math.max(RERANK_DEPTH, f.k);
    const candidates = f.fused.filter((c, i) => i < depth || f.slots.includes(c.docId));
    const scored = rerankCandidates({ ...q, weights: this.weights, vector: f.vector }, candidates, f.fused[0]!.score);
    onCandidates?.(scored.map((s) => ({ docId: s.docId, features: s.x })));
    scored.sort((x, y) => y.order - x.order);
    const ordered = ensureSlots(q.analysis.list ? diversify(scored) : scored, f.slots, Math.min(f.k, SLOT_DEPTH));
    const best = ordered.slice(0, f.k);
    for (let i = 1; i < best.length; i++) if (best[i]!.score > best[i - 1]!.score) best[i]!.score = best[i - 1]!.score;
    return best.map((s) => hitOf(this.index, s.label, s.score));
  }

  /** The ablation `rerank`: the fusion's order, slots kept in view. */
  private fusedOnly(fused: Fused[], slots: string[], k: number): SearchHit[] {
    const plain = ensureSlots(fused, slots, Math.min(k, SLOT_DEPTH)).slice(0, k);
    return plain.map((f, i) => hitOf(this.index, f.label, Math.min(f.score, ...plain.slice(0, i + 1).map((p) => p.score))));
  }

  /** The ablation `keywords`: the vector channel alone over the whole index, as it ranks, no dates and no re-ranking. */
  private async vectorsOnly(q: ChannelQuery, k: number): Promise<SearchHit[]> {
    const hits = (await this.vectors.search(q.analysis.core || q.analysis.text, q.allow))?.hits ?? [];
    return hits.slice(0, k).map((h) => hitOf(this.index, h.label, h.score));
  }

  /**
   * The articles dated within the ranges (at most `limit`, newest first), each by its first chunk:
   * 「上周有什么新闻」 names a window and no topic.
   */
  datedArticles(ranges: readonly DayRange[], limit: number, exclude?: ReadonlySet<string>): SearchHit[] {
    const inside: Array<{ id: string; from: number }> = [];
    for (const [id, r] of this.index.context().docDate) {
      if (exclude?.has(id)) continue;
      if (ranges.some((w) => r.from >= w.from && r.to <= w.to)) inside.push({ id, from: r.from });
    }
    inside.sort((a, b) => b.from - a.from || a.id.localeCompare(b.id));
    const out: SearchHit[] = [];
    for (const { id } of inside) {
      const first = this.index.labelsOf(id)[0];
      if (first !== undefined) out.push(hitOf(this.index, first, 0));
      if (out.length >= limit) break;
    }
    return out;
  }
}
