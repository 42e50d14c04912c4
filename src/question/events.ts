/**
 * Questions about several events: 「A和B是同一天发生的吗」「以下事件哪个最早发生：A、B、C」 are split into
 * one description per event, in the question's own words; 「A当天，B」 into an anchor event (which names a
 * day) and a question about that day; two questions in one (「X是什么，Y有多少」) into their clauses.
 */
import { patternAlternation, patternWords } from "../lexicon/lexicon.js";
import { searchTokens } from "../text/tokenizer.js";

export interface Anchor {
  event: string;
  rest: string;
  grain: "day" | "month" | "year";
}

const MULTI_EVENT =
  /同一(?:天|日|周|个?月|年)|哪(?:个|一个|件事?)?(?:事件)?(?:先|更早|最早|较早|更晚|最晚|在前|在后)|(?:更|最|较)(?:早|晚)|先后顺序|以下(?:事件|哪)|分别/u;
/** The words that anchor a question on another event's day, month or year (「A当天，B」: data/pattern-words.tsv, anchor-*). */
const ANCHOR_GRAINS = [
  ["day", "anchor-day"],
  ["month", "anchor-month"],
  ["year", "anchor-year"],
] as const;
let anchorPattern: RegExp | undefined;
const anchorRe = (): RegExp =>
  (anchorPattern ??= new RegExp(`^(.{3,}?)(${ANCHOR_GRAINS.map(([, kind]) => patternAlternation(kind)).join("|")})[，,、\\s]*(.{2,})$`, "u"));
const LIST_SEPARATORS = /[，,、；;：:]/u;
/**
 * Conjunctions between events, the one that joins the top level of a list first: one set apart by
 * spaces, 以及, 及, 和, then 与/跟/同 (「尼加拉瓜与厄瓜多尔断交和习近平与波兰总统会谈」 splits at 和: 与
 * more often joins the parties of one event), then 还是.
 */
const CONJUNCTION_LEVELS = [/\s+(?:以及|及|和|与)\s+/gu, /以及/gu, /(?<![涉普波企顾])及(?![时格早])/gu, /和/gu, /与|跟|同/gu, /还是/gu];
/** Stand for separators inside a name while the list is split (restored by tidy()). */
const MASKS: Array<[string, string]> = [
  ["、", "\u0001"],
  ["，", "\u0002"],
  [",", "\u0003"],
  ["：", "\u0004"],
  [":", "\u0005"],
  ["和", "\u0006"],
  ["与", "\u0007"],
  ["及", "\u0008"],
];
/** 《黑神话：悟空》, “A、B”, （…）: a title, a quotation or an aside is one name. */
const QUOTED = /《[^》]*》|“[^”]*”|‘[^’]*’|「[^」]*」|（[^）]*）|\([^)]*\)/gu;

/** Separators that belong to a name: inside titles and quotes, between numerals (三、四轮车), between Latin letters (Run:AI). */
function maskInsideNames(body: string): string {
  const mask = (text: string): string => MASKS.reduce((t, [sep, stand]) => t.replaceAll(sep, stand), text);
  return body
    .replace(QUOTED, mask)
    .replace(/(?<=[一二三四五六七八九十\d])、(?=[一二三四五六七八九十\d])/gu, mask)
    .replace(/(?<=[A-Za-z]):(?=[A-Za-z])/gu, mask);
}

function unmask(text: string): string {
  return MASKS.reduce((t, [sep, stand]) => t.replaceAll(stand, sep), text);
}
let asking: RegExp | undefined;
/** Whether a clause asks something (data/pattern-words.tsv, asking). */
const asksSomething = (clause: string): boolean => (asking ??= new RegExp(patternAlternation("asking"), "u")).test(clause);

/** A frame that introduces the events before a colon or question mark (「以下事件哪个最早发生：」). */
let leadingFrame: RegExp | undefined;
const framesList = (text: string): boolean => (leadingFrame ??= new RegExp(patternAlternation("list-frame"), "u")).test(text);
/** 「这三个事件中」「两个事件中」「这些事件」 */
const DEMONSTRATIVE =
  "(?:这|那)(?:些|几|[两三四五六七八九十\\d]+(?:个|件|起|项))?(?:事件|事情|事|件事)?(?:中|当中|之中)?|[两三四五六七八九十\\d]+(?:个|件|起|项)(?:事件|事情|事)?(?:中|当中|之中)?";
/** 「…的事件中」 (with 中: a bare 「事件」 may end an event's own name, 「洋垃圾事件」). */
const AMONG = "(?:的)?(?:事件|事情|事)(?:中|当中|之中)";
const WHICH = "哪(?:一)?(?:个|件|起|项|一)?(?:事件|事情|事|政策|计划)?";
/** What stands between the last event and the comparison cue (「，这三个事件中哪个」「是否」「发生在」). */
const TRAILING_FRAME = new RegExp(
  `(?:[，,\\s]|${DEMONSTRATIVE}|${AMONG}|${WHICH}|在时间上|是否|是不是|是|都|均|发生在|发生|在|的|得|时间|日期|谁|之间|相比|中)+$`,
  "u",
);
/** A piece of the list that is only frame: 「以下事件中」「2024年发生的事件中」「在以下事件中」. */
const FRAME_PIECE = /^(?:在)?(?:以下|下列)|(?:事件|事情|事)(?:中|当中|之中)$/u;

