/**
 * Aliases: names that mean the same thing (高新区 / 武高新 / 武进国家高新区). Groups come from
 * data/aliases.tsv (general knowledge about the area, one group a line, tab-separated) and from the
 * corpus itself: 「…（以下简称“X”）」 and a short name in brackets right after its full name
 * (「常州星辰新能源有限公司（星辰新能源）」) when the short name is an abbreviation of the full one.
 * A form of four or more characters also matches with one character wrong (OCR slips).
 */
import { lexicon, patternAlternation } from "./lexicon.js";

const HAN_NAME = /[\p{Script=Han}A-Za-z0-9·]/u;
const DECLARED = /[（(](?:以下|下)?简称(?:为)?[“「"‘]?([\p{Script=Han}A-Za-z0-9]{2,10})[”」"’]?[）)]/gu;
const BRACKETED = /[（(]([\p{Script=Han}A-Za-z0-9]{2,8})[）)]/gu;
let leadingNoise: RegExp | undefined;
/** Words before a declared name that are not part of it (data/pattern-words.tsv, alias-lead). */
const aliasLead = (): RegExp => (leadingNoise ??= new RegExp(`^(?:${patternAlternation("alias-lead")})+`, "u"));

/** True when every character of `short` appears in `full` in order, starting with its first one. */
export function isAbbreviation(short: string, full: string): boolean {
  if (short.length >= full.length || short[0] !== full[0]) {
    // Allow a place prefix on the full name: 常州星辰新能源有限公司 ↔ 星辰新能源.
    const at = full.indexOf(short[0]!);
    if (at < 0 || at > 4 || short.length >= full.length - at) return false;
    full = full.slice(at);
  }
  let i = 0;
  for (const ch of full) if (ch === short[i]) i++;
  return i === short.length;
}

/**
 * The full name a short name abbreviates, cut from the words before it: it starts at the short name's
 * first character (or up to four characters earlier, for a place prefix such as 常州); undefined when
 * the short name does not take its characters in order from it (「以下简称“公司”」, 「（上午）」).
 */
function fitFullName(before: string, short: string): string | undefined {
  const at = before.indexOf(short[0]!);
  if (at < 0) return undefined;
  const full = at > 4 ? before.slice(at) : before;
  return isAbbreviation(short, full) ? full : undefined;
}

/** The name that ends right before position `end` of `text` (after the last punctuation, noise stripped). */
function nameBefore(text: string, end: number): string {
  let s = end;
  while (s > 0 && end - s < 24 && HAN_NAME.test(text[s - 1]!)) s--;
  return text.slice(s, end).replace(aliasLead(), "");
}

export class AliasTable {
  private readonly groups: string[][] = [];
  private readonly byForm = new Map<string, number>();
  /** Forms by their first character, for matching a question in one pass. */
  private byFirst: Map<string, Array<[string, number]>> | undefined;

  add(forms: Iterable<string>): void {
    const clean = [...new Set([...forms].map((f) => f.trim()).filter((f) => f.length >= 2))];
    if (clean.length < 2) return;
    // Merge with any group that already holds one of the forms.
    const existing = clean.map((f) => this.byForm.get(f)).find((g) => g !== undefined);
    const gi = existing ?? this.groups.push([]) - 1;
    const group = this.groups[gi]!;
    for (const f of clean) {
      if (!group.includes(f)) group.push(f);
      this.byForm.set(f, gi);
    }
    this.byFirst = undefined;
  }

  get size(): number {
    return this.groups.length;
  }

  private readonly mined: MinedNames = new Map();

  /**
   * Collects declared short names and bracketed abbreviations from a text; `finishMining` turns them
   * into groups. A short name declared for several different full names (「以下简称“公司”」) is generic
   * and never becomes an alias.
   */
  mine(text: string): void {
    mineNames(text, this.mined);
  }

  /** Adds names collected elsewhere (by `mineNames`/`mineAt`) to those `finishMining` turns into groups. */
  addMined(mined: MinedNames): void {
    for (const [short, fulls] of mined) {
      let s = this.mined.get(short);
      if (!s) this.mined.set(short, (s = new Set()));
      for (const f of fulls) if (s.size < 3) s.add(f);
    }
  }

  finishMining(): void {
    for (const [short, fulls] of this.mined) {
      if (fulls.size !== 1) continue;
      const [full] = fulls;
      // Mined pairs join a curated group when they share a name, but never join each other into chains.
      if (this.byForm.has(short) || this.byForm.has(full!)) this.add([short, full!]);
      else {
        const gi = this.groups.push([full!, short]) - 1;
        this.byForm.set(short, gi);
        this.byForm.set(full!, gi);
        this.byFirst = undefined;
      }
    }
    this.mined.clear();
  }

  private firstIndex(): Map<string, Array<[string, number]>> {
    if (!this.byFirst) {
      this.byFirst = new Map();
      this.groups.forEach((group, gi) => {
        for (const f of group) {
          const list = this.byFirst!.get(f[0]!) ?? [];
          list.push([f, gi]);
          this.byFirst!.set(f[0]!, list);
        }
      });
    }
    return this.byFirst;
  }

