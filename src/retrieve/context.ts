/**
 * Per-index data the retriever derives from the NewsIndex public API on first use: each chunk
 * label's document date range (for date filters) and the alias table (curated + mined from the
 * corpus).
 *
 * Cheap to build: a document's date needs only the opening of its body, and mined names only the
 * text around its opening brackets, which are found in the stored bytes without decoding the bodies.
 * When documents were only added since the last build (a daily update), only the new ones are read;
 * a removal or compaction rebuilds it.
 */
import type { NewsIndex } from "../index/news-index.js";
import { documentDate, type DayRange } from "../text/dates.js";
import { buildAliases, mineAt, mineNames, opensName, type AliasTable, type MinedNames } from "../lexicon/aliases.js";

export interface RetrievalContext {
  /** Document date range by chunk label; from > to (empty) when unknown. */
  dateFrom: Int32Array;
  dateTo: Int32Array;
  docDate: Map<string, DayRange>;
  /** The newest article date (its last day), when any article is dated. */
  newestDay?: number;
  /** Chunk labels of the articles dated to a single day, by day number. */
  byDay: Map<number, number[]>;
  aliases: AliasTable;
  chunks: number;
  docs: number;
}

interface State {
  ctx: RetrievalContext;
  /** index.docs.length when built: documents from there on are new. */
  docSlots: number;
  mutations: number;
  mined: MinedNames;
}

const cache = new WeakMap<NewsIndex, State>();

/** Characters of a body's opening that decide its date (documentDate's window). */
const DATE_WINDOW = 60;
const OPEN_FULL = Buffer.from("（");
const OPEN_ASCII = Buffer.from("(");

export function retrievalContext(index: NewsIndex): RetrievalContext {
  const state = cache.get(index);
  if (state && state.ctx.chunks === index.chunkCount && state.ctx.docs === index.documentCount && state.docSlots === index.docs.length) return state.ctx;
  const next = state && state.mutations === index.mutations && state.docSlots <= index.docs.length ? extend(index, state) : build(index);
  cache.set(index, next);
  return next.ctx;
}

function build(index: NewsIndex): State {
  const labels = index.chunkDoc.length;
  const ctx: RetrievalContext = {
    dateFrom: new Int32Array(labels).fill(1),
    dateTo: new Int32Array(labels).fill(0),
    docDate: new Map(),
    byDay: new Map(),
    aliases: buildAliases(),
    chunks: 0,
    docs: 0,
  };
  return extend(index, { ctx, docSlots: 0, mutations: index.mutations, mined: new Map() });
}

/** Adds the documents from `state.docSlots` on. */
function extend(index: NewsIndex, state: State): State {
  const labels = index.chunkDoc.length;
  const old = state.ctx;
  let { dateFrom, dateTo } = old;
  if (dateFrom.length < labels) {
    dateFrom = new Int32Array(labels).fill(1);
    dateTo = new Int32Array(labels).fill(0);
    dateFrom.set(old.dateFrom);
    dateTo.set(old.dateTo);
  }
  const { docDate, byDay } = old;
  let newestDay = old.newestDay;
  const scanner = new BracketScanner();
  for (let n = state.docSlots; n < index.docs.length; n++) {
    const d = index.docs[n];
    if (!d) continue;
    const loc = index.bodyBytes(d);
    if (loc) scanner.mine(loc.buf, loc.start, loc.end, state.mined);
    else mineNames(d.body, state.mined);
    const r = documentDate(d.date, loc ? () => head(loc.buf, loc.start, loc.end) : () => d.body);
    if (!r) continue;
    docDate.set(d.id, r);
    if (newestDay === undefined || r.to > newestDay) newestDay = r.to;
    const own = index.labelsOf(d.id);
    if (r.grain === "day") {
      const list = byDay.get(r.from) ?? [];
      list.push(...own);
      byDay.set(r.from, list);
    }
    for (const l of own) {
      dateFrom[l] = r.from;
      dateTo[l] = r.to;
    }
  }
  const ctx: RetrievalContext = {
    dateFrom,
    dateTo,
    docDate,
    byDay,
    ...(newestDay !== undefined ? { newestDay } : {}),
    aliases: buildAliases([], state.mined),
    chunks: index.chunkCount,
    docs: index.documentCount,
  };
  return { ctx, docSlots: index.docs.length, mutations: index.mutations, mined: state.mined };
}

