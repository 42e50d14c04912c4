/**
 * The offline answer, composed from the retrieved articles' own sentences.
 *
 * 1. Every sentence of each retrieved article is scored against the question's content words,
 *    weighted by IDF (a word absent from the corpus weighs the most), with partial credit when a
 *    word only occurs in the headline or the sentence before (context).
 * 2. A sentence can support an answer only if it holds what the question type needs (a figure
 *    for 多少, a name for 谁, a date for 哪天) and the question's focus word.
 * 3. The best eligible score is the answer's confidence; below CONFIDENCE_THRESHOLD (calibrated on
 *    data, see confidence.ts) the answer is an honest refusal.
 * 4. The reply leads with the answer in the question's own words (the wh-phrase replaced by the
 *    extracted name / figure / date / place / items), then quotes the supporting sentences; every
 *    sentence carries its citation [n]. Extracted text always occurs verbatim in a cited excerpt.
 */
import { sentenceSpans } from "../chunk/sentences.js";
import { searchTokens } from "../text/tokenizer.js";
import type { SearchHit } from "../types.js";
import { CONFIDENCE_THRESHOLD } from "./confidence.js";
import { anyNames, dates, enumeration, figures, namesAfter, objectAfter, organisations, places, valueAfter } from "./extract.js";
import { highlightRanges } from "./highlight.js";
import { analyzeQuestion, isCount, normalise, ROLE, tag, type QuestionInfo } from "./question.js";
import type { AnswerResult, Source } from "./types.js";

/** What the composer needs from the index besides the hits. */
export interface EvidenceContext {
  /** Full text of a document (the hit only carries its best chunk). */
  body(docId: string): string | undefined;
  /** IDF of a word; a word absent from the corpus should get the largest value. */
  idf(word: string): number;
  /** Names mined from the corpus at ingest (organisations, quoted names). */
  isTerm?(word: string): boolean;
  /** In how many passages of the whole corpus a word occurs (to say honestly that it never does). */
  df?(word: string): number;
}

export interface ComposeOptions {
  threshold?: number;
  /** Words to name when refusing a follow-up such as 还有吗 with nothing left. */
  noMoreText?: string;
}

/** The answer plus what the conversation needs to resolve later turns. */
export interface Composed extends AnswerResult {
  confidence: number;
  type: QuestionInfo["type"];
  /** The items the answer enumerates (for 「第二个详细说说」), with the document each came from. */
  items: Array<{ text: string; docId: string }>;
  /** A person the answer names (for 「他」 in the next turn). */
  person?: string;
}

/** Names that mean the same place (general knowledge of the district, not answers). */
const ALIASES: string[][] = [
  ["武进国家高新区", "武进高新区", "武高新", "高新区"],
  ["西太湖科技产业园", "西太湖"],
  ["常州科教城", "科教城"],
  ["区人大常委会", "区人大"],
  // Everyday synonyms a question and a report often swap.
  ["增长", "增加", "提高", "提升", "上升"],
  ["发布", "推出"],
  ["投资", "投入"],
  ["举行", "举办", "召开"],
  ["年产能", "年生产能力"],
];
const aliasOf = new Map<string, string[]>();
for (const group of ALIASES) for (const a of group) aliasOf.set(a, group.filter((b) => b !== a));

interface Unit {
  docId: string;
  rank: number;
  hit: SearchHit;
  title: string;
  text: string;
  norm: string;
  prev: string;
  score: number;
  eligible: boolean;
}

const lowerCache = new Map<string, string>();
function lower(s: string): string {
  let l = lowerCache.get(s);
  if (l === undefined) {
    if (lowerCache.size > 5000) lowerCache.clear();
    l = s.toLowerCase();
    lowerCache.set(s, l);
  }
  return l;
}
const contains = (hay: string, w: string): boolean => {
  const h = lower(hay);
  return h.includes(lower(w)) || (aliasOf.get(w)?.some((a) => h.includes(lower(a))) ?? false);
};

