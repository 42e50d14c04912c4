/**
 * Time of day for the newsroom: the day in a time zone (daily caps, the report's days) and a
 * five-field cron time (DIGEST_CRON, e.g. "0 8 * * *"): minute hour day-of-month month day-of-week,
 * each `*`, a number, a range `a-b`, a list `a,b` or a step `*\/n`, `a-b/n`. Day-of-week 0 or 7 is
 * Sunday. As in cron, when both day fields are restricted a day matching either one is taken.
 */

const FIELDS = [
  { name: "minute", min: 0, max: 59 },
  { name: "hour", min: 0, max: 23 },
  { name: "day of month", min: 1, max: 31 },
  { name: "month", min: 1, max: 12 },
  { name: "day of week", min: 0, max: 7 },
] as const;

export interface CronTime {
  source: string;
  minute: Set<number>;
  hour: Set<number>;
  dom: Set<number>;
  month: Set<number>;
  dow: Set<number>;
  domAny: boolean;
  dowAny: boolean;
}

function field(text: string, min: number, max: number, name: string): Set<number> {
  const out = new Set<number>();
  for (const part of text.split(",")) {
    const m = /^(\*|(\d+)(?:-(\d+))?)(?:\/(\d+))?$/u.exec(part);
    if (!m) throw new Error(`cannot read the ${name} field "${text}"`);
    const step = m[4] === undefined ? 1 : Number(m[4]);
    const from = m[1] === "*" ? min : Number(m[2]);
    const to = m[1] === "*" ? max : m[3] !== undefined ? Number(m[3]) : m[4] !== undefined ? max : from;
    if (step < 1 || from < min || to > max || from > to) throw new Error(`the ${name} field "${text}" is outside ${min}-${max}`);
    for (let v = from; v <= to; v += step) out.add(v);
  }
  return out;
}

export function parseCron(source: string): CronTime {
  const parts = source.trim().split(/\s+/u);
  if (parts.length !== 5) throw new Error(`expected 5 fields (minute hour day-of-month month day-of-week), got ${parts.length}`);
  const sets = parts.map((p, i) => field(p, FIELDS[i]!.min, FIELDS[i]!.max, FIELDS[i]!.name));
  const dow = sets[4]!;
  if (dow.has(7)) dow.add(0);
  return { source, minute: sets[0]!, hour: sets[1]!, dom: sets[2]!, month: sets[3]!, dow, domAny: parts[2] === "*", dowAny: parts[4] === "*" };
}

/** Why a cron time cannot be read, or undefined when it can. */
export function cronError(source: string): string | undefined {
  try {
    parseCron(source);
    return undefined;
  } catch (err) {
    return (err as Error).message;
  }
}

export function validTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

export interface ZonedTime {
  /** YYYY-MM-DD */
  day: string;
  year: number;
  month: number;
  dom: number;
  dow: number;
  hour: number;
  minute: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** The wall-clock time of `at` in time zone `tz`. */
function zoned(at: Date | number, tz: string): ZonedTime {
  let f = formatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone: tz,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      weekday: "short",
    });
    formatters.set(tz, f);
  }
  const p: Record<string, string> = {};
  for (const part of f.formatToParts(typeof at === "number" ? new Date(at) : at)) p[part.type] = part.value;
  const year = Number(p.year);
  const month = Number(p.month);
  const dom = Number(p.day);
  const dow = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"].indexOf(p.weekday!);
  return { day: `${p.year}-${p.month}-${p.day}`, year, month, dom, dow, hour: Number(p.hour) % 24, minute: Number(p.minute) };
}

/** The day (YYYY-MM-DD) of `at` in time zone `tz`. */
export const dayIn = (at: Date | number, tz: string): string => zoned(at, tz).day;

/** Whether the minute of `at` (in `tz`) is one the cron time names. */
export function cronMatches(cron: CronTime, at: Date | number, tz: string): boolean {
  const t = zoned(at, tz);
  if (!cron.minute.has(t.minute) || !cron.hour.has(t.hour) || !cron.month.has(t.month)) return false;
  const domOk = cron.dom.has(t.dom);
  const dowOk = cron.dow.has(t.dow);
  if (cron.domAny && cron.dowAny) return true;
  if (cron.domAny) return dowOk;
  if (cron.dowAny) return domOk;
  return domOk || dowOk;
}
