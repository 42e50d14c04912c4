/**
 * The reply to a question that compares events in time (src/question/comparison.ts): each event was
 * found and dated on its own (src/engine/compare.ts, event-date.ts); the reply answers first —
 * 「是的，都在2023年8月。」, 「不是：A在2021年3月，B在2021年5月。」, 「更早的是B。」 — then gives every event
 * in the question's own words with its date and citation, in date order. It says which event it could
 * not find or date, and says so rather than guess when the dates are not precise enough to decide.
 */
import type { Comparison } from "../question/comparison.js";
import type { QuestionAnalysis } from "../question/analyse.js";
import { Citations } from "./citations.js";
import type { Composed } from "./compose.js";
import type { Sentence } from "./evidence.js";
import type { EventDate } from "./event-date.js";
import { unitOf, writeDate, writeUnit, type Grain } from "./date-words.js";

export interface EventEvidence {
  /** The event in the question's words. */
  name: string;
  /** The sentence that reports it; absent when no article does. */
  sentence?: Sentence;
  date?: EventDate;
}

interface Dated extends EventEvidence {
  sentence: Sentence;
  date: EventDate;
}

const GRAINS: readonly string[] = ["day", "week", "month", "year"];

/** Composes the reply; `found` is false when an event could not be found or dated. */
export function composeComparison(q: QuestionAnalysis, c: Comparison, events: readonly EventEvidence[], question: string, standalone: string): Composed {
  const cites = new Citations(q.words.map((w) => w.word));
  const base = { question, standalone, type: q.type, items: [] as Composed["items"] };
  const dated = events.filter((e): e is Dated => e.sentence !== undefined && e.date !== undefined);
  const ordered = [...dated].sort((a, b) => a.date.from - b.date.from || a.date.to - b.date.to);
  const lines = ordered.map((e) => eventLine(e, cites));
  const missing = events.filter((e) => !e.sentence);
  const undated = events.filter((e) => e.sentence && !e.date);
  if (missing.length || undated.length) {
    const why = [...missing.map((e) => `没有找到关于「${e.name}」的报道`), ...undated.map((e) => `报道没有说「${e.name}」是什么时候`)].join("；");
    return { ...base, found: false, confidence: 0, answer: [`抱歉，${why}，无法比较。`, ...lines].join("\n"), sources: cites.sources };
  }
  const verdict = verdictOf(c, ordered);
  for (const src of cites.sources) base.items.push({ text: src.title, docId: src.id });
  return { ...base, found: true, confidence: 1, answer: [verdict, ...lines].join("\n"), sources: cites.sources };
}

/** 「A：2019年7月16日[1]」, with 「（推断）」 for a date that rests on an estimated page date and 「（报道日期）」 for the article's own. */
function eventLine(e: Dated, cites: Citations): string {
  const mark = e.date.estimated ? "（推断）" : e.date.source === "article" ? "（报道日期）" : "";
  return `${e.name}：${writeDate(e.date)}${mark}[${cites.cite(e.sentence)}]`;
}

function verdictOf(c: Comparison, events: readonly Dated[]): string {
  switch (c.relation) {
    case "same":
      return sameVerdict(events, GRAINS.includes(c.parameter) ? (c.parameter as Grain) : "day");
    case "within":
      return withinVerdict(c, events);
    case "order":
      return orderVerdict(events, c.parameter === "last" ? "last" : "first");
    case "sequence":
      return `按时间先后：${events.map((e) => e.name).join("，然后是")}。`;
    case "gap":
      return gapVerdict(events);
    case "each":
    case "timeline":
      return events.map((e) => `${e.name}在${writeDate(e.date)}`).join("，") + "。";
  }
}

/** The units (days, weeks, months, years) a date may fall in. */
function unitsOf(e: Dated, grain: Grain): [number, number] {
  return [unitOf(e.date.from, grain), unitOf(e.date.to, grain)];
}

/** 「（推断）」 when a verdict rests on a date estimated from an undated page. */
const estimatedMark = (events: readonly Dated[]): string => (events.some((e) => e.date.estimated) ? "（推断）" : "");

function sameVerdict(events: readonly Dated[], grain: Grain): string {
  const units = events.map((e) => unitsOf(e, grain));
  const precise = units.every(([a, b]) => a === b);
  if (precise && units.every(([a]) => a === units[0]![0])) return `是的，都在${writeUnit(events[0]!.date.from, grain)}${estimatedMark(events)}。`;
  const apart = units.some(([a1, b1], i) => units.some(([a2, b2], j) => j > i && (b1 < a2 || b2 < a1)));
  if (apart) return `不是：${events.map((e) => `${e.name}在${writeDate(e.date)}`).join("，")}。`;
  return `无法确定：报道给出的日期不够精确（${events.map((e) => `${e.name}在${writeDate(e.date)}`).join("，")}）。`;
}

function withinVerdict(c: Comparison, events: readonly Dated[]): string {
  const inside = (e: Dated): boolean => c.bounds.some((b) => e.date.from >= b.from && e.date.to <= b.to);
  const outside = (e: Dated): boolean => c.bounds.every((b) => e.date.to < b.from || e.date.from > b.to);
  if (events.every(inside)) return `是的，都在${writeDate(c.bounds[0]!)}${estimatedMark(events)}。`;
  const out = events.filter(outside);
  if (out.length) return `不是：${out.map((e) => `${e.name}在${writeDate(e.date)}`).join("，")}。`;
  return "无法确定：报道给出的日期不够精确。";
}

/** The first (or last) event when its date lies wholly before (after) every other's. */
function orderVerdict(events: readonly Dated[], end: "first" | "last"): string {
  const word = events.length > 2 ? (end === "first" ? "最早" : "最晚") : end === "first" ? "更早" : "更晚";
  const candidates = end === "first" ? events : [...events].reverse();
  const pick = candidates[0]!;
  const clear = candidates.slice(1).every((o) => (end === "first" ? pick.date.to < o.date.from : pick.date.from > o.date.to));
  if (clear) return `${word}的是${pick.name}。`;
  const tied = candidates.slice(1).filter((o) => o.date.from === pick.date.from && o.date.to === pick.date.to && o.date.from === o.date.to);
  if (tied.length) return `${[pick, ...tied].map((e) => e.name).join("和")}是同一天（${writeDate(pick.date)}）。`;
  return "无法确定先后：报道给出的日期不够精确。";
}

function gapVerdict(events: readonly Dated[]): string {
  const first = events[0]!;
  const last = events.at(-1)!;
  const exact = first.date.from === first.date.to && last.date.from === last.date.to;
  const days = last.date.from - first.date.to;
  if (exact) return `相隔${days}天：${first.name}在前，${last.name}在后。`;
  const months = unitOf(last.date.from, "month") - unitOf(first.date.from, "month");
  return `相隔约${months}个月：${first.name}在前，${last.name}在后。`;
}