/** 1 when the word occurs, else the share of its sub-words (cutForSearch) that occur, damped. */
function matchDegree(hay: string, w: string, subs: Map<string, string[]>): number {
  if (contains(hay, w)) return 1;
  let parts = subs.get(w);
  if (!parts) {
    parts = [...new Set(searchTokens(w).filter((s) => s !== w && s.length >= 2))];
    subs.set(w, parts);
  }
  if (parts.length) return (0.7 * parts.filter((p) => contains(hay, p)).length) / parts.length;
  // An unknown word (a name the segmenter split badly): share of its character pairs that occur.
  if (w.length < 3) return 0;
  const h = lower(hay);
  let got = 0;
  for (let i = 0; i + 2 <= w.length; i++) if (h.includes(lower(w.slice(i, i + 2)))) got++;
  return (0.8 * got) / (w.length - 1);
}

function weightsFor(q: QuestionInfo, ctx: EvidenceContext): Map<string, number> {
  const w = new Map<string, number>();
  const at = q.wh ? q.text.indexOf(q.wh) + q.wh.length : -1;
  for (const word of q.words) {
    let weight = Math.min(ctx.idf(word), 12);
    // Modifiers of a listed head noun (「有哪些【新能源】项目」) are often not repeated next to the items.
    if (q.type === "list" && at >= 0 && q.text.indexOf(word) >= at && !q.focus.includes(word)) weight *= 0.5;
    if (/^\d+$/u.test(word)) weight *= 0.5;
    w.set(word, Math.max(weight, 0.05));
  }
  return w;
}

function unitsOf(hits: SearchHit[], ctx: EvidenceContext): Unit[] {
  const out: Unit[] = [];
  hits.forEach((hit, rank) => {
    const body = ctx.body(hit.docId) ?? hit.text;
    let prev = "";
    for (const s of sentenceSpans(body)) {
      const text = body.slice(s.start, s.end);
      const norm = normalise(text);
      out.push({ docId: hit.docId, rank, hit, title: normalise(hit.title), text, norm, prev, score: 0, eligible: false });
      prev = norm;
    }
  });
  return out;
}

function roleWord(q: QuestionInfo): string | undefined {
  return ROLE.exec(q.text)?.[0];
}

function peopleIn(unit: string, q: QuestionInfo): string[] {
  const role = roleWord(q);
  const named = namesAfter(unit, role);
  return named.length || role ? named : anyNames(unit);
}

/** The comma-clause of `unit` that holds the most question words (and `must`, if given). */
function bestClause(unit: string, words: string[], must?: (c: string) => boolean): string {
  let best = unit;
  let bestN = -1;
  for (const c of unit.split(/[，,；;：:]/u)) {
    if (must && !must(c)) continue;
    const n = words.filter((w) => contains(c, w)).length;
    if (n > bestN) [best, bestN] = [c.trim(), n];
  }
  return best.replace(/[。！？!?]+$/u, "");
}

/** Chooses the figure that answers a number question within its unit. */
function pickFigure(unit: string, q: QuestionInfo): { figure: string; clause: string } | undefined {
  const clauses = unit.split(/[，,；;：:]/u).map((c) => c.trim());
  let best: { figure: string; clause: string; rank: number } | undefined;
  for (const c of clauses) {
    // A figure the question itself names (「10GW项目」) is not the answer.
    const figs = figures(c).filter(
      (f) =>
        (!q.unit || f.text.includes(q.unit)) &&
        // 「几处」 asks for a count, which 「1.2万平方米」 is not (「9名」 does answer 「几位」)
        (!q.classifier || q.unit || !f.hasUnit || isCount(f.text)) &&
        (!q.wantsRate || /%|‰|倍|个百分点/u.test(f.text + c.slice(f.index + f.text.length, f.index + f.text.length + 4))) &&
        !lower(q.text).includes(lower(f.text.replace(/^(约|近|超过?|逾)/u, ""))),
    );
    if (!figs.length) continue;
    const focusAt = q.focus.map((f) => lower(c).indexOf(lower(f))).filter((i) => i >= 0);
    const hits = q.words.filter((w) => contains(c, w)).length + (focusAt.length ? 5 : 0);
    // The figure closest after the focus word (「总投资14.3亿元」).
    const after = (f: { index: number }): number => (focusAt.length ? Math.min(...focusAt.map((i) => (f.index >= i ? f.index - i : 100 + i - f.index))) : f.index);
    const cls = (f: { text: string }): number => Number(Boolean(q.classifier) && f.text.endsWith(q.classifier));
    const fig = [...figs].sort((a, b) => cls(b) - cls(a) || Number(b.hasUnit) - Number(a.hasUnit) || after(a) - after(b))[0]!;
    const same = q.classifier && fig.text.endsWith(q.classifier) ? 3 : 0;
    const rank = hits + same + (fig.hasUnit ? 0.5 : 0) - after(fig) / 1000;
    if (!best || rank > best.rank) best = { figure: fig.text, clause: c, rank };
  }
  return best && { figure: best.figure, clause: best.clause };
}

