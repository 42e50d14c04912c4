/**
 * The items a list answer is made of: the things an enumeration names (「A、B、C等项目」), or the
 * people named after a role title (「副主任孙金才、刘云英参加」). Every item is text of the sentence.
 */
import { functionPattern, lexicon } from "../lexicon/lexicon.js";
import { looksLikeChineseName } from "../text/names.js";
import { tagged } from "../question/tokens.js";
import { personsByPattern } from "./kinds.js";

let patterns: { lead: RegExp; close: RegExp; rhetoric: RegExp; afterName: RegExp } | undefined;

/** The patterns of data/function-words.tsv that lists turn on, built once. */
function listPatterns(): { lead: RegExp; close: RegExp; rhetoric: RegExp; afterName: RegExp } {
  patterns ??= {
    // what opens the first item and is not part of it (来到/前往/包括 …)
    lead: new RegExp(`^.*?(?:${functionPattern("list-openers")})`, "u"),
    // what ends the last item (等 …)
    close: new RegExp(`(?:${functionPattern("list-closers")}).*$`, "u"),
    // parallel verb phrases are rhetoric, not a list of things (「以项目之进支撑…、发展之进」)
    rhetoric: new RegExp(`^(?:${functionPattern("rhetoric")})`, "u"),
    // the verb after the last name of a list of people
    afterName: new RegExp(`^(?:${functionPattern("after-name")}|$)`, "u"),
  };
  return patterns;
}

/** The items of an enumeration in a clause, or undefined when it holds none. */
export function enumeration(clause: string): string[] | undefined {
  // 、 inside quotes (「以项目论英雄、以贡献促发展」) is a slogan, not a list.
  if (!/、/u.test(clause.replace(/[“"「『][^”"」』]*[”"」』]/gu, ""))) return undefined;
  const m = /[^，,。；：:]*、[^，,。；：:]*/u.exec(clause);
  if (!m) return undefined;
  const parts = m[0]
    .split("、")
    .map((p) => p.trim())
    .filter(Boolean);
  if (parts.length < 2) return undefined;
  const roles = lexicon().roles;
  const { lead, close, rhetoric } = listPatterns();
  parts[0] = stripRole(parts[0]!.replace(lead, ""), roles) || parts[0]!;
  const last = parts.length - 1;
  parts[last] = parts[last]!.replace(close, "") || parts[last]!;
  if (rhetoric.test(parts[0]!)) return undefined;
  const items = parts.filter((p) => p.length >= 2 && p.length <= 40);
  // 「查进度、解难题、抓见效」: items that open with a verb are actions, not things.
  const verbal = items.filter((p) => /^v/u.test(tagged(p)[0]?.tag ?? "")).length;
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

/** The name at the start of a piece of a list, cut before the verb that follows it. */
function leadingName(piece: string): string | undefined {
  for (const len of [3, 2, 4]) {
    const cand = piece.slice(0, len);
    if (cand.length === len && looksLikeChineseName(cand) && listPatterns().afterName.test(piece.slice(len))) return cand;
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
