/**
 * Spans of the kinds answers are made of, found with patterns built from the lexicon: figures with
 * their units (data/units.tsv), dates and date ranges, names of organisations and places by their
 * endings (data/name-suffixes.tsv), personal names by surname (data/surnames.txt) and role title
 * (data/roles.txt), titles in 《》 and quoted names. Every span is text that occurs verbatim.
 */
import { alternation, functionPattern, lexicon } from "../lexicon/lexicon.js";
import type { QuestionAnalysis } from "../question/analyse.js";

export interface Found {
  text: string;
  start: number;
}

export interface Figure extends Found {
  /** Carries a unit or classifier (「14.3亿元」), not a bare number. */
  hasUnit: boolean;
  /** The unit or classifier it ends with. */
  unit: string;
}

let figurePattern: RegExp | undefined;
const MAGNITUDE = "万亿|千亿|百亿|亿|千万|百万|万|千";
const CN_NUMERAL = "[零〇一二两三四五六七八九十百千万亿]+";

function figureRe(): RegExp {
  if (!figurePattern) {
    const lex = lexicon();
    const units = alternation([...lex.measureUnits, ...lex.countUnits]).source;
    figurePattern = new RegExp(
      `(?:约|近|超过?|逾|达到?|共|合计|仅)?(?:\\d+(?:[.,]\\d+)*(?:\\s?[%‰])?(?:[~～至到—-]\\d+(?:\\.\\d+)?(?:\\s?[%‰])?)?|${CN_NUMERAL})(?:\\s?(?:${MAGNITUDE}))?(?:\\s?(?:${units}))?(?:左右|以上|多|余)?`,
      "giu",
    );
  }
  return figurePattern;
}

const MODIFIER = /^(约|近|超过?|逾|达到?|共|合计|仅)/u;

/** Figures of a text: numbers with their magnitude and unit; years and day numbers of dates are not figures. */
export function figuresIn(text: string): Figure[] {
  const lex = lexicon();
  const out: Figure[] = [];
  for (const m of text.matchAll(figureRe())) {
    let t = m[0];
    const core = t.replace(MODIFIER, "");
    if (!/\d/u.test(core)) {
      // Chinese numerals count only with a classifier or unit (「三处」), never alone (「一些」「万一」).
      if (!lex.countUnits.some((u) => core.endsWith(u)) && !lex.measureUnits.some((u) => core.endsWith(u) && core.length > u.length)) continue;
      if (/^[万亿千百]/u.test(core)) continue;
    }
    const end = m.index! + t.length;
    const next = text.slice(end, end + 1);
    if (/^(月|日|号|时|点|分)$/u.test(next) || /^\d{4}\s?年$/u.test(core) || /^\d{1,2}\s?月$/u.test(core)) continue;
    t = t.replace(/^(达到?|共|合计)/u, "");
    const lowerT = t.toLowerCase();
    const unit =
      [...lex.measureUnits, ...lex.countUnits, "%", "‰"]
        .filter((u) => lowerT.endsWith(u.toLowerCase()) || lowerT.replace(/(左右|以上|多|余)$/u, "").endsWith(u.toLowerCase()))
        .sort((a, b) => b.length - a.length)[0] ?? "";
    const magnitude = new RegExp(`(?:${MAGNITUDE})$`, "u").test(t.replace(/(左右|以上|多|余)$/u, ""));
    out.push({ text: t.trim(), start: m.index! + (m[0].length - t.length), hasUnit: unit !== "" || magnitude, unit });
  }
  return out;
}

const DATE =
  /(?:今年|明年|去年|前年)?(?:\d{4}年\d{1,2}月\d{1,2}日(?:[—–\-至到]\d{1,2}(?:月\d{1,2})?日)?|\d{4}年\d{1,2}月(?:[—–\-至到]\d{1,2}月)?(?:上旬|中旬|下旬|初|底|末)?|\d{1,2}月\d{1,2}日(?:[—–\-至到]\d{1,2}(?:月\d{1,2})?日)?|\d{4}年(?:[一二三四]季度|上半年|下半年|底|初|末)?|[一二三四]季度|\d{1,2}月(?:初|底|中旬|上旬|下旬)?|(?:昨天|今天|前天|当天|当日)(?:上午|下午|晚上|凌晨)?)/gu;

export function datesIn(text: string): Found[] {
  return [...text.matchAll(DATE)]
    .filter((m) => !/^\d{1,2}月$/u.test(m[0]) || /^\d{1,2}月(?:初|底|中旬|上旬|下旬)/u.test(m[0]))
    .map((m) => ({ text: m[0], start: m.index! }));
}

let orgPattern: RegExp | undefined;
let placePattern: RegExp | undefined;

