/**
 * Conversations (shared/spec/quality.md, `eval --conversations`): the questions written about one news
 * item (crud-qa-dev's `crudqa<k>-<item>-<n>`, in the order of n) asked in one chat. For every later
 * turn, whether the found reply holds the gold answer in the conversation and when the same question is
 * asked alone; turns gained and lost. Then the topic switches: after each conversation, the first
 * question of the next one in the same chat, against the same question asked alone — staying on the
 * last article must not pay.
 */
import type { QueryItem } from "../cli/queries.js";
import { emptyConversation, type ConversationState } from "../conversation/state.js";
import type { Engine } from "../engine/engine.js";
import { groupOf } from "./split.js";

interface TurnComparison {
  turns: number;
  in_conversation: number;
  alone: number;
  gained: number;
  lost: number;
}

export interface ConversationMetrics {
  conversations: number;
  later_turns: TurnComparison;
  topic_switches: TurnComparison;
  /** Later turns answered differently in the conversation: the question, how it was understood, and which way it went. */
  changed: Array<{ id: string; question: string; standalone: string; went: "gained" | "lost" }>;
}

const squash = (s: string): string => s.replace(/\s+/gu, "").toLowerCase();

/** The conversations of a query file: its items grouped by the item they were written about, in order; groups of two or more. */
function conversationsOf(items: readonly QueryItem[]): QueryItem[][] {
  const groups = new Map<string, QueryItem[]>();
  for (const item of items) {
    const group = groupOf(item.id);
    if (group === item.id || item.conversation) continue;
    groups.set(group, [...(groups.get(group) ?? []), item]);
  }
  const order = (id: string): number => Number(/-(\d+)$/u.exec(id)?.[1] ?? 0);
  return [...groups.values()].filter((g) => g.length >= 2).map((g) => [...g].sort((a, b) => order(a.id) - order(b.id)));
}

const goldOf = (item: QueryItem): string => squash(String(item.raw.answer ?? ""));

async function holds(
  engine: Engine,
  item: QueryItem,
  state: ConversationState,
  date: string | undefined,
): Promise<{ right: boolean; state: ConversationState; standalone: string }> {
  const out = await engine.ask(item.turns[0]!.q, { ...((item.date ?? date) ? { date: item.date ?? date } : {}), state });
  const gold = goldOf(item);
  return { right: Boolean(gold) && out.result.found && squash(out.result.answer).includes(gold), state: out.state, standalone: out.result.standalone };
}

function tally(into: TurnComparison, inConversation: boolean, alone: boolean): void {
  into.turns++;
  into.in_conversation += +inConversation;
  into.alone += +alone;
  into.gained += +(inConversation && !alone);
  into.lost += +(!inConversation && alone);
}

const empty = (): TurnComparison => ({ turns: 0, in_conversation: 0, alone: 0, gained: 0, lost: 0 });
const rates = (t: TurnComparison): TurnComparison => ({
  ...t,
  in_conversation: Number((t.in_conversation / Math.max(1, t.turns)).toFixed(4)),
  alone: Number((t.alone / Math.max(1, t.turns)).toFixed(4)),
});

export async function evalConversations(engine: Engine, items: readonly QueryItem[], opts: { date?: string } = {}): Promise<ConversationMetrics> {
  const groups = conversationsOf(items);
  const later = empty();
  const switches = empty();
  const changed: ConversationMetrics["changed"] = [];
  const aloneCache = new Map<string, boolean>();
  const alone = async (item: QueryItem): Promise<boolean> => {
    if (!aloneCache.has(item.id)) aloneCache.set(item.id, (await holds(engine, item, emptyConversation(), opts.date)).right);
    return aloneCache.get(item.id)!;
  };
  for (const [g, group] of groups.entries()) {
    let state = emptyConversation();
    for (const [n, item] of group.entries()) {
      const turn = await holds(engine, item, state, opts.date);
      state = turn.state;
      if (n === 0) continue;
      const byItself = await alone(item);
      tally(later, turn.right, byItself);
      if (turn.right !== byItself) changed.push({ id: item.id, question: item.turns[0]!.q, standalone: turn.standalone, went: turn.right ? "gained" : "lost" });
    }
    // a new topic in the same chat: the next conversation's first question
    const next = groups[(g + 1) % groups.length]![0]!;
    tally(switches, (await holds(engine, next, state, opts.date)).right, await alone(next));
  }
  return { conversations: groups.length, later_turns: rates(later), topic_switches: rates(switches), changed };
}