/** The first characters of a body stored as bytes (enough for documentDate). */
function head(buf: Buffer, start: number, end: number): string {
  let e = Math.min(end, start + DATE_WINDOW * 4);
  while (e < end && e > start && (buf[e]! & 0xc0) === 0x80) e--;
  return buf.toString("utf8", start, e);
}

/** The end of the first closing bracket (")" or "）") after the opening one at `b`, before `limit`; -1 when none. */
function closeAfter(buf: Buffer, b: number, limit: number): number {
  for (let i = b + 1; i < limit; i++) {
    const c = buf[i]!;
    if (c === 0x29) return i + 1;
    if (c === 0xef && i + 2 < limit + 3 && buf[i + 1] === 0xbc && buf[i + 2] === 0x89) return Math.min(i + 3, buf.length);
  }
  return -1;
}

/**
 * Finds the opening brackets of bodies stored back to back in one buffer (in increasing order, the
 * usual case, each search continues where the last stopped) and mines the text around each.
 */
class BracketScanner {
  private buf: Buffer | undefined;
  private nextFull = -1;
  private nextAscii = -1;
  private fromFull = Infinity;
  private fromAscii = Infinity;

  mine(buf: Buffer, start: number, end: number, mined: MinedNames): void {
    if (buf !== this.buf) {
      this.buf = buf;
      this.fromFull = this.fromAscii = Infinity;
    }
    // A cached "next bracket" is valid if it was searched for from at or before `start`.
    if (this.fromFull > start || (this.nextFull !== -1 && this.nextFull < start)) {
      this.nextFull = buf.indexOf(OPEN_FULL, start);
      this.fromFull = start;
    }
    if (this.fromAscii > start || (this.nextAscii !== -1 && this.nextAscii < start)) {
      this.nextAscii = buf.indexOf(OPEN_ASCII, start);
      this.fromAscii = start;
    }
    const at: number[] = [];
    while (this.nextFull !== -1 && this.nextFull < end) {
      at.push(this.nextFull);
      this.fromFull = this.nextFull + 1;
      this.nextFull = buf.indexOf(OPEN_FULL, this.nextFull + OPEN_FULL.length);
    }
    while (this.nextAscii !== -1 && this.nextAscii < end) {
      at.push(this.nextAscii);
      this.fromAscii = this.nextAscii + 1;
      this.nextAscii = buf.indexOf(OPEN_ASCII, this.nextAscii + 1);
    }
    if (!at.length) return;
    at.sort((a, b) => a - b);
    // Text around each bracket: 24+ characters before it (nameBefore's reach) and 20+ after it.
    // (most brackets hold no name: the text before one is decoded only when one of the patterns matches it)
    const windows: Array<{ text: string; at: number }> = [];
    for (const b of at) {
      // Both patterns end at the first closing bracket, within 20 characters: none, no name.
      const e = closeAfter(buf, b, Math.min(end, b + 84));
      if (e < 0) continue;
      const after = buf.toString("utf8", b, e);
      if (!opensName(after)) continue;
      let s = Math.max(start, b - 100);
      while (s < b && (buf[s]! & 0xc0) === 0x80) s++;
      const before = buf.toString("utf8", s, b);
      windows.push({ text: before + after, at: before.length });
    }
    for (const w of windows) mineAt(w.text, w.at, "declared", mined);
    for (const w of windows) mineAt(w.text, w.at, "bracketed", mined);
  }
}
