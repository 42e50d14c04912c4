/**
 * The clause of a sentence that holds what matters: the stretch between clause marks around a span
 * (or a position), widened to the clauses beside it while it is too short to read on its own and
 * there is room. A reply quotes this, not the whole sentence.
 */

/** Marks that end a clause. */
const CLAUSE_END = /[，,；;：:]/gu;
/** How long a quoted clause may be: shorter than `min` it is read with its neighbour, longer than `max` it is cut. */
export interface ClauseBounds {
  min: number;
  max: number;
}

/**
 * The clause that backs a lead (「“…”[1]」 under the answer said in one line): short, since the answer is
 * already said; a clause under 32 characters is read with its neighbour (「秦金玉说」 says little alone).
 * A quote without a lead carries the answer itself and has bounds fit on data (src/answer/reply-shape.ts).
 */
const SUPPORT_CLAUSE: ClauseBounds = { min: 32, max: 56 };

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
 * clause after, then to the one before) while shorter than `bounds.min` and within `bounds.max`.
 */
export function clauseAround(text: string, from: number, to: number = from, bounds: ClauseBounds = SUPPORT_CLAUSE): Clause {
  const { min, max } = bounds;
  const stops = boundaries(text);
  let a = 0;
  let b = stops.length - 1;
  for (let i = 0; i < stops.length; i++) if (stops[i]! <= from) a = i;
  for (let i = stops.length - 1; i >= 0; i--) if (stops[i]! >= Math.max(to, from + 1)) b = i;
  const length = (): number => stops[b]! - stops[a]!;
  while (length() < min) {
    if (b < stops.length - 1 && stops[b + 1]! - stops[a]! <= max) b++;
    else if (a > 0 && stops[b]! - stops[a - 1]! <= max) a--;
    else break;
  }
  const start = stops[a]!;
  const end = stops[b]!;
  // a clause longer than the room: the part around what matters, cut after a 、 where there is one, marked …
  if (end - start > max) {
    const room = text.slice(start, end);
    let cutStart = Math.max(0, Math.min(from - start, room.length - max));
    const enumBefore = room.lastIndexOf("、", cutStart);
    if (cutStart > 0 && enumBefore >= 0 && cutStart - enumBefore < 12) cutStart = enumBefore + 1;
    let cutEnd = Math.min(room.length, cutStart + max);
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
