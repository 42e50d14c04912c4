/**
 * What a question asks for: its type (list, number, who, when, where, what, detail), the content
 * words that an answer must talk about, and the "focus" — the word the wh-word asks about
 * (「自动化率是多少」→ 自动化率). Pure text analysis, no index needed.
 */
import nodejieba from "nodejieba";
import { fixOcr } from "../ingest/ocr.js";
import { segment, stopwordSet } from "../text/tokenizer.js";

export type QuestionType = "list" | "number" | "who" | "when" | "where" | "what" | "detail";

export interface QuestionInfo {
  type: QuestionType;
  /** Normalised question text (OCR fixes, half-width brackets). */
  text: string;
  /** Content words (plain segmentation, stop-words and question words dropped), in order. */
  words: string[];
  /** The word(s) the wh-word asks about; an answer's clause must contain them. */
  focus: string[];
  /** Unit named after 多少/几 (「多少美元」→ 美元); empty when generic (个) or absent. */
  unit: string;
  /** Any unit or classifier named after 多少/几, generic ones included (「多少家」→ 家). */
  classifier: string;
  /** Asks for a rate or share (增长率, 比例, 占比, 增长了多少): the figure should be a percentage. */
  wantsRate: boolean;
  /** The wh-phrase as it occurs in `text` (for writing the answer in the question's own words). */
  wh: string;
  /** Asks for people (谁, 哪些人, 领导, 主任 …). */
  wantsPeople: boolean;
}

/** Normalises text for matching: OCR slips, full-width brackets/digits/letters (case is kept). */
export function normalise(s: string): string {
  return fixOcr(s)
    .replace(/[\uFF01-\uFF5E]/gu, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/\u3000/gu, " ");
}

const WH: Array<[QuestionType, RegExp]> = [
  ["detail", /(详细|具体)(说说|讲讲|介绍|谈谈)|介绍一下|展开(说|讲)/u],
  ["when", /什么时候|何时|哪一?天|哪一?年|几月几[日号]|哪个月|什么时间|哪一?日/u],
  ["number", /(多少|几)(个|家|名|位|条|项|次|年|天|人|亿元|万元|元|美元|平方米|亩|吨|套|台|辆|GW|MW|%)?|多大|多高|多长|多重|多快|多远|比例|占比/u],
  ["where", /在哪里|在哪儿|在哪(?![些个家种方类届项])|在什么地方|位于哪里|位于哪|哪里|哪儿|何处|何地|什么地方|哪个(?:地方|城市|省份?|国家|地区|县|镇|村|区)/u],
  ["list", /有哪些(?:人|领导|同志)?|哪些(?:人|领导|同志)?|都有什么|有什么|列举/u],
  ["who", /谁|哪位|哪些人|什么人|哪(家|个|所)(公司|企业|单位|机构|部门|学校|医院)|哪家/u],
  ["what", /什么样|什么|怎么样|怎样|如何|咋样|为什么|为何|吗/u],
];

/** Role nouns: a question about them wants people. */
export const ROLE =
  /(常务副主任|副主任|主任|副主席|主席|副书记|书记|党组书记|副区长|区长|副市长|市长|总经理|副总经理|董事长|总裁|副总裁|负责人|领导|校长|院长|局长|部长|所长|厂长|主管|创始人|教授|专家|记者|代表)/u;

const QUESTION_WORDS = new Set([
  "多少", "几个", "哪些", "哪个", "哪家", "哪里", "哪儿", "什么", "什么样", "怎么样", "怎样", "如何", "谁", "哪位",
  "是", "有", "吗", "呢", "的", "了", "哪", "一天", "哪天", "时候", "何时", "多大", "多高", "多长", "请问", "还",
  "一下", "说说", "介绍", "详细", "具体", "讲讲", "都", "一条", "一个", "一家",
]);

/** Units a question may name after 多少/几 (longest first); generic classifiers do not constrain the figure. */
const UNITS =
  "亿美元|万美元|美元|亿元|万元|元|平方公里|平方米|万平方米|公顷|亩|公里|千米|米|万吨|吨|千瓦时|千瓦|GW|MW|kW|万人|人次|人|个|家|名|位|项|条|次|例|架次|艘|辆|台|套|件|所|座|处|栋|幢|户|种|类|款|只|头|块|张|篇|份|支|期|届|层|场|批|天|年|月|小时|倍|%";