  /** For each group a form of which occurs in `text` (at most four groups): the form found and the names to add. */
  matches(text: string): Array<{ found: string; others: string[] }> {
    const index = this.firstIndex();
    const hits = new Map<number, string>();
    for (let i = 0; i < text.length && hits.size < 4; i++) {
      for (const [form, gi] of index.get(text[i]!) ?? []) {
        if (hits.has(gi)) continue;
        if (text.startsWith(form, i) || (form.length >= 4 && i + form.length <= text.length && contains(text.slice(i, i + form.length), form))) {
          // Prefer the longest form found for the group.
          const prev = hits.get(gi);
          if (!prev || form.length > prev.length) hits.set(gi, form);
        }
      }
    }
    // A form found with one character wrong is itself added: it is the repaired spelling.
    return [...hits].map(([gi, found]) => ({ found, others: this.groups[gi]!.filter((f) => !text.includes(f)) }));
  }

  /** Other names of every group a form of which occurs in `text` (one wrong character allowed from 4 characters up). */
  expand(text: string): string[] {
    return [...new Set(this.matches(text).flatMap((m) => m.others))];
  }
}

/** Full names found for each short name (at most three: more than one makes the short name generic). */
export type MinedNames = Map<string, Set<string>>;

function addPair(mined: MinedNames, full: string, short: string): void {
  let s = mined.get(short);
  if (!s) mined.set(short, (s = new Set()));
  if (s.size < 3) s.add(full);
}

/** Collects declared short names and bracketed abbreviations of a whole text into `mined`. */
export function mineNames(text: string, mined: MinedNames): void {
  if (text.includes("简称")) {
    for (const m of text.matchAll(DECLARED)) {
      const full = fitFullName(nameBefore(text, m.index!), m[1]!);
      if (full) addPair(mined, full, m[1]!);
    }
  }
  if (text.includes("（") || text.includes("(")) {
    for (const m of text.matchAll(BRACKETED)) {
      const full = fitFullName(nameBefore(text, m.index!), m[1]!);
      if (full && full.length >= 4) addPair(mined, full, m[1]!);
    }
  }
}

const DECLARED_AT = new RegExp(DECLARED.source, "uy");
const BRACKETED_AT = new RegExp(BRACKETED.source, "uy");

/**
 * What `mineNames` finds at one opening bracket at position `at` of `text` (a window of a longer
 * text holding at least the 24 characters before the bracket, or the text's start, and the 20
 * after). Every match of both patterns starts at a bracket and holds no other, so mining each
 * bracket of a text in order gives exactly what `mineNames` gives for the whole text; the caller
 * only has to find the brackets (in bytes, without decoding the text).
 */
export function mineAt(text: string, at: number, kind: "declared" | "bracketed", mined: MinedNames): void {
  // (a text's declared names are all collected before its bracketed ones, as in `mineNames`)
  if (kind === "declared") {
    DECLARED_AT.lastIndex = at;
    const d = DECLARED_AT.exec(text);
    if (!d) return;
    const full = fitFullName(nameBefore(text, at), d[1]!);
    if (full) addPair(mined, full, d[1]!);
    return;
  }
  BRACKETED_AT.lastIndex = at;
  const b = BRACKETED_AT.exec(text);
  if (!b) return;
  const full = fitFullName(nameBefore(text, at), b[1]!);
  if (full && full.length >= 4) addPair(mined, full, b[1]!);
}

/** Whether a text starting at an opening bracket starts the way a mined name does (either pattern). */
export function opensName(text: string): boolean {
  DECLARED_AT.lastIndex = 0;
  BRACKETED_AT.lastIndex = 0;
  return DECLARED_AT.test(text) || BRACKETED_AT.test(text);
}

/** Substring match, or one substituted character for forms of 4+ characters. */
export function contains(text: string, form: string): boolean {
  if (text.includes(form)) return true;
  const L = form.length;
  if (L < 4) return false;
  for (let i = 0; i + L <= text.length; i++) {
    let diff = 0;
    for (let j = 0; j < L && diff < 2; j++) if (text[i + j] !== form[j]) diff++;
    if (diff === 1 && text[i] === form[0] && text[i + L - 1] === form[L - 1]) return true;
  }
  return false;
}

/**
 * Related terms (data/related.tsv): a broad word a reader uses (新能源) and the narrower words
 * articles use for it (液流电池, TOPCon, 新能源汽车). One way only, searched at a low weight.
 */
export class RelatedTerms {
  private readonly heads = new Map<string, string[]>();

  add(head: string, narrower: string[]): void {
    if (head && narrower.length) this.heads.set(head, [...(this.heads.get(head) ?? []), ...narrower]);
  }

  matches(text: string): Array<{ head: string; narrower: string[] }> {
    const out: Array<{ head: string; narrower: string[] }> = [];
    for (const [head, narrower] of this.heads) if (text.includes(head)) out.push({ head, narrower: narrower.filter((n) => !text.includes(n)) });
    return out;
  }
}

let related: RelatedTerms | undefined;

export function relatedTerms(): RelatedTerms {
  if (!related) {
    related = new RelatedTerms();
    for (const { head, narrower } of lexicon().related) related.add(head, narrower);
  }
  return related;
}

/** The curated table from data/aliases.tsv plus whatever `texts` declare. */
export function buildAliases(texts: Iterable<string> = [], mined?: MinedNames): AliasTable {
  const table = new AliasTable();
  for (const group of lexicon().aliasGroups) table.add(group);
  if (mined) table.addMined(mined);
  for (const t of texts) table.mine(t);
  table.finishMining();
  return table;
}