/** Names ending in an organisation suffix (「滨湖集团」「国防参谋长委员会」), without the words before them. */
export function organisationsIn(text: string): Found[] {
  orgPattern ??= new RegExp(
    `[\\p{Script=Han}A-Za-z0-9()（）·]{1,18}?(?:${
      alternation(
        lexicon()
          .nameSuffixes.filter((s) => s.kind === "organisation")
          .map((s) => s.suffix),
      ).source
    })`,
    "gu",
  );
  return trimmedNames(text, orgPattern);
}

/** Names ending in a place suffix (「湖塘科技产业园」「尼古拉耶夫地区」). */
export function placesIn(text: string): Found[] {
  placePattern ??= new RegExp(
    `[\\p{Script=Han}A-Za-z0-9·]{1,14}?(?:${
      alternation(
        lexicon()
          .nameSuffixes.filter((s) => s.kind === "place")
          .map((s) => s.suffix),
      ).source
    })(?![\\p{Script=Han}]{0,1}(?:会|长|委|府|员|民|场|级))`,
    "gu",
  );
  return trimmedNames(text, placePattern);
}

let nameLead: RegExp | undefined;

/** A name match without the words before it that are not part of it (「由滨湖集团」→ 滨湖集团). */
function trimmedNames(text: string, re: RegExp): Found[] {
  nameLead ??= new RegExp(`^.*(?:${functionPattern("name-lead")})`, "u");
  const out: Found[] = [];
  for (const m of text.matchAll(re)) {
    const name = m[0].replace(nameLead, "");
    if (name.length >= 3) out.push({ text: name, start: m.index! + m[0].length - name.length });
  }
  return out;
}

const TITLE = /《[^《》]{1,40}》|[“"「][^”"」]{1,30}[”"」]/gu;

export function titlesIn(text: string): Found[] {
  return [...text.matchAll(TITLE)].map((m) => ({ text: m[0], start: m.index! }));
}

let personPattern: RegExp | undefined;

/** Personal names: after a role title (「总经理秦金玉」), or foreign names with a middle dot. */
export function personsByPattern(text: string): Found[] {
  if (!personPattern) {
    const roles = alternation(lexicon().roles).source;
    personPattern = new RegExp(
      `(?:${roles})(\\p{Script=Han}{2,3}?)(?=[，,、。；：:（(\\s]|$|${functionPattern("after-name")})|(\\p{Script=Han}{1,6}(?:[·•・]\\p{Script=Han}{1,8})+)`,
      "gu",
    );
  }
  const out: Found[] = [];
  const lex = lexicon();
  for (const m of text.matchAll(personPattern)) {
    const name = m[1] ?? m[2]!;
    if (m[1] && !lex.surnames.has(name[0]!) && !lex.compoundSurnames.some((c) => name.startsWith(c))) continue;
    out.push({ text: name, start: m.index! + m[0].length - name.length });
  }
  return out;
}

let speakerRe: RegExp | undefined;
let placeVerbRe: RegExp | undefined;
/** Someone saying something (「秦金玉介绍」). */
const speaker = (): RegExp => (speakerRe ??= new RegExp(`\\p{Script=Han}{2,3}(?:${functionPattern("speech")})`, "u"));
/** A place after the verb that brings it (「在常州科教城」「参观了武进政协书屋」). */
const placeAfterVerb = (): RegExp => (placeVerbRe ??= new RegExp(`(?:${functionPattern("place-verbs")})\\p{Script=Han}{2,}`, "u"));

/** Whether a slot (where the answer should stand) holds something of the kind asked for. */
export function slotHoldsKind(slot: string, q: QuestionAnalysis): boolean {
  if (q.type === "where" || q.type === "which" || q.type === "what" || q.type === "detail") return /[\p{Script=Han}A-Za-z0-9]{2}/u.test(slot);
  return hasAskedKind(slot, q);
}

/** Whether a sentence holds something of the kind the question asks for (cheap: patterns only). */
export function hasAskedKind(lowerSentence: string, q: QuestionAnalysis): boolean {
  switch (q.type) {
    case "number":
      return figuresIn(lowerSentence).some((f) => !q.unit || f.text.includes(q.unit.toLowerCase()));
    case "when":
      return datesIn(lowerSentence).length > 0;
    case "who":
      return personsByPattern(lowerSentence).length > 0 || speaker().test(lowerSentence);
    case "which":
      return organisationsIn(lowerSentence).length > 0 || titlesIn(lowerSentence).length > 0;
    case "where":
      return placesIn(lowerSentence).length > 0 || organisationsIn(lowerSentence).length > 0 || placeAfterVerb().test(lowerSentence);
    case "list":
      return /、/u.test(lowerSentence);
    default:
      return true;
  }
}