function eligible(u: Unit, q: QuestionInfo, subs: Map<string, string[]>): boolean {
  const has = (hay: string, f: string): boolean => matchDegree(hay, f, subs) >= 0.5;
  const focusOk = q.focus.every((f) => has(u.norm, f) || has(u.title, f)) || q.type === "list";
  switch (q.type) {
    case "number":
      return q.focus.every((f) => has(u.norm, f)) && pickFigure(u.norm, q) !== undefined;
    case "who":
      if (!focusOk) return false;
      // 「主任是谁」 needs a name right after the role word; elsewhere names are hard to spot offline,
      // so a sentence without one may still answer, with less confidence.
      if (q.wantsPeople && roleWord(q)) return peopleIn(u.norm, q).length > 0;
      if (!(q.wantsPeople ? peopleIn(u.norm, q).length > 0 : organisations(u.norm).length > 0 || anyNames(u.norm).length > 0)) u.score *= 0.8;
      return true;
    case "when":
      return focusOk && dates(u.norm).length > 0;
    case "list":
      return q.wantsPeople ? peopleIn(u.norm, q).length > 0 : true;
    default:
      return focusOk;
  }
}

/** Place names too general to decide whether an article is about the question. */
const GENERIC = new Set(["武进", "武进区", "我区", "全区", "常州", "常州市", "我市", "江苏", "江苏省", "中国", "全国", "今年", "去年", "明年"]);
const NAME_TAGS = /^(nr|nrt|ns|nt|nz|eng|j)$/u;

/** The question's named things (「政协」「GDP」「星辰新能源」): an answer's article must mention each. */
export function questionNames(q: QuestionInfo, ctx: EvidenceContext): string[] {
  const out = new Set<string>();
  for (const { word, tag: t } of tag(q.text)) {
    const w = word.trim();
    if (w.length < 2 || GENERIC.has(w) || !q.words.includes(w)) continue;
    if (NAME_TAGS.test(t) || ctx.isTerm?.(w)) out.add(w);
  }
  return [...out];
}

/** Scores every sentence; returns them best first. */
export function scoreUnits(q: QuestionInfo, hits: SearchHit[], ctx: EvidenceContext): Unit[] {
  const names = questionNames(q, ctx);
  const weights = weightsFor(q, ctx);
  const total = [...weights.values()].reduce((a, b) => a + b, 0);
  const subs = new Map<string, string[]>();
  const units = unitsOf(hits, ctx);
  const docText = new Map<string, string>();
  for (const u of units) docText.set(u.docId, (docText.get(u.docId) ?? u.title) + u.norm);
  const docHasNames = new Map<string, boolean>();
  for (const [id, text] of docText) docHasNames.set(id, names.every((n) => matchDegree(text, n, subs) >= 0.5));
  for (const u of units) {
    let got = 0;
    for (const [w, weight] of weights) {
      const inUnit = matchDegree(u.norm, w, subs);
      const ctxDeg = Math.max(0.6 * matchDegree(u.title, w, subs), 0.5 * matchDegree(u.prev, w, subs), 0.25 * matchDegree(docText.get(u.docId)!, w, subs));
      got += weight * Math.max(inUnit, ctxDeg);
    }
    u.score = total ? got / total : 0;
    u.score -= 0.01 * u.rank; // ties go to the better-ranked article
    u.eligible = docHasNames.get(u.docId)! && eligible(u, q, subs);
    // 「X的主题是什么」: a sentence that says 「主题为…」 answers it.
    if (q.type === "what" && q.focus.some((f) => new RegExp(`${escapeRe(f)}(?:为|是)`, "u").test(u.norm))) u.score += 0.1;
  }
  return units.sort((a, b) => Number(b.eligible) - Number(a.eligible) || b.score - a.score);
}

const REFUSAL = "抱歉，现有报道中没有找到这个问题的答案。";

