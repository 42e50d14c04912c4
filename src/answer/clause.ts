/**
 * The clause of a sentence that holds what matters: the stretch between clause marks around a span
 * (or a position), widened to the clauses beside it while it is too short to read on its own and
 * there is room. A reply quotes this, not the whole sentence.
 */

/** Marks that end a clause. */
const CLAUSE_END = /[，,；;：:]/gu;
/** A clause shorter than this is read with its neighbour (「秦金玉说」 says little alone). */
const MIN_CLAUSE = 32;
/** The longest quote. */
const MAX_CLAUSE = 56;

export interface Clause {
  text: string;
  /** Where the clause starts and ends in the sentence. */
  start: number;
  end: number;
}

function boundaries(text: string): number[] {
  const stops = [0];
  for (const m of text.matchAll(CLAUSE_END)) stops.push(m.index + 1);
  if (stops.at(-1) !== text.length) stops.push(text.length);
  return stops;
}

/**
 * The clause around [from, to) of a sentence: whole clauses holding it, then widened (first to the
 * clause after, then to the one before) while shorter than MIN_CLAUSE and within MAX_CLAUSE.
 */
export function clauseAround(text: string, from: number, to: number = from): Clause {
  const stops = boundaries(text);
  let a = 0;
  let b = stops.length - 1;
  for (let i = 0; i < stops.length; i++) if (stops[i]! <= from) a = i;
  for (let i = stops.length - 1; i >= 0; i--) if (stops[i]! >= Math.max(to, from + 1)) b = i;
  const length = (): number => stops[b]! - stops[a]!;
  while (length() < MIN_CLAUSE) {
    if (b < stops.length - 1 && stops[b + 1]! - stops[a]! <= MAX_CLAUSE) b++;
    else if (a > 0 && stops[b]! - stops[a - 1]! <= MAX_CLAUSE) a--;
    else break;
  }
  const start = stops[a]!;
  const end = stops[b]!;
  // a clause longer than the room: the part around what matters, cut after a 、 where there is one, marked …
  if (end - start > MAX_CLAUSE) {
    const room = text.slice(start, end);
    let cutStart = Math.max(0, Math.min(from - start, room.length - MAX_CLAUSE));
    const enumBefore = room.lastIndexOf("、", cutStart);
    if (cutStart > 0 && enumBefore >= 0 && cutStart - enumBefore < 12) cutStart = enumBefore + 1;
    let cutEnd = Math.min(room.length, cutStart + MAX_CLAUSE);
    const enumAfter = room.lastIndexOf("、", cutEnd);
    if (cutEnd < room.length && enumAfter > Math.max(cutStart, to - start)) cutEnd = enumAfter;
    const body = room
      .slice(cutStart, cutEnd)
      .replace(/[，,；;：:、\s]+$/u, "")
      .trim();
    return { text: `${cutStart > 0 ? "…" : ""}${body}${cutEnd < room.length ? "…" : ""}`, start: start + cutStart, end: start + cutEnd };
  }
  return {
    text: text
      .slice(start, end)
      .replace(/[，,；;：:\s]+$/u, "")
      .trim(),
    start,
    end,
  };
}
