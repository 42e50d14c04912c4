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

/** Marks that open and close a quotation or a bracket: a 、 between them belongs to what is quoted. */
const OPENERS = '“"「『《（(';
const CLOSERS = '”"」』》）)';

/** The stretch of a clause around its first enumeration comma, split at the 、 that stand outside quotes and brackets. */
function partsOfEnumeration(clause: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let from = 0;
  let listed = false;
  for (let i = 0; i < clause.length; i++) {
    const ch = clause[i]!;
    if (ch === '"') depth = depth > 0 ? depth - 1 : depth + 1;
    else if (OPENERS.includes(ch)) depth++;
    else if (CLOSERS.includes(ch)) depth = Math.max(0, depth - 1);
    else if (ch === "、" && depth === 0) {
      parts.push(clause.slice(from, i));
      from = i + 1;
      listed = true;
    } else if (depth === 0 && /[，,。；;：:]/u.test(ch)) {
      if (listed) break;
      from = i + 1;
    } else if (depth === 0 && !listed && /\s/u.test(ch)) {
      // a space before the list ends a dateline or a headline (「…电（记者赵文君） 国家标准委与…」)
      from = i + 1;
    }
  }
  if (!listed) return [];
  const rest = clause.slice(from);
  parts.push(rest.split(/[，,。；;：:]/u)[0]!);
  return parts.map((p) => p.trim()).filter(Boolean);
}

/** The ending most of the given items share (「区」 of 密云区、平谷区、延庆区; 「水库」), if any. */
function sharedEnding(items: readonly string[]): string | undefined {
  for (const size of [2, 1]) {
    const ends = items.filter((it) => it.length > size).map((it) => it.slice(-size));
    const count = (e: string): number => ends.filter((x) => x === e).length;
    const top = ends.find((e) => count(e) >= 2 && count(e) * 2 > ends.length);
    if (top && !/[\p{P}\d]/u.test(top)) return top;
  }
  return undefined;
}

/** Two items: the first one's ending, when the second has it where one of its words ends (「密云区」「平谷区调研…」→「区」). */
function endingOfPair(first: string, second: string): string | undefined {
  const ends = wordEnds(second);
  for (const size of [2, 1]) {
    const ending = first.slice(-size);
    if (/[\p{P}\d]/u.test(ending)) continue;
    for (let at = second.indexOf(ending); at >= 1; at = second.indexOf(ending, at + 1)) if (ends.has(at + size)) return ending;
  }
  return undefined;
}

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

/** Where the segmenter's words of a text end. */
const wordEnds = (text: string): Set<number> => new Set(tagged(text).map((t) => t.start + t.word.length));

/** The last item cut after the shared ending where it first ends a word, else before its first verb when it is much longer than the others. */
function trimLast(item: string, ending: string | undefined, typical: number): string {
  const ends = wordEnds(item);
  if (ending && item.endsWith(ending)) return item;
  for (let at = ending ? item.indexOf(ending) : -1; at >= 1; at = item.indexOf(ending!, at + 1)) {
    const end = at + ending!.length;
    if (end < item.length && ends.has(end)) return item.slice(0, end);
  }
  if (item.length < typical * 1.5) return item;
  // what follows the last item: a verb (「…河南启动」) or when (「…六部门近日联合印发」)
  const verb = tagged(item).find((t) => t.start >= 2 && /^(v|vn|t|d)$/u.test(t.tag));
  return verb ? item.slice(0, verb.start) : item;
}

/** The first item cut after the verb, preposition or conjunction before its last words (「蔡奇到密云区」→「密云区」), when what is left is alike the others. */
function trimFirst(item: string, ending: string | undefined, typical: number): string {
  const tokens = tagged(item);
  // with a shared ending to check against, a verbal noun may be what opens the clause (「调度十三陵水库」)
  const opening = ending ? /^(v|vn|p|c)$/u : /^(v|p|c)$/u;
  let cut = -1;
  for (let i = 0; i < tokens.length - 1; i++) if (opening.test(tokens[i]!.tag)) cut = i;
  if (cut < 0) return item;
  const rest = item.slice(tokens[cut]!.start + tokens[cut]!.word.length).trim();
  const alike = ending ? rest.endsWith(ending) : rest.length >= typical * 0.75;
  return rest.length >= 2 && alike ? rest : item;
}

/**
 * The first and last items cut to what is alike the others: the clause a list stands in bleeds into
 * its edges (「市委书记蔡奇到密云区、平谷区调研指导…」), while the items of a list are alike — in their
 * ending (「区」「水库」「部」) or at least in their length.
 */
function trimEdges(items: string[]): string[] {
  if (items.length < 2) return items;
  const inner = items.slice(1, -1);
  const ending = inner.length >= 2 ? sharedEnding(inner) : endingOfPair(items[0]!, items.at(-1)!);
  const last = items.length - 1;
  const typicalFor = (i: number): number => median(items.filter((_, k) => k !== i).map((it) => it.length));
  return items.map((it, i) => (i === last ? trimLast(it, ending, typicalFor(i)) : i === 0 ? trimFirst(it, ending, typicalFor(i)) : it));
}

/** The items of an enumeration in a clause, or undefined when it holds none. */
export function enumeration(clause: string): string[] | undefined {
  const parts = partsOfEnumeration(clause);
  // 、 only inside quotes (「以项目论英雄、以贡献促发展」) is a slogan, not a list.
  if (parts.length < 2) return undefined;
  const roles = lexicon().roles;
  const { lead, close, rhetoric } = listPatterns();
  parts[0] = stripRole(parts[0]!.replace(lead, ""), roles) || parts[0]!;
  const last = parts.length - 1;
  parts[last] = parts[last]!.replace(close, "") || parts[last]!;
  if (rhetoric.test(parts[0]!)) return undefined;
  const items = trimEdges(parts).filter((p) => p.length >= 2 && p.length <= 40);
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
