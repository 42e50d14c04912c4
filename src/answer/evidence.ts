/**
 * The evidence an answer is built from: every sentence of the retrieved articles, with its headline
 * and neighbours as context, and the features that say how well it answers the question. The features
 * are combined by weights fit on data (model.ts, scripts/fit-answer-model.ts); nothing here decides.
 */
import { SENTENCE_FEATURES } from "./features.js";
import { sentenceSpans } from "../chunk/sentences.js";
import { MAX_WEIGHT, type QuestionAnalysis } from "../question/analyse.js";
import { normaliseText } from "../question/normalise.js";
import { dateFit, dayToIso, findDates, type DayRange } from "../text/dates.js";
import type { SearchHit } from "../types.js";
import { hasAskedKind, slotHoldsKind } from "./kinds.js";
import { WordMatcher, PRESENT } from "./match.js";
import { phraseMatch, phraseSegments } from "../text/phrases.js";
import { predicateWords, SlotFinder } from "./slot.js";

/** What the answerer needs from the index besides the hits. */
export interface EvidenceContext {
  /** Full text of a document (the hit only carries its best chunk). */
  body(docId: string): string | undefined;
  /** In how many passages of the whole corpus a word occurs (to say honestly that it never does). */
  df(word: string): number;
  /** The date a document is about (its metadata date, or the first date in its text). */
  documentDate(docId: string): DayRange | undefined;
}

export interface Sentence {
  docId: string;
  /** The article's place in the retrieval order (0 = best). */
  rank: number;
  hit: SearchHit;
  /** Position of the sentence in its article. */
  index: number;
  /** The sentence, normalised (what is matched, quoted and extracted from). */
  text: string;
  lower: string;
  /** The year of the article's date, when known (for dates the text gives without one). */
  articleYear?: number;
  /** Features (see SENTENCE_FEATURES) and the fitted probability that it holds the answer. */
  features: number[];
  score: number;
}

const COVERAGE = SENTENCE_FEATURES.indexOf("coverage");
const EXACT = SENTENCE_FEATURES.indexOf("exact");

/** Sentences read per article: long articles are read as far as this. */
const MAX_SENTENCES = 400;

interface Article {
  docId: string;
  rank: number;
  hit: SearchHit;
  title: string;
  sentences: string[];
  lowers: string[];
  /** Offsets of each sentence in the article body. */
  starts: number[];
  date?: DayRange;
  /** Degree of each question word in the whole article (with its headline). */
  docDegrees: number[];
  /** Each question word's weight within the article: rarer among its sentences, worth more for telling them apart. */
  localWeights: number[];
  docEntities: number;
  missingRare: number;
}

/** Per-question state shared by every sentence. */
export class EvidenceScorer {
  readonly words: WordMatcher;
  private readonly entities: WordMatcher;
  private readonly weights: number[];
  private readonly total: number;
  private readonly focus: number[];
  private readonly slots: SlotFinder;
  private readonly predicate: number[];
  /** The people the question names (lower-cased), for sentences that refer to them as 他/她. */
  private readonly people: string[];
  /** Stretches of the question between its question and function words, for phrase matching. */
  private readonly segments: string[];

  constructor(
    readonly q: QuestionAnalysis,
    private readonly ctx: EvidenceContext,
  ) {
    this.words = new WordMatcher(q.words);
    const named = q.entities.filter((e) => e.kind !== "date" && e.kind !== "figure");
    this.entities = new WordMatcher(named.map((e) => ({ word: e.text, weight: 1, forms: e.forms ?? [], synonyms: [], narrower: [] })));
    this.weights = q.words.map((w) => w.weight);
    this.total = this.weights.reduce((a, b) => a + b, 0);
    this.focus = q.focus.map((f) => q.words.findIndex((w) => w.word === f)).filter((i) => i >= 0);
    this.slots = new SlotFinder(q);
    this.people = q.entities.filter((e) => e.kind === "person").map((e) => e.text.toLowerCase());
    this.segments = phraseSegments(q.core.replace(q.wh, " ")).map((p) => p.toLowerCase());
    this.predicate = predicateWords(q)
      .map((p) => q.words.findIndex((w) => w.word === p))
      .filter((i) => i >= 0);
  }

