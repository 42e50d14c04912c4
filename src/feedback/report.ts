/**
 * The newsroom's report of what readers asked (`cli report`): the most asked questions, the ones
 * the news did not answer, and the answers readers marked 👎 — each with counts. Questions are
 * counted by the question as understood (a follow-up made standalone), compared without case,
 * spaces and closing punctuation. A reader's later vote on an answer replaces their earlier one.
 */
import type { FeedbackRecords } from "./store.js";

interface QuestionCount {
  /** The question as understood, in its most frequent wording. */
  question: string;
  count: number;
  /** Distinct readers who asked it (or voted). */
  readers: number;
  /** How many of those times it was answered. */
  answered: number;
}

interface DownVoted extends QuestionCount {
  /** What readers typed, when it differs from the understood question (follow-ups). */
  asked: string[];
  /** The articles the 👎 answers cited. */
  docIds: string[];
}

export interface Report {
  since: string | null;
  /** First and last day with records. */
  from: string | null;
  to: string | null;
  asked: number;
  answered: number;
  unanswered: number;
  /** 「更多」 presses (continuations of questions counted once). */
  morePresses: number;
  readers: number;
  votes: { up: number; down: number };
  mostAsked: QuestionCount[];
  unansweredQuestions: QuestionCount[];
  downVoted: DownVoted[];
}

const questionKey = (q: string): string =>
  q
    .normalize("NFKC")
    .toLowerCase()
    .replace(/\s+/gu, "")
    .replace(/[？?。．.！!…~～]+$/u, "");

interface Group {
  wordings: Map<string, number>;
  count: number;
  readers: Set<string>;
  answered: number;
  asked: Set<string>;
  docIds: Set<string>;
}

function grouper() {
  const groups = new Map<string, Group>();
  return {
    add(r: { question: string; standalone: string; reader: string; found: boolean; docIds: string[] }): void {
      const shown = (r.standalone || r.question).trim();
      const key = questionKey(shown);
      if (!key) return;
      const g = groups.get(key) ?? { wordings: new Map(), count: 0, readers: new Set(), answered: 0, asked: new Set(), docIds: new Set() };
      g.wordings.set(shown, (g.wordings.get(shown) ?? 0) + 1);
      g.count++;
      g.readers.add(r.reader);
      if (r.found) g.answered++;
      if (questionKey(r.question) !== key) g.asked.add(r.question.trim());
      for (const d of r.docIds) g.docIds.add(d);
      groups.set(key, g);
    },
    top(limit: number): Array<QuestionCount & { asked: string[]; docIds: string[] }> {
      return [...groups.values()]
        .map((g) => ({
          question: [...g.wordings.entries()].sort((a, b) => b[1] - a[1])[0]![0], // the most frequent wording, the first seen of equals
          count: g.count,
          readers: g.readers.size,
          answered: g.answered,
          asked: [...g.asked],
          docIds: [...g.docIds],
        }))
        .sort((a, b) => b.count - a.count || b.readers - a.readers || a.question.localeCompare(b.question))
        .slice(0, limit);
    },
  };
}

export function buildReport(records: FeedbackRecords, opts: { since?: string; limit?: number } = {}): Report {
  const limit = opts.limit ?? 20;
  const all = grouper();
  const unanswered = grouper();
  const down = grouper();
  const readers = new Set<string>();
  const days = [...records.answers.map((a) => a.day), ...records.votes.map((v) => v.day)].sort();
  // a 「更多」 press continues a question already counted: it is no new question, answered or not
  const questions = records.answers.filter((a) => !a.continues);
  for (const a of questions) {
    all.add(a);
    if (!a.found) unanswered.add(a);
    readers.add(a.reader);
  }
  // the last vote of each reader on each answer counts
  const votes = new Map<string, (typeof records.votes)[number]>();
  for (const v of [...records.votes].sort((a, b) => a.at.localeCompare(b.at))) votes.set(`${v.id}\t${v.reader}`, v);
  let up = 0;
  let downCount = 0;
  for (const v of votes.values()) {
    if (v.vote === "up") up++;
    else {
      downCount++;
      down.add(v);
    }
  }
  const answered = questions.filter((a) => a.found).length;
  return {
    since: opts.since ?? null,
    from: days[0] ?? null,
    to: days.at(-1) ?? null,
    asked: questions.length,
    answered,
    unanswered: questions.length - answered,
    morePresses: records.answers.length - questions.length,
    readers: readers.size,
    votes: { up, down: downCount },
    mostAsked: all.top(limit).map(({ asked: _a, docIds: _d, ...q }) => q),
    unansweredQuestions: unanswered.top(limit).map(({ asked: _a, docIds: _d, ...q }) => q),
    downVoted: down.top(limit),
  };
}

/** The report as the newsroom reads it in a terminal. */
export function renderReport(r: Report): string {
  const lines: string[] = [];
  const span = r.from ? (r.from === r.to ? r.from : `${r.from} – ${r.to}`) : "no records";
  lines.push(
    `Reader questions${r.since ? ` since ${r.since}` : ""} (${span}): ${r.asked} asked by ${r.readers} readers, ${r.answered} answered, ${r.unanswered} unanswered; votes: ${r.votes.up} 👍, ${r.votes.down} 👎${r.morePresses ? `; 「更多」 pressed ${r.morePresses}×` : ""}`,
  );
  const section = <Q extends QuestionCount>(title: string, rows: Q[], extra: (q: Q) => string = () => "", details: (q: Q) => string[] = () => []): void => {
    lines.push("", title);
    if (!rows.length) lines.push("  (none)");
    const width = Math.max(1, ...rows.map((q) => String(q.count).length));
    for (const q of rows) {
      lines.push(`  ${String(q.count).padStart(width)}  ${q.question}  (${q.readers} reader${q.readers === 1 ? "" : "s"}${extra(q)})`);
      for (const d of details(q)) lines.push(`  ${" ".repeat(width)}    ${d}`);
    }
  };
  section("Most asked", r.mostAsked, (q) => (q.answered === q.count ? "" : `, unanswered ${q.count - q.answered}×`));
  section("Unanswered", r.unansweredQuestions);
  section(
    "👎",
    r.downVoted,
    (q) => (q.answered ? "" : ", unanswered"),
    (q) => [...(q.asked.length ? [`asked as ${q.asked.map((a) => `「${a}」`).join(" ")}`] : []), ...(q.docIds.length ? [`cited ${q.docIds.join(", ")}`] : [])],
  );
  return `${lines.join("\n")}\n`;
}
