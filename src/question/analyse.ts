/**
 * The one analysis of a question. Follow-up resolution, retrieval and the answerer all read this; none
 * of them looks at the question text with rules of its own.
 *
 * - normalised text (traditional → simplified, full-width, OCR fixes);
 * - type and wh-phrase (data/question-words.tsv), the noun the wh-word governs, the unit or classifier
 *   of a number question, whether it wants a rate, the role title it names, whether it asks for people;
 * - content words with weights (IDF in the corpus) and the other forms that count as the same word
 *   (aliases, curated and mined from the corpus; everyday synonyms), and the focus word;
 * - named entities with their kind; dates, resolved against "today";
 * - for retrieval: the text without its dates, weighted search terms, the events of a multi-event
 *   question, an anchor event (「A当天，B」), and whether it asks for a list.
 */
import type { AliasTable } from "../lexicon/aliases.js";
import { lexicon, patternWordSet, type QuestionType } from "../lexicon/lexicon.js";
import { findDates, hasExplicitYear, isRelativeDate, parseIsoDay, type DayRange, type FoundDate } from "../text/dates.js";
import { segment } from "../text/tokenizer.js";
import { findEntities, type QuestionEntity } from "./entities.js";
import { comparisonOf, type Comparison } from "./comparison.js";
import { timelineOf, type Timeline } from "./timeline.js";
import { anchorOf, questionParts, type Anchor } from "./events.js";
import { normaliseQuestion } from "./normalise.js";
import { backgroundIdf } from "./rarity.js";
import { weightedTerms, type WeightedTerm } from "./terms.js";
import { tagged, type Token } from "./tokens.js";
import { findWh, governedNoun, roleIn, unitAfter, wantsRate } from "./wh.js";

export type { QuestionType } from "../lexicon/lexicon.js";

/** A content word of the question and what counts as it in an article. */
export interface ContentWord {
  word: string;
  /** How rare the word is (the index's IDF blended with the background's, src/question/rarity.ts; capped), lowered for list modifiers, the governed noun, bare numbers and too-general places. */
  weight: number;
  /** Other names of the same thing (aliases, curated and mined from the corpus). */
  forms: string[];
  /** Everyday synonyms (data/synonyms.tsv), worth a little less than the word itself. */
  synonyms: string[];
  /** Narrower words articles use for a broad one (新能源 → 液流电池), worth less than the word itself. */
  narrower: string[];
}

export interface QuestionAnalysis {
  /** The question as typed. */
  raw: string;
  /** Normalised text. */
  text: string;
  type: QuestionType;
  /** The wh-phrase as it stands in `text` ("" when none) and where. */
  wh: string;
  whAt: number;
  /** The noun the wh-word governs (「什么选举」→ 选举), replaced together with it by the answer. */
  whNoun: string;
  /** Where what the question asks about (the wh-phrase and its noun) ends in `text` (-1 when no wh-phrase). */
  askedEnd: number;
  /** Unit named after 多少/几 (「多少美元」→ 美元); "" when generic or absent. */
  unit: string;
  /** Any unit or classifier named after 多少/几 (「几处」→ 处). */
  classifier: string;
  wantsRate: boolean;
  /** The role title the question names (「副主任」), if any. */
  role?: string;
  /** Asks for people (谁, 哪位, a list of role holders). */
  wantsPeople: boolean;
  words: ContentWord[];
  /** The content word(s) the wh-word asks about (「自动化率是多少」→ 自动化率). */
  focus: string[];
  entities: QuestionEntity[];
  /** Date expressions with their spans, resolved against today. */
  dates: FoundDate[];
  /** Asks for several items. */
  list: boolean;
  /** Retrieval view: the text without its dates, its search terms, events and anchor. */
  core: string;
  terms: WeightedTerm[];
  dateRanges: DayRange[];
  parts: string[];
  anchor?: Anchor;
  /** What the question asks of several events' dates (same month? which first?), and the events. */
  comparison?: Comparison;
  /** Asks for the news about something in date order (「最近关于X有什么报道」「X的来龙去脉」). */
  timeline?: Timeline;
  tokens: Token[];
}

/** What the corpus teaches the analysis: word rarity, mined names and aliases. */
export interface CorpusKnowledge {
  /** IDF of a word; a word absent from the corpus gets the largest value. */
  idf(word: string): number;
  /** In how many passages a word occurs. */
  df(word: string): number;
  /** Names mined from the corpus at ingest. */
  isTerm(word: string): boolean;
  /** The alias table (curated + mined); undefined leaves aliases out. */
  aliases(): AliasTable | undefined;
  /** The date of the newest dated article (a day number), when any is dated. */
  newestDay?(): number | undefined;
}

export interface AnalyseOptions {
  /** "Today" (YYYY-MM-DD) for relative dates. */
  today?: string;
  /** False leaves dates out (ablation). */
  dates?: boolean;
}

