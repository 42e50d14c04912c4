/**
 * Rewrites a follow-up question into a standalone one from the earlier turns of the chat, offline:
 * - 「还有吗？」             → the previous question again, leaving out the documents already shown;
 * - 「第二个详细说说」       → the second item of the previous answer;
 * - 「它/他们/该公司…」      → the previous turn's subject (「他/她」: the person the answer named);
 * - 「那政协呢？」           → the previous question with its subject (or topic) swapped;
 * - 「总经理是谁？」         → a bare predicate gets the previous subject;
 * anything naming its own subject is a new topic and is taken as it is.
 */
import { analyzeQuestion, ROLE, tag } from "../answer/question.js";
import { segment } from "../text/tokenizer.js";
import type { ConversationState, FollowupKind, Turn } from "./state.js";

export interface Resolved {
  standalone: string;
  /** Documents to skip (「还有吗」 asks for results not shown yet). */
  exclude: Set<string>;
  kind: FollowupKind;
  /** The document an ordinal follow-up points at. */
  focusDoc?: string;
}

const MORE = /^(?:那|那么)?(?:还有(?:吗|呢|没有|别的吗?|其他的?吗?|其它的?吗?)|还有别的|更多|再来点|再多说点|继续|其他的?呢|别的呢|下一个)[？?。!！…\s]*$/u;
const ORDINAL = /第\s*([一二三四五六七八九十]|\d{1,2})\s*(?:个|条|篇|项|家|位|点)?/u;
const PRONOUN = /该公司|该企业|该项目|该平台|该会议|这家公司|这家企业|这个项目|这个企业|这个平台|(?<!其)他们|她们|它们|它|(?<!其)他|她/u;
const PERSON_PRONOUN = /^(他|她)$/u;
const ELLIPSIS = /^(?:那么?|那|还有|再问一下)?\s*(.{1,24}?)\s*(?:的情况)?(?:呢|怎么样呢|如何呢)[？?。!！\s]*$/u;

/** Place names too general to be the subject of a conversation. */
const GENERIC = new Set(["武进", "武进区", "我区", "全区", "本区", "常州", "常州市", "我市", "全市", "江苏", "江苏省", "中国", "全国", "区", "市", "今年", "去年", "明年"]);
const ENTITY_TAGS = /^(nr|nrt|ns|nt|nz|eng|x)$/u;

/** Attributes one asks about a subject (「总投资多少」「地址在哪」): a question made only of these leans on the previous subject. */
const ATTRIBUTE =
  /^(总投资|投资|投资额|面积|建筑面积|占地面积|占地|产能|产值|营收|收入|销售额|利润|地址|位置|地点|时间|日期|主题|规模|目标|计划|进度|进展|订单|员工|人数|电话|成立|投产|开工|竣工|产品|情况|内容|特点|意义|作用|措施|举措|成果|背景|名字|名称|全称|总部|业务|主营|年产|产量|生产能力|自动化率|增长|增速|金额|资金|预算|合作|口号|宗旨|任务|职务|简介)$/u;

function onlyAttributes(words: string[]): boolean {
  return words.length > 0 && words.every((w) => ATTRIBUTE.test(w) || ROLE.test(w));
}

const CN_DIGITS: Record<string, number> = { 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9, 十: 10 };

/** Named things in a text (organisations, people, places, products), most specific first in order. */
export function entities(text: string, known?: ReadonlySet<string>): string[] {
  const out: string[] = [];
  if (known?.size) for (const w of segment(text)) if (w.length >= 2 && known.has(w) && !GENERIC.has(w)) out.push(w);
  for (const { word, tag: t } of tag(text)) {
    const w = word.trim();
    if (w.length < 2 || GENERIC.has(w) || !/[\p{Script=Han}A-Za-z0-9]/u.test(w)) continue;
    if (known?.has(w) || (ENTITY_TAGS.test(t) && (t !== "x" || w.length >= 3 || /[A-Za-z0-9]/u.test(w)))) out.push(w);
  }
  return [...new Set(out)];
}

/** The noun phrase a question is about, before its predicate (「区人大常委会的副主任」). */
export function topicOf(standalone: string): string {
  const q = analyzeQuestion(standalone);
  const text = q.text;
  const cut = q.wh ? text.indexOf(q.wh) : text.length;
  let topic = "";
  for (const { word, tag: t } of tag(text.slice(0, cut))) {
    if (/^(v|p|r|d|c)/u.test(t) && topic) break;
    topic += word;
  }
  return topic.replace(/(的|是|有|在)+$/u, "").trim();
}