class Citations {
  readonly sources: Source[] = [];
  private byDoc = new Map<string, Source>();
  constructor(private readonly terms: string[]) {}

  cite(u: Unit): number {
    let s = this.byDoc.get(u.docId);
    if (!s) {
      s = {
        n: this.sources.length + 1,
        id: u.docId,
        chunkId: u.hit.chunkId,
        title: u.hit.title,
        byline: u.hit.doc.byline,
        source: u.hit.doc.source,
        excerpt: u.norm,
        highlights: [],
      };
      if (u.hit.doc.date) s.date = u.hit.doc.date;
      this.byDoc.set(u.docId, s);
      this.sources.push(s);
    } else if (!s.excerpt.includes(u.norm)) {
      s.excerpt = `${s.excerpt}……${u.norm}`;
    }
    s.highlights = highlightRanges(s.excerpt, this.terms);
    return s.n;
  }
}

/** The question with its wh-phrase replaced by the answer (「…是谁」→「…是郑政平」). */
function fillSlot(q: QuestionInfo, answer: string): string {
  if (!q.wh) return answer;
  let s = q.text.replace(q.wh, answer);
  s = s.replace(/^(请问|那么?|那)/u, "");
  return s;
}

const escapeRe = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/gu, "\\$&");
const squashEnd = (s: string): string => s.replace(/[。！？!?；;，,\s]+$/u, "");
/** Ends a sentence with 。 unless it already ends in one inside a closing quote. */
const endSentence = (s: string): string => (/[。！？!?][”"」』]$/u.test(s.trim()) ? s.trim() : `${squashEnd(s)}。`);

export function composeAnswer(
  question: string,
  standalone: string,
  hits: SearchHit[],
  ctx: EvidenceContext,
  opts: ComposeOptions = {},
): Composed {
  const q = analyzeQuestion(standalone);
  const threshold = opts.threshold ?? CONFIDENCE_THRESHOLD;
  const units = scoreUnits(q, hits, ctx);
  const best = units[0];
  const confidence = best?.eligible ? Math.max(0, best.score) : 0;
  const terms = [...new Set([...q.words, ...q.focus])];
  const cites = new Citations(terms);
  const base = { question, standalone, confidence, type: q.type, items: [] as Composed["items"] };

  if (!best || !best.eligible || confidence < threshold) {
    return { ...base, found: false, ...refusal(q, units, cites, opts.noMoreText, ctx.df ? (w) => ctx.df!(w) : undefined), sources: cites.sources };
  }

  const lines: string[] = [];
  const items: Composed["items"] = [];
  let person: string | undefined;
  const quote = (u: Unit): string => `据《${u.hit.title}》报道：${endSentence(u.norm)}[${cites.cite(u)}]`;

  if (q.type === "list") {
    const chosen = units.filter((u) => u.eligible && u.score >= Math.max(threshold, confidence - 0.35));
    const perDoc = new Map<string, number>();
    const picked: Unit[] = [];
    const clauseCache = new Map<Unit, string>();
    const listClause = (u: Unit): string => {
      const hit = clauseCache.get(u);
      if (hit !== undefined) return hit;
      let best = "";
      let bestScore = -1;
      for (const c of u.norm.split(/[，,；;：:]/u)) {
        const e = enumeration(c);
        if (e?.some((it) => ROLE.test(it))) continue; // officials are not a list of things
        const score = q.words.filter((w) => contains(c, w)).length + (q.focus.some((f) => contains(c, f)) ? 1.5 : 0) + (e ? 0.5 : 0);
        if (score > bestScore) [best, bestScore] = [c.trim().replace(/[。！？!?]+$/u, ""), score];
      }
      clauseCache.set(u, best);
      return best;
    };
    const listCache = new Map<Unit, string[] | undefined>();
    const listed = (u: Unit): string[] | undefined => {
      if (listCache.has(u)) return listCache.get(u);
      let out: string[] | undefined;
      if (q.wantsPeople) out = peopleIn(u.norm, q);
      else {
        const c = listClause(u);
        out = c ? (enumeration(c) ?? [c]) : undefined;
      }
      listCache.set(u, out);
      return out;
    };
    // Sentences that enumerate come first: they are what a list question wants.
    const enumerates = (u: Unit): boolean => !q.wantsPeople && (listed(u)?.length ?? 0) > 1;
    chosen.sort((a, b) => b.score + (enumerates(b) ? 0.15 : 0) - (a.score + (enumerates(a) ? 0.15 : 0)));
    for (const u of chosen) {
      const n = perDoc.get(u.docId) ?? 0;
      // A second sentence of the same article must be a real list (three items or more).
      const first = picked.find((p) => p.docId === u.docId);
      const second = n >= 1 && (q.wantsPeople || ((listed(u)?.length ?? 0) >= 3 && u.score >= (first?.score ?? 0) - 0.1));
      if (n >= 2 || (n >= 1 && !second) || picked.length >= 6 || !listed(u)?.length) continue;
      perDoc.set(u.docId, n + 1);
      picked.push(u);
    }
    const groups: string[] = [];
    const seen: string[] = [];
    for (const u of picked) {
      const found = listed(u)!;
      const fresh = found.filter((it) => !seen.some((s) => s === it || (!q.wantsPeople && (s.includes(it) || it.includes(s)))));
      if (!fresh.length) {
        cites.cite(u);
        continue;
      }
      seen.push(...fresh);
      for (const it of fresh) items.push({ text: it, docId: u.docId });
      groups.push(`${fresh.join("、")}[${cites.cite(u)}]`);
    }
    if (q.wantsPeople) lines.push(`${squashEnd(fillSlot(q, "有"))}：${groups.join("；")}。`.replace(/有+：/u, "有："));
    else lines.push(`关于「${squashEnd(q.text.replace(q.wh, "").replace(/^(请问|那么?|那)/u, ""))}」，报道中提到：\n${groups.map((g) => `· ${g}`).join("\n")}`);
    if (q.wantsPeople) for (const u of picked.slice(0, 2)) lines.push(quote(u));
    return { ...base, found: true, answer: lines.join("\n"), sources: cites.sources, items };
  }

  let lead: string | undefined;
  switch (q.type) {
    case "number": {
      const f = pickFigure(best.norm, q);
      if (f) {
        // 「建军多少周年」+「96周年」: the unit the question already says after the wh-word is not repeated.
        const after = q.wh ? q.text.slice(q.text.indexOf(q.wh) + q.wh.length) : "";
        let fig = f.figure;
        for (let k = Math.min(4, fig.length - 1); k >= 1; k--) {
          const tail = fig.slice(-k);
          if (!/\d/u.test(tail) && after.startsWith(tail)) {
            fig = fig.slice(0, -k);
            break;
          }
        }
        lead = squashEnd(fillSlot(q, fig));
      }
      break;
    }
    case "who": {
      // What the question already names is not its answer (「杨斌是谁」 is not 「杨斌」).
      const fresh = (xs: string[]): string[] => xs.filter((x) => !q.text.includes(x));
      const people = q.wantsPeople ? fresh(peopleIn(best.norm, q)) : [];
      const orgs = q.wantsPeople ? [] : fresh(organisations(best.norm));
      const name = people.length ? people.join("、") : orgs[0] ?? fresh(anyNames(best.norm))[0];
      if (name) {
        lead = squashEnd(fillSlot(q, name));
        if (people.length === 1) person = people[0];
      }
      break;
    }
    case "when": {
      const d = dates(bestClause(best.norm, q.words, (c) => dates(c).length > 0));
      if (d[0]) lead = squashEnd(fillSlot(q, d[0]));
      break;
    }
    case "where": {
      const p = places(bestClause(best.norm, q.words, (c) => places(c).length > 0)).filter((x) => !q.text.includes(x));
      if (p[0]) lead = squashEnd(fillSlot(q, q.wh.startsWith("在") ? `在${p[0]}` : q.wh.startsWith("位于") ? `位于${p[0]}` : p[0]));
      break;
    }
    case "what": {
      const before = q.wh ? q.text.slice(0, q.text.indexOf(q.wh)).replace(/(了|的|是|有)+$/u, "") : "";
      const verbWord = q.words.filter((w) => before.endsWith(w)).at(-1);
      const verb = verbWord && !tag(verbWord).some((t) => /^n/u.test(t.tag)) ? verbWord : undefined;
      // Only when the wh-word ends the question (「它还自建了什么？」), not 「什么方式」「什么的重要性」.
      const whEnds = q.wh !== "" && /^[了呢吗啊？?。!！\s]*$/u.test(q.text.slice(q.text.indexOf(q.wh) + q.wh.length));
      const obj = verb && whEnds && !/什么样|怎么样|怎样|如何|为什么|为何|吗/u.test(q.wh) ? objectAfter(best.norm, verb) : undefined;
      if (obj) lead = squashEnd(fillSlot(q, obj));
      // 「主题是什么」 → the text after 「主题为」 in the article.
      const noun = !obj && whEnds ? q.focus.find((f) => valueAfter(best.norm, f) !== undefined) : undefined;
      const said = noun ? valueAfter(best.norm, noun) : undefined;
      if (said && !/什么样|怎么样|怎样|如何|为什么|为何|吗/u.test(q.wh)) lead = squashEnd(fillSlot(q, said));
      // 「一条什么样的产线」: the noun phrase that ends with 产线 in the article.
      const kindOf = /什么样的?([\p{Script=Han}A-Za-z0-9]{1,6}?)(?=[？?，,。]|$)/u.exec(q.text);
      if (!lead && kindOf) {
        const head = kindOf[1]!;
        const m = new RegExp(`(?:了|是|为|有|建成|建设|打造|推出)([^，,。；了是为有]{2,30}?${head.replace(/[.*+?^${}()|[\]\\]/gu, "\\$&")})`, "u").exec(best.norm);
        if (m) lead = squashEnd(q.text.replace(kindOf[0], m[1]!));
      }
      break;
    }
    default:
      break;
  }
  const n = cites.cite(best);
  if (!person) {
    const named = anyNames(best.norm);
    if (named.length === 1) person = named[0];
  }
  if (lead) lines.push(`${lead}。[${n}]`);
  lines.push(quote(best));
  // A second article that also supports the answer (another view, or more detail).
  const detail = q.type === "detail" || q.type === "what";
  for (const u of units.slice(1)) {
    if (!u.eligible || u.score < Math.max(threshold, confidence - (q.type === "detail" ? 0.3 : 0.1))) break;
    if (u.docId === best.docId && !detail) continue;
    lines.push(quote(u));
    if (lines.length >= (q.type === "detail" ? 4 : 3)) break;
  }
  for (const s of cites.sources) items.push({ text: s.title, docId: s.id });
  return { ...base, found: true, answer: lines.join("\n"), sources: cites.sources, items, ...(person ? { person } : {}) };
}

/** An honest refusal that names what is missing and offers the nearest coverage, if any. */
/** A headline worth offering (page furniture such as 「原标题」「近日」「7-24 10」 is not). */
const offerable = (title: string): boolean =>
  title.length >= 6 && !/^(原标题|来源|近日|日前|本报讯|据|记者|图|当地时间|\d)/u.test(title) && !/[电讯][（(]|日电|…$/u.test(title);

function refusal(q: QuestionInfo, units: Unit[], cites: Citations, noMore?: string, df?: (w: string) => number): { answer: string } {
  // Say a word is missing from the news only when no passage of the whole corpus has it.
  const missing = q.focus.filter((f) => !units.some((u) => contains(u.norm, f)) && !/\d/u.test(f) && (df?.(f) ?? 1) === 0);
  let answer = noMore ?? REFUSAL;
  if (!noMore && missing.length) answer = `抱歉，现有报道中没有关于「${missing.join("、")}」的内容，无法回答这个问题。`;
  const near = units.filter((u) => u.score >= 0.3);
  const docs: Unit[] = [];
  for (const u of near) if (offerable(u.hit.title) && !docs.some((d) => d.docId === u.docId) && docs.length < 2) docs.push(u);
  const offers: string[] = [];
  for (const u of docs) {
    const n = cites.cite(u);
    const src = cites.sources[n - 1]!;
    // The headline is quoted in the excerpt so that every figure the refusal shows is in a source.
    src.excerpt = `《${u.hit.title}》${src.excerpt}`;
    src.highlights = highlightRanges(src.excerpt, q.words);
    offers.push(`《${u.hit.title}》[${n}]`);
  }
  if (offers.length) answer += `\n相近的报道有：${offers.join("、")}，可以换个问法问问其中的内容。`;
  return { answer };
}