/** The most a word weighs (IDF is capped here). */
export const MAX_WEIGHT = 12;
/** The weight of a word that no article uses and that is not part of a name, when there is no background to ask. */
const ABSENT_WORD_WEIGHT = 0.3;
/** Single characters a word ends with that belong to the word before (增长率, 完成率, 占有率: data/pattern-words.tsv). */
const isWordSuffix = (w: string): boolean => patternWordSet("word-suffix").has(w);
/** Words between what is asked about and the question word (「自动化率是多少」: data/pattern-words.tsv). */
const isLinking = (w: string): boolean => patternWordSet("linking").has(w);

export class QuestionAnalyser {
  constructor(
    private readonly knowledge: CorpusKnowledge,
    /** What every analysis does unless asked otherwise (dates: false is the ablation RETRIEVAL_ABLATE=dates). */
    private readonly defaults: Pick<AnalyseOptions, "dates"> = {},
  ) {}

  analyse(question: string, opts: AnalyseOptions = {}): QuestionAnalysis {
    const text = normaliseQuestion(question);
    const bare = text.replace(/[？?！!。.\s]+$/u, "");
    const today = parseIsoDay(opts.today) ?? parseIsoDay(new Date().toISOString());
    const dates = (opts.dates ?? this.defaults.dates) === false ? [] : this.datesOf(text, today);
    let core = text;
    // A holiday's name is a word articles use (「国家宪法日」), unlike a date's digits: it stays searchable.
    for (const d of [...dates].reverse()) core = `${core.slice(0, d.start)} ${d.holiday ?? ""} ${core.slice(d.end)}`;
    core = core.replace(/\s+/gu, " ").trim();

    const tokens = tagged(bare);
    const wh = findWh(bare);
    const { unit, classifier } = unitAfter(bare, wh);
    const role = roleIn(bare);
    const isTerm = (w: string): boolean => this.knowledge.isTerm(w);
    const aliases = this.knowledge.aliases();
    const whNoun = governedNoun(tokens, wh);
    // What the question asks about (「有哪些【新能源项目】」) is the kind of answer, not a thing it names.
    const askedEnd = wh.at < 0 ? -1 : wh.at + wh.wh.length + (whNoun && bare.startsWith(whNoun, wh.at + wh.wh.length) ? whNoun.length : 0);
    const entities = findEntities(bare, tokens, dates, isTerm)
      .filter((e) => wh.at < 0 || e.start + e.text.length <= wh.at || e.start >= askedEnd)
      .map((e) => {
        const forms = (aliases?.matches(e.text) ?? []).flatMap((m) => (m.found === e.text ? m.others : []));
        return forms.length ? { ...e, forms } : e;
      });
    const wordList = contentWords(bare, wh.wh, dates);
    const focus = focusWords(bare, wh, wordList);
    for (const f of focus) if (!wordList.includes(f)) wordList.push(f);
    const named = entities.filter((e) => e.kind !== "date" && e.kind !== "figure");
    const words = wordList.map((w) =>
      this.contentWord(
        w,
        bare,
        wh,
        focus,
        aliases,
        named.some((e) => e.text.includes(w) || w.includes(e.text)),
        whNoun,
      ),
    );
    // 「A和B是同一天发生的吗」 compares two events; 「A当天，B…」 asks about the day of one.
    const comparison = comparisonOf(bare, dates);
    const anchor = comparison ? undefined : anchorOf(core);
    const timeline = comparison || anchor ? undefined : timelineOf(bare, dates);
    const list = wh.type === "list" || (/^几/u.test(wh.wh) && lexicon().countUnits.includes(wh.wh.slice(1))) || /分别/u.test(bare);
    return {
      raw: question,
      text: bare,
      type: wh.type,
      wh: wh.wh,
      whAt: wh.at,
      whNoun,
      askedEnd,
      unit,
      classifier,
      wantsRate: wantsRate(bare, wh, unit),
      ...(role ? { role } : {}),
      wantsPeople: wh.type === "who" || (wh.type === "list" && (role !== undefined || /人|谁/u.test(wh.wh))),
      words,
      focus,
      entities,
      dates,
      list,
      core,
      terms: weightedTerms(core, aliases),
      dateRanges: dates.map(({ from, to, grain }) => ({ from, to, grain })),
      parts: questionParts(core, anchor !== undefined),
      ...(anchor ? { anchor } : {}),
      ...(comparison ? { comparison } : {}),
      ...(timeline ? { timeline } : {}),
      tokens,
    };
  }