export function describeTurn(
  standalone: string,
  known?: ReadonlySet<string>,
): { subject?: string; topic?: string; person?: string; entities: string[] } {
  const ents = entities(standalone, known);
  const topic = topicOf(standalone);
  // People are kept apart: 「该公司」 never means a person, 「他」 rarely means a company.
  const personTags = new Map(tag(standalone).map((t) => [t.word, t.tag]));
  const isPerson = (e: string): boolean => /^(nr|nrt)$/u.test(personTags.get(e) ?? "") && !known?.has(e);
  const things = ents.filter((e) => !isPerson(e));
  const person = /^(\p{Script=Han}{2,3})(?:说|表示|介绍|指出|认为)/u.exec(standalone)?.[1] ?? ents.find(isPerson);
  const subject = things.find((e) => topic.includes(e)) ?? things[0];
  return { ...(subject ? { subject } : {}), ...(topic ? { topic } : {}), ...(person ? { person } : {}), entities: ents };
}

function ordinalIndex(s: string): number {
  return /^\d+$/u.test(s) ? Number(s) - 1 : (CN_DIGITS[s] ?? 1) - 1;
}

const newTopic = (q: string): Resolved => ({ standalone: q, exclude: new Set(), kind: "new" });

export function resolveFollowup(question: string, state: ConversationState, known?: ReadonlySet<string>): Resolved {
  const q = question.trim();
  const last: Turn | undefined = state.turns.at(-1);
  if (!last) return newTopic(q);

  if (MORE.test(q)) {
    // 「还有吗」 continues the last real question, past any 「第二个…」 or earlier 「还有吗」.
    const exclude = new Set<string>();
    let base: Turn = last;
    for (let i = state.turns.length - 1; i >= 0; i--) {
      const t = state.turns[i]!;
      t.docIds.forEach((d) => exclude.add(d));
      (t.shown ?? []).forEach((d) => exclude.add(d));
      base = t;
      if (t.kind !== "ordinal" && t.kind !== "more") break;
    }
    return { standalone: base.standalone, exclude, kind: "more" };
  }

  const ord = ORDINAL.exec(q);
  // The latest answer that listed something (a refusal in between does not lose the list).
  const listedTurn = [...state.turns].reverse().slice(0, 3).find((t) => t.items?.length);
  if (ord && listedTurn) {
    const i = ordinalIndex(ord[1]!);
    const item = listedTurn.items![i];
    if (item) return { standalone: `详细介绍${item.text}`, exclude: new Set(), kind: "ordinal", focusDoc: item.docId };
  }

  const own = entities(q, known);
  const pron = PRONOUN.exec(q);
  if (pron) {
    const referent = PERSON_PRONOUN.test(pron[0]) && last.person ? last.person : (last.subject ?? last.person ?? last.topic);
    if (referent) return { standalone: q.replace(pron[0], referent), exclude: new Set(), kind: "pronoun" };
  }

  const info = analyzeQuestion(q);
  const ell = ELLIPSIS.exec(q);
  if (ell && !info.wh && last.topic) {
    const x = ell[1]!.replace(/^(那么?|那)/u, "");
    const base = last.standalone;
    const xIsName = entities(x, known).join("") === x || (x.length <= 8 && !ROLE.test(x) && !segment(x).some((w) => ATTRIBUTE.test(w)));
    if (xIsName && last.subject && base.includes(last.subject)) {
      // 「区人大常委会」→「那政协呢」: keep the administrative level (区政协).
      const level = /^(区|市|县|省|镇)/u.exec(last.subject)?.[1];
      const swapped = level && !/^(区|市|县|省|镇)/u.test(x) && !x.includes(level) ? `${level}${x}` : x;
      return { standalone: base.replace(last.subject, swapped), exclude: new Set(), kind: "ellipsis" };
    }
    if (base.includes(last.topic)) return { standalone: base.replace(last.topic, x), exclude: new Set(), kind: "ellipsis" };
    return { standalone: `${x}${base.slice(base.indexOf(last.topic) + last.topic.length)}`, exclude: new Set(), kind: "ellipsis" };
  }

  // A bare predicate (「总经理是谁？」「投资多少？」) borrows the previous subject.
  const short = q.replace(/[？?。!！\s]/gu, "").length <= 12;
  if (!own.length && short && last.subject && (info.wh || /^(那|还)/u.test(q)) && onlyAttributes(info.words)) {
    return { standalone: `${last.subject}的${q.replace(/^(那么?|那)/u, "")}`, exclude: new Set(), kind: "ellipsis" };
  }
  return newTopic(q);
}