  /** Every sentence of the hits, with features (not yet scored). */
  sentences(hits: readonly SearchHit[]): Sentence[] {
    const top = hits[0]?.score || 1;
    const out: Sentence[] = [];
    hits.forEach((hit, rank) => {
      const a = this.article(hit, rank);
      const n = a.sentences.length;
      const articleYear = a.date && a.date.to - a.date.from < 400 ? Number(dayToIso(a.date.from).slice(0, 4)) : undefined;
      for (let i = 0; i < n; i++) {
        out.push({
          docId: a.docId,
          rank,
          hit,
          index: i,
          text: a.sentences[i]!,
          lower: a.lowers[i]!,
          ...(articleYear ? { articleYear } : {}),
          features: this.features(a, i, hit.score / top),
          score: 0,
        });
      }
    });
    // How far each sentence falls short of the best-covering sentence of the question (the model
    // compares sentences of one question, whatever the question's words).
    const best = { coverage: 0, exact: 0 };
    for (const s of out) {
      best.coverage = Math.max(best.coverage, s.features[COVERAGE]!);
      best.exact = Math.max(best.exact, s.features[EXACT]!);
    }
    for (const s of out) s.features.push(best.coverage - s.features[COVERAGE]!, best.exact - s.features[EXACT]!);
    return out;
  }

  /**
   * A sentence as matched: one that opens with 他/她 also holds the person of the question that the
   * article named before it (「沈东每到一处…。他要求，…」 is about 沈东).
   */
  private withReferent(a: Article, i: number): string {
    const s = a.lowers[i]!;
    if (!/^[他她]/u.test(s) || !this.people.length) return s;
    const before = a.lowers.slice(Math.max(0, i - 3), i).join("");
    const named = this.people.filter((p) => before.includes(p));
    return named.length ? `${s}（${named.join("、")}）` : s;
  }

  /** Share of the question's named things an article mentions (1 when the question names none). */
  entityShare(lower: string): number {
    const n = this.entities.words.length;
    if (!n) return 1;
    let got = 0;
    for (let i = 0; i < n; i++) if (this.entities.present(lower, i)) got++;
    return got / n;
  }

  private article(hit: SearchHit, rank: number): Article {
    const body = this.ctx.body(hit.docId) ?? hit.text;
    const title = normaliseText(hit.title);
    const sentences: string[] = [];
    const starts: number[] = [];
    for (const s of sentenceSpans(body)) {
      if (sentences.length >= MAX_SENTENCES) break;
      for (const piece of pieces(body, s.start, s.end)) {
        if (sentences.length >= MAX_SENTENCES) break;
        const text = normaliseText(body.slice(piece.start, piece.end));
        if (!/[\p{L}\p{N}]/u.test(text)) continue;
        sentences.push(text);
        starts.push(piece.start);
      }
    }
    const lowers = sentences.map((s) => s.toLowerCase());
    const whole = `${title.toLowerCase()}\n${lowers.join("")}`;
    const docDegrees = this.q.words.map((_, i) => this.words.degree(whole, i));
    let missingRare = 0;
    docDegrees.forEach((d, i) => {
      if (d < 0.5) missingRare = Math.max(missingRare, this.weights[i]! / MAX_WEIGHT);
    });
    const date = this.ctx.documentDate(hit.docId);
    const localWeights = this.q.words.map((_, w) => {
      const inSentences = lowers.filter((l) => this.words.present(l, w)).length;
      return this.weights[w]! * (1 - inSentences / Math.max(1, lowers.length));
    });
    return {
      localWeights,
      docId: hit.docId,
      rank,
      hit,
      title: title.toLowerCase(),
      sentences,
      lowers,
      starts,
      ...(date ? { date } : {}),
      docDegrees,
      docEntities: this.entityShare(whole),
      missingRare,
    };
  }