  /**
   * The question's dates. One without a year (「10月」「1—10月」「第三季度」) means the latest such period
   * the news can speak of: against today, or against the newest article when the archive ends earlier.
   */
  private datesOf(text: string, today: number | undefined): FoundDate[] {
    const dates = findDates(text, today);
    const newest = this.knowledge.newestDay?.();
    if (today === undefined || newest === undefined || newest >= today) return dates;
    return dates.map((d) => {
      if (hasExplicitYear(d.text) || isRelativeDate(d.text)) return d;
      const again = findDates(d.text, newest)[0];
      return again && again.text === d.text ? { ...d, from: again.from, to: again.to, grain: again.grain } : d;
    });
  }

  private contentWord(
    word: string,
    text: string,
    wh: { type: QuestionType; wh: string; at: number },
    focus: string[],
    aliases: AliasTable | undefined,
    inName: boolean,
    whNoun: string,
  ): ContentWord {
    const lex = lexicon();
    // A word no article uses weighs the most when it names something (「GDP」). Otherwise it weighs as
    // rare as it is in news at large: an everyday word the corpus happens not to use (「提到」「报道」)
    // little, a topic the corpus lacks (「房价」) much.
    const absent = this.knowledge.df(word) === 0;
    const rarity = absent && !inName ? (backgroundIdf(word) ?? ABSENT_WORD_WEIGHT) : this.knowledge.idf(word);
    let weight = Math.min(rarity, MAX_WEIGHT);
    // Modifiers of a listed head noun (「有哪些【新能源】项目」) are often not repeated next to the items.
    if (wh.type === "list" && wh.at >= 0 && text.indexOf(word) >= wh.at && !focus.includes(word)) weight *= 0.5;
    // The noun the wh-word governs names the kind of answer (「哪些地方」「哪家单位」); the answer need not repeat it.
    if (whNoun && whNoun.includes(word)) weight *= 0.5;
    if (/^\d+$/u.test(word)) weight *= 0.5;
    if (lex.genericPlaces.has(word)) weight *= 0.3;
    const forms = new Set<string>();
    for (const { found, others } of aliases?.matches(word) ?? []) if (found === word) for (const o of others) forms.add(o);
    const narrower = lex.related.filter((r) => r.head === word).flatMap((r) => r.narrower);
    return { word, weight: Math.max(weight, 0.05), forms: [...forms].filter((f) => f !== word), synonyms: [...(lex.synonyms.get(word) ?? [])], narrower };
  }
}

/** Content words: plain segmentation, stop-words, question words, dates and single characters out. */
function contentWords(text: string, wh: string, dates: readonly FoundDate[]): string[] {
  const lex = lexicon();
  const questionWords = new Set(lex.questionPhrases.map((p) => p.phrase));
  let plain = text;
  for (const d of [...dates].reverse()) plain = `${plain.slice(0, d.start)}，${d.holiday ? `${d.holiday}，` : ""}${plain.slice(d.end)}`;
  if (wh) plain = plain.replace(wh, "，");
  const out: string[] = [];
  for (const t of segment(plain)) {
    // 「建了」「去过」: the aspect particle is not part of what the news will say.
    // (only when what remains is a word of its own: 通过, 超过, 为了 stay whole)
    const w = t.trim().replace(/^(\p{Script=Han}{2,}?)(了|过|着)$/u, "$1");
    if (!w || !/[\p{L}\p{N}]/u.test(w) || lex.stopwords.has(w) || questionWords.has(w)) continue;
    if (w.length === 1 && !/[0-9a-z]/iu.test(w)) continue;
    if (!out.includes(w)) out.push(w);
  }
  return out;
}

/**
 * The word the wh-word asks about: the content word nearest before the wh-phrase (skipping 是/有/达到
 * …); when the wh-phrase opens the question, or for lists and people, the head noun after it.
 */
function focusWords(text: string, wh: { type: QuestionType; wh: string; at: number }, words: string[]): string[] {
  if (!wh.wh) return [];
  const focus: string[] = [];
  const before = segment(text.slice(0, wh.at))
    .map((t) => t.trim())
    .filter(Boolean);
  while (before.length && (isLinking(before.at(-1)!) || !/[\p{L}\p{N}]/u.test(before.at(-1)!))) before.pop();
  let last = before.at(-1);
  if (last && isWordSuffix(last) && before.length >= 2 && /\p{Script=Han}{2,}$/u.test(before.at(-2)!)) last = before.at(-2)! + last;
  if (last && (words.includes(last) || isWordSuffix(last.slice(-1)))) focus.push(last);
  else if (last) {
    const sub = words.filter((w) => last.includes(w) || w.includes(last));
    if (sub.length) focus.push(sub.at(-1)!);
  }
  if (wh.type === "list" || wh.type === "who" || wh.type === "which" || !focus.length) {
    // 「有哪些新能源项目」: the head noun after the wh-word is what is listed.
    const after = segment(text.slice(wh.at + wh.wh.length))
      .map((t) => t.trim())
      .filter((w) => words.includes(w));
    if (after.length) focus.push(after.at(-1)!);
  }
  return [...new Set(focus)];
}