const GENERIC_UNIT = /^(个|家|名|位|项|条|次|例|人|件|所|座|处|栋|幢|户|种|类|款|只|头|块|张|篇|份|支|期|届|层|场|批)$/u;

/** Whether a figure is a count of things (「9名」「三处」「24个」) rather than a measure (「1.2万平方米」「14.3亿元」). */
export function isCount(figure: string): boolean {
  return GENERIC_UNIT.test(figure.slice(-1));
}

const VERBISH = /^(是|有|为|在|达到|达|约|共|共有|总共|一共|了|的|还|都|将|会|能|要|又|被)$/u;

export function analyzeQuestion(question: string): QuestionInfo {
  const text = normalise(question.trim()).replace(/[？?！!。.\s]+$/u, "");
  let type: QuestionType = "what";
  let wh = "";
  for (const [t, re] of WH) {
    const m = re.exec(text);
    if (m) {
      type = t;
      wh = m[0];
      break;
    }
  }
  const stop = stopwordSet();
  const toks = segment(text);
  const words: string[] = [];
  for (const t of toks) {
    // 「建了」「去过」: the aspect particle is not part of what the news will say.
    const w = t.trim().replace(/^(\p{Script=Han}+?)(了|过|着)$/u, "$1");
    if (!w || !/[\p{L}\p{N}]/u.test(w) || stop.has(w) || QUESTION_WORDS.has(w)) continue;
    if (w.length === 1 && !/[0-9a-z]/u.test(w)) continue;
    if (!words.includes(w)) words.push(w);
  }
  // Unit after 多少/几.
  let unit = "";
  const um = new RegExp(`(?:多少|几)(${UNITS})`, "u").exec(text);
  if (type === "number" && um?.[1] && !GENERIC_UNIT.test(um[1])) unit = um[1];
  const classifier = type === "number" ? (um?.[1] ?? "") : "";
  const wantsRate = type === "number" && !unit && /率|比例|占比|百分之|增幅|增速|涨幅|跌幅|降幅/u.test(text);
  // Focus: the content word nearest before the wh-phrase (skipping 是/有/达到 …); if the
  // wh-phrase opens the question, the first content word after it (「哪些企业入驻了…」).
  const focus: string[] = [];
  if (wh) {
    const at = text.indexOf(wh);
    const before = segment(text.slice(0, at)).map((t) => t.trim()).filter(Boolean);
    while (before.length && (VERBISH.test(before.at(-1)!) || !/[\p{L}\p{N}]/u.test(before.at(-1)!))) before.pop();
    let last = before.at(-1);
    // 「自动化」+「率」: a one-character suffix belongs to the word before it (增长率, 完成率, 占有率).
    if (last && /^(率|量|额|数|值|费|价|度|比|期)$/u.test(last) && before.length >= 2 && /\p{Script=Han}{2,}$/u.test(before.at(-2)!)) {
      last = before.at(-2)! + last;
      if (!words.includes(last)) words.push(last);
    }
    if (last && words.includes(last)) focus.push(last);
    else if (last) {
      const sub = words.filter((w) => last.includes(w) || w.includes(last));
      if (sub.length) focus.push(sub.at(-1)!);
    }
    if (type === "list" || type === "who" || !focus.length) {
      // 「有哪些新能源项目」: the head noun after the wh-word is what is listed.
      const after = segment(text.slice(at + wh.length)).map((t) => t.trim()).filter((w) => words.includes(w));
      if (after.length) focus.push(after.at(-1)!);
    }
  }
  const wantsPeople = /谁|哪位|哪些人|什么人/u.test(text) || (type === "list" && ROLE.test(text));
  return { type, text, words, focus: [...new Set(focus)], unit, classifier, wantsRate, wh, wantsPeople };
}

/** Part-of-speech tags (nodejieba), for finding names in a question. */
export function tag(text: string): Array<{ word: string; tag: string }> {
  segment(""); // loads the dictionary
  return nodejieba.tag(text);
}