  private features(a: Article, i: number, retrieval: number): number[] {
    const s = this.withReferent(a, i);
    const prev = i > 0 ? a.lowers[i - 1]! : "";
    const next = i + 1 < a.lowers.length ? a.lowers[i + 1]! : "";
    let cov = 0;
    let exact = 0;
    let context = 0;
    let headline = 0;
    let document = 0;
    let local = 0;
    const positions: number[] = [];
    this.q.words.forEach((_, w) => {
      const weight = this.weights[w]!;
      const hit = this.words.hit(s, w);
      cov += weight * hit.degree;
      if (hit.degree >= 1) exact += weight;
      if (hit.at >= 0 && hit.degree >= PRESENT) positions.push(hit.at);
      const title = this.words.degree(a.title, w);
      headline += weight * title;
      context += weight * Math.max(hit.degree, 0.6 * title, 0.5 * this.words.degree(prev, w), 0.4 * this.words.degree(next, w));
      document += weight * a.docDegrees[w]!;
      local += a.localWeights[w]! * hit.degree;
    });
    const localTotal = a.localWeights.reduce((x, y) => x + y, 0);
    const total = this.total || 1;
    const focus = this.focus.length ? this.focus.reduce((m, f) => m + this.words.degree(s, f), 0) / this.focus.length : 0.5;
    const dates = this.dateFeatures(a, s);
    const slot = this.slots.region(s);
    return [
      cov / total,
      exact / total,
      (context - cov) / total,
      document / total,
      headline / total,
      focus,
      this.entityShare(`${a.title}\n${prev}${s}`),
      a.docEntities,
      a.missingRare,
      proximity(positions),
      1 / (1 + a.rank),
      retrieval,
      hasAskedKind(s, this.q) ? 1 : 0,
      dates.fit,
      dates.clash,
      dates.gap,
      i === 0 ? 1 : 0,
      Math.min(1, a.lowers[i]!.length / 120),
      slot ? 1 : 0,
      slot && slotHoldsKind(s.slice(slot.start, slot.end), this.q) ? 1 : 0,
      a.starts[i]! >= a.hit.chunk.start && a.starts[i]! < a.hit.chunk.end ? 1 : 0,
      this.predicate.length ? this.predicate.filter((w) => this.words.present(s, w)).length / this.predicate.length : 0.5,
      localTotal > 0 ? local / localTotal : 0,
      // the longest stretch of the question the sentence says word for word
      phraseMatch(this.segments, s),
      // how early in its article (news says the main facts first)
      a.lowers.length > 1 ? 1 - i / (a.lowers.length - 1) : 1,
    ];
  }

  /**
   * How the sentence's dates (resolved against its article's) or else its article's date fit the
   * question's: fit (1 inside), clash (dated, but nowhere near), and the gap in days to the nearest
   * (log-scaled: 1 is ten years).
   */
  private dateFeatures(a: Article, s: string): { fit: number; clash: number; gap: number } {
    const asked = this.q.dateRanges;
    if (!asked.length) return { fit: 0, clash: 0, gap: 0 };
    const own = /\d|[一二三四五六七八九十]月|[昨今前]天/u.test(s) ? findDates(s, a.date?.from) : [];
    let fit = 0;
    for (const d of own) for (const q of asked) fit = Math.max(fit, dateFit(d, q));
    if (fit > 0) return { fit, clash: 0, gap: 0 };
    let docFit = 0;
    if (a.date) for (const q of asked) docFit = Math.max(docFit, dateFit(a.date, q), reportedAfter(a.date, q) ? 0.5 : 0);
    if (docFit > 0) return { fit: 0.7 * docFit, clash: 0, gap: 0 };
    const dated = [...own, ...(a.date ? [a.date] : [])];
    if (!dated.length) return { fit: 0, clash: 0, gap: 0 };
    let days = Infinity;
    for (const d of dated) for (const q of asked) days = Math.min(days, d.from > q.to ? d.from - q.to : q.from - d.to);
    return { fit: 0, clash: 1, gap: Math.min(1, Math.log1p(Math.max(0, days)) / Math.log1p(3650)) };
  }
}

/** How long after a period its figures are still news (「1—10月」 reported in December, 「上半年」 in July–August). */
const REPORT_LAG_DAYS = 62;

/** An article dated shortly after a period the question names (longer than a week) reports on it. */
function reportedAfter(doc: DayRange, asked: DayRange): boolean {
  const period = asked.to - asked.from >= 7;
  return period && doc.from > asked.to && doc.from - asked.to <= REPORT_LAG_DAYS;
}

/** A sentence longer than this is read as pieces of whole clauses (web text often runs on without a full stop). */
const MAX_UNIT = 120;

/** A sentence as units of at most MAX_UNIT characters, cut after commas (one unit when short). */
function pieces(body: string, start: number, end: number): Array<{ start: number; end: number }> {
  if (end - start <= MAX_UNIT) return [{ start, end }];
  const out: Array<{ start: number; end: number }> = [];
  let from = start;
  let lastCut = -1;
  for (let i = start; i < end; i++) {
    if (/[，,；;：:]/u.test(body[i]!)) lastCut = i + 1;
    if (i + 1 - from >= MAX_UNIT && lastCut > from) {
      out.push({ start: from, end: lastCut });
      from = lastCut;
      while (from < end && /\s/u.test(body[from]!)) from++;
    }
  }
  if (from < end) out.push({ start: from, end });
  return out;
}

/** 1 when the matched words fall within a short window, less as they spread; 0 with fewer than two. */
function proximity(positions: number[]): number {
  if (positions.length < 2) return 0;
  const span = Math.max(...positions) - Math.min(...positions);
  return Math.min(1, (positions.length * 8) / Math.max(span, 8));
}
