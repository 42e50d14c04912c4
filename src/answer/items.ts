/**
 * The items a list answer is made of: the things an enumeration names (「A、B、C等项目」), or the
 * people named after a role title (「副主任孙金才、刘云英参加」). Every item is text of the sentence.
 */
import nodejieba from "nodejieba";
import { lexicon } from "../lexicon/lexicon.js";
import { looksLikeChineseName } from "../text/names.js";
import { segment } from "../text/tokenizer.js";
import { personsByPattern } from "./kinds.js";

/** Verbs and words that open an enumeration's first item and are not part of it (来到/前往/包括 …). */
const LIST_LEAD = /^.*?(?:来到|前往|包括|涵盖了?|集聚了?|聚集了?|有|如|参观了?|走进|覆盖|涉及|引进|招引|布局了?)/u;
/** Parallel verb phrases are rhetoric, not a list of things (「以项目之进支撑…、发展之进」). */
const RHETORIC = /^(以|把|让|对|为|要|将|使|用|向|从|通过|坚持|推动|加强|提升|强化|加快|深化|做好|抓好|围绕|聚焦)/u;

/** The items of an enumeration in a clause, or undefined when it holds none. */
export function enumeration(clause: string): string[] | undefined {
  // 、 inside quotes (「以项目论英雄、以贡献促发展」) is a slogan, not a list.
  if (!/、/u.test(clause.replace(/[“"「『][^”"」』]*[”"」』]/gu, ""))) return undefined;
  const m = /[^，,。；：:]*、[^，,。；：:]*/u.exec(clause);
  if (!m) return undefined;
  const parts = m[0].split("、").map((p) => p.trim()).filter(Boolean);
  if (parts.length < 2) return undefined;
  const roles = lexicon().roles;
  parts[0] = stripRole(parts[0]!.replace(LIST_LEAD, ""), roles) || parts[0]!;
  const last = parts.length - 1;
  parts[last] = parts[last]!.replace(/(等|以及|参加|出席|陪同).*$/u, "") || parts[last]!;
  if (RHETORIC.test(parts[0]!)) return undefined;
  const items = parts.filter((p) => p.length >= 2 && p.length <= 40);
  // 「查进度、解难题、抓见效」: items that open with a verb are actions, not things.
  segment("");
  const verbal = items.filter((p) => /^v/u.test(nodejieba.tag(p)[0]?.tag ?? "")).length;
  if (verbal * 2 > items.length) return undefined;
  // Two long parts joined by 、 are usually apposition (「主办方之一、某公司是…」), not a list.
  if (items.length < 2 || (items.length === 2 && items.some((p) => p.length > 16))) return undefined;
  return items;
}

function stripRole(text: string, roles: readonly string[]): string {
  let out = text;
  for (const r of roles) {
    const at = out.lastIndexOf(r);
    if (at >= 0 && out.length - (at + r.length) >= 2) out = out.slice(at + r.length);
  }
  return out;
}

/** What ends a name in a list of people (the verb after the last one). */
const AFTER_NAME = /^(参加|出席|陪同|等|介绍|表示|说|指出|作了?|在|一行|同志|带队|主持|强调|认为|分享|也|分别|以及|和|及|与|先后|率队|调研|讲话|致辞|担任|$)/u;

/** The name at the start of a piece of a list, cut before the verb that follows it. */
function leadingName(piece: string): string | undefined {
  for (const len of [3, 2, 4]) {
    const cand = piece.slice(0, len);
    if (cand.length === len && looksLikeChineseName(cand) && AFTER_NAME.test(piece.slice(len))) return cand;
  }
  return undefined;
}

/** People named right after a role title (「副主任孙金才、刘云英参加」→ 孙金才, 刘云英). */
export function namesAfter(clause: string, role: string): string[] {
  const out: string[] = [];
  const roles = lexicon().roles;
  for (let i = clause.indexOf(role); i >= 0 && !out.length; i = clause.indexOf(role, i + 1)) {
    const tail = clause.slice(i + role.length).split(/[，,。；;：:（(]/u)[0]!;
    for (const piece of tail.split("、")) {
      const n = leadingName(stripRole(piece, roles));
      if (n) out.push(n);
      else if (out.length) break;
    }
  }
  return [...new Set(out)];
}

/** The people a sentence names for a question about a role (or anyone, without one). */
export function peopleIn(sentence: string, role: string | undefined): string[] {
  if (role) return namesAfter(sentence, role);
  const out: string[] = [];
  for (const clause of sentence.split(/[，,；;。]/u)) {
    const named = personsByPattern(clause).map((p) => p.text);
    if (!named.length) continue;
    out.push(...named);
    // 「领导朱岩、蒋红英、朱红兴」: the names listed with a named one.
    for (const piece of clause.split("、").slice(1)) {
      const n = leadingName(piece);
      if (n) out.push(n);
    }
  }
  return [...new Set(out)];
}
