/**
 * Pulls the short answer out of a supporting clause: a figure with its unit, a date, a person's
 * name after a role word, an organisation, a place, the items of an enumeration, or the object of
 * a verb. Every function returns text that occurs verbatim in the clause (never invents).
 */

/** Common Chinese surnames (general knowledge), to tell a name from a word. */
const SURNAMES = new Set(
  (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝封谈夷储"
  ).split(""),
);
const COMPOUND_SURNAMES = ["欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "长孙", "宇文", "司徒", "夏侯"];

const TITLE_PREFIX =
  /^(?:党组书记|党工委书记|党委书记|常务副主任|副主任|主任|副主席|主席|副书记|书记|副区长|区长|总经理|副总经理|董事长|副总裁|总裁|教授|研究员|记者|同志|委员|秘书长|领导)+/u;
const AFTER_NAME =
  /(参加|出席|陪同|等|介绍|表示|说|指出|作了?|在|一行|同志|带队|主持|强调|认为|分享|围绕|也|分别|以及|和|及|与|先后|率队|调研|讲话|致辞|担任|$)/u;

export function isName(s: string): boolean {
  if (s.length < 2 || s.length > 4) return false;
  if (!/^\p{Script=Han}+$/u.test(s)) return false;
  if (COMPOUND_SURNAMES.some((c) => s.startsWith(c))) return s.length >= 3;
  return SURNAMES.has(s[0]!) && s.length <= 3;
}

/** A name at the start of `piece` (after stripping titles), cut before the verb that follows it. */
function leadingName(piece: string): string | undefined {
  const p = piece.replace(TITLE_PREFIX, "");
  for (const len of [3, 2, 4]) {
    const cand = p.slice(0, len);
    if (cand.length === len && isName(cand) && AFTER_NAME.test(p.slice(len, len + 2)) && (p.length === len || AFTER_NAME.exec(p.slice(len))?.index === 0)) return cand;
  }
  return undefined;
}

/** People named right after a role word (「副主任孙金才、刘云英参加」→ 孙金才, 刘云英). */
export function namesAfter(clause: string, role: string | undefined): string[] {
  const out: string[] = [];
  const starts: number[] = [];
  if (role) {
    for (let i = clause.indexOf(role); i >= 0; i = clause.indexOf(role, i + 1)) starts.push(i + role.length);
  }
  for (const s of starts) {
    const tail = clause.slice(s).split(/[，,。；;：:（(]/u)[0]!;
    for (const piece of tail.split("、")) {
      if (!piece) continue;
      const n = leadingName(piece);
      if (n) out.push(n);
      else if (out.length) break;
    }
    if (out.length) break;
  }
  return [...new Set(out)];
}

/** Every name-like token in the clause, for who-questions without a role word. */
export function anyNames(clause: string): string[] {
  const out: string[] = [];
  const re = /(?:^|[、，,\s]|党组书记|书记|主任|主席|总经理|副总裁|总裁|董事长|教授|代表|区长|市长)(\p{Script=Han}{2,3}?)(?=参加|出席|介绍|表示|说|指出|作了?|强调|认为|分享|、|，|,|。|$)/gu;
  for (const m of clause.matchAll(re)) {
    const n = m[1]!;
    if (isName(n)) out.push(n);
  }
  return [...new Set(out)];
}

const ORG = /(?:[\p{Script=Han}A-Za-z0-9()（）]{2,20}?)(?:有限公司|股份公司|集团|实验室|研究院|研究所|大学|学院|医院|委员会|协会|中心|银行|分局|政府)/gu;

export function organisations(clause: string): string[] {
  const out: string[] = [];
  for (const m of clause.matchAll(ORG)) {
    const name = m[0].replace(/^.*(?:之一|之二|、|是|由|为|和|与|及|在|，|,)/u, "");
    if (name.length >= 4) out.push(name);
  }
  return [...new Set(out)];
}

const NUMBER =
  /(?:约|近|超过?|逾|达到?|共|合计)?(?:\d+(?:\.\d+)?%?(?:[~～至到—]\d+(?:\.\d+)?)?|[一二两三四五六七八九十百千万]+)(?:\s?(?:%|‰|万亿|千亿|百亿|亿|千万|百万|万|千))?(?:\s?(?:平方米|平方公里|立方米|公里|千米|米|公顷|亩|吨|千瓦时|千瓦|瓦|GW|MW|kW|kw|gw|mw|美元|亿元|万元|元|个|家|名|位|条|项|架次|次|例|艘|枚|年|天|人|套|台|辆|件|所|座|处|栋|幢|户|场|批|期|倍|届|周年|类|款|种|只|头|块|张|篇|份|支|万套|万台|层|公斤|千克|克|小时|分钟|秒))?(?:左右|以上|多)?/gu;

export interface Figure {
  text: string;
  index: number;
  hasUnit: boolean;
}

export function figures(clause: string): Figure[] {
  const out: Figure[] = [];
  for (const m of clause.matchAll(NUMBER)) {
    const t = m[0];
    if (!/[0-9]/u.test(t) && !/[一二两三四五六七八九十百千万]{1,}(?:个|家|名|位|条|项|次|例|人|套|台|辆|件|所|座|处|栋|幢|户|场|种|类|款|只|头|块|张|篇|份|支|倍|批|期|届|层)/u.test(t)) continue;
    // A date (12月6日, 2024年) is not a figure.
    const next = clause.slice(m.index + t.length, m.index + t.length + 1);
    if (/^(月|日|号|时)$/u.test(next) || /^\d{4}年$/u.test(t)) continue;
    const hasUnit = /[^\d.\s约近超过逾达到共合计左右以上多]/u.test(t.replace(/^(约|近|超过?|逾|达到?|共|合计)/u, ""));
    out.push({ text: t.replace(/^(达到?|共|合计)/u, ""), index: m.index, hasUnit });
  }
  return out;
}

const DATE =
  /(?:今年|明年|去年|前年)?(?:\d{4}年\d{1,2}月\d{1,2}日(?:[—–-]\d{1,2}日)?|\d{4}年\d{1,2}月|\d{1,2}月\d{1,2}日(?:[—–-]\d{1,2}日)?|\d{4}年(?:[一二三四]季度|上半年|下半年|底|初|年底)?|[一二三四]季度|\d{1,2}月(?:初|底|中旬|上旬|下旬)?)/gu;

export function dates(clause: string): string[] {
  return [...clause.matchAll(DATE)].map((m) => m[0]);
}

const PLACE_BEFORE = /(?:在|于|位于|落户|来到|前往|走进|参观了?|地址[是为：:]?)([\p{Script=Han}A-Za-z0-9()（）·]{2,24}?)(?=举行|举办|召开|揭牌|开幕|成立|落地|开工|建设|投产|的|[，,。；、]|$)/gu;

export function places(clause: string): string[] {
  const out: string[] = [];
  for (const m of clause.matchAll(PLACE_BEFORE)) {
    const p = m[1]!.replace(/^(了|现场)/u, "");
    if (p.length >= 2 && !/^(今年|明年|去年|当天|会上|现场|活动|此前|目前)/u.test(p)) out.push(p);
  }
  return [...new Set(out)];
}

/** What a clause says a noun is (「主题为“…”」「目标是…」), or undefined. */
export function valueAfter(clause: string, noun: string): string | undefined {
  const m = new RegExp(`${noun.replace(/[.*+?^${}()|[\]\\]/gu, "\\$&")}(?:为|是)`, "u").exec(clause);
  if (!m) return undefined;
  const rest = clause.slice(m.index + m[0].length);
  const quoted = /^[“"「『][^”"」』]{1,40}[”"」』]/u.exec(rest);
  if (quoted) return quoted[0];
  return /^[^，,。；：:]{2,30}(?=[，,。；：:]|$)/u.exec(rest)?.[0];
}

/** The noun phrase right after `verb` in the clause (「自建电解液厂和智能产线」→ 电解液厂). */
export function objectAfter(clause: string, verb: string): string | undefined {
  const i = clause.indexOf(verb);
  if (i < 0) return undefined;
  const rest = clause.slice(i + verb.length).replace(/^(了|的|过|着|为|是)/u, "");
  const quoted = /^[“"「『][^”"」』]{1,40}[”"」』]/u.exec(rest);
  if (quoted) return quoted[0];
  const m = /^[^，,。；、：:和及与]{2,24}(?=[，,。；、：:和及与]|$)/u.exec(rest);
  return m?.[0];
}

import { tag } from "./question.js";

/**
 * The items of an enumeration (「A、B、C等项目」) in the clause, or undefined when it holds none.
 * The first item loses a leading verb phrase (来到/前往/包括 …), the last one its trailing 等….
 */
export function enumeration(clause: string): string[] | undefined {
  // 、 inside quotes (「以项目论英雄、以贡献促发展」) is a slogan, not a list.
  if (!/、/u.test(clause.replace(/[“"「『][^”"」』]*[”"」』]/gu, ""))) return undefined;
  const m = /[^，,。；：:]*、[^，,。；：:]*/u.exec(clause);
  if (!m) return undefined;
  const parts = m[0].split("、").map((p) => p.trim()).filter(Boolean);
  if (parts.length < 2) return undefined;
  const lead = /^.*?(?:来到|前往|包括|涵盖了?|集聚了?|聚集了?|有|如|参观了?|走进|覆盖|涉及|引进|招引|布局了?|领导|主任|主席|书记|副主任)/u;
  parts[0] = parts[0]!.replace(lead, "") || parts[0]!;
  const last = parts.length - 1;
  parts[last] = parts[last]!.replace(/(等|以及|参加|出席|陪同).*$/u, "") || parts[last]!;
  // Parallel verb phrases (「以项目之进支撑…、发展之进」「推动…、加强…」) are rhetoric, not a list of things.
  if (/^(以|把|让|对|为|要|将|使|用|向|从|通过|坚持|推动|加强|提升|强化|加快|深化|做好|抓好|围绕|聚焦)/u.test(parts[0]!)) return undefined;
  const items = parts.filter((p) => p.length >= 2 && p.length <= 40);
  // 「查进度、解难题、抓见效」: items that open with a verb are actions, not things.
  const verbal = items.filter((p) => /^v/u.test(tag(p)[0]?.tag ?? "")).length;
  if (verbal * 2 > items.length) return undefined;
  // Two long parts joined by 、 are usually apposition (「主办方之一、某公司是…」), not a list.
  if (items.length < 2 || (items.length === 2 && items.some((p) => p.length > 16))) return undefined;
  return items;
}