/** 「A当天，B」: A names the day, B is asked about that day. */
export function anchorOf(core: string): Anchor | undefined {
  const anchor = core.match(anchorRe());
  if (!anchor) return undefined;
  const cue = anchor[2]!;
  const grain = ANCHOR_GRAINS.find(([, kind]) => patternWords(kind).includes(cue))?.[0] ?? "year";
  return { event: anchor[1]!.replace(/^在/u, ""), rest: anchor[3]!, grain };
}

/** The parts a question asks about separately: its events, or its clauses when it asks two questions. */
export function questionParts(core: string, anchored: boolean): string[] {
  if (MULTI_EVENT.test(core) || anchored) return splitEvents(core);
  const clauses = core.split(/[，,；;]/u).filter((c) => asksSomething(c) && searchTokens(c).length >= 2);
  return clauses.length >= 2 ? clauses.map((c) => c.replace(/[？?。！!\s]+/gu, "")) : [];
}

/**
 * The event descriptions of a multi-event question, without the question frame, in the question's
 * own words. `frameAt` is where the comparison cue stands (the events are before it) when known.
 */
export function splitEvents(text: string, frameAt?: number): string[] {
  let body = text.replace(/[？?。！!\s]+$/u, "");
  // A leading frame ends at a colon or question mark (「以下事件哪个最早发生：A、B、C」「…哪个？1. A，2. B」).
  const lead = body.search(/[：:？?]/u);
  const framedAhead = lead >= 0 && lead < body.length - 4 && framesList(body.slice(0, lead));
  if (framedAhead) body = body.slice(lead + 1);
  else {
    // Otherwise the frame (「是同一天发生的吗」「哪个更早」) ends the list of events.
    const frame = frameAt ?? body.search(MULTI_EVENT);
    if (frame > 4) body = body.slice(0, frame);
  }
  body = body.replace(/(?:^|[，,、\s])\d{1,2}[.、．]\s*/gu, "，").replace(TRAILING_FRAME, "");
  body = maskInsideNames(body);
  const anchored = body.match(anchorRe());
  if (anchored) return tidy([anchored[1]!, anchored[3]!]);
  // 「A和B，哪一个发布得」: a last clause that asks 哪… is frame.
  body = body.replace(/[，,][^，,、]{0,10}?哪[^，,、]{0,8}$/u, "");
  const pieces = body.split(LIST_SEPARATORS).filter((p) => p.trim() && !FRAME_PIECE.test(p.trim()));
  // 「A、B和C」: a list's last piece holds the final conjunction; a pair 「A和B」 splits at its conjunction
  // (a side of one word, 「普京与拜登会晤」, is one event's own pair of names, not two events; a piece that
  // opens with the conjunction, 「，以及C」, is the last event already).
  if (pieces.length < 2) return tidy(splitAtConjunction(pieces[0] ?? body, 1));
  if (!/^\s*(?:以及|及|和|与)/u.test(pieces.at(-1)!)) pieces.push(...splitAtConjunction(pieces.pop()!, 2));
  return tidy(pieces);
}

function tidy(pieces: string[]): string[] {
  return (
    pieces
      .map((p) =>
        p
          .replace(/[\u0001-\u0008]/gu, (c) => unmask(c))
          .replace(/[？?。！!]+/gu, "")
          // Spaces around Chinese are layout (「通知 与 关于」); between Latin words they belong to the name (Apple Vision Pro).
          .replace(/(?<=\p{Script=Han})\s+|\s+(?=\p{Script=Han})/gu, "")
          .trim()
          .replace(/^(?:以及|及|和|与|还是|在|关于)/u, ""),
      )
      // An event is at least two words, or a name of its own (「何平和露丝·巴德·金斯伯格谁更早去世」).
      .filter(
        (p) => searchTokens(p).length >= 2 || (p.length >= 2 && /^[\p{Script=Han}·]+$|^[A-Za-z]/u.test(p) && p.length <= 12 && searchTokens(p).length === 1),
      )
  );
}

/**
 * Splits 「A和B」 at the highest-level conjunction it holds (以及, then 及, then 和/与), at the
 * occurrence that leaves the most words on the shorter side; unsplit when a side would hold fewer
 * than `leastWords` words.
 */
function splitAtConjunction(body: string, leastWords: number): string[] {
  for (const level of CONJUNCTION_LEVELS) {
    let best: string[] | undefined;
    let bestScore = 0;
    for (const m of body.matchAll(level)) {
      const left = body.slice(0, m.index);
      const right = body.slice(m.index! + m[0].length);
      const score = Math.min(searchTokens(left).length, searchTokens(right).length);
      if (score > bestScore) {
        bestScore = score;
        best = [left, right];
      }
    }
    if (best && bestScore >= leastWords) return best;
  }
  return [body];
}
