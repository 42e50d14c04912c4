/**
 * What a chat remembers between turns. The engine reads and returns this state; where it is kept
 * (memory, a file, Redis) is the caller's business: the CLI keeps it in a variable, the bot in its
 * grammY session. Everything here is plain JSON (no Map, Set or Date), so any store can keep it.
 */
import type { Antecedent } from "./antecedents.js";

/**
 * How a question was read against the conversation: new; a pointing word resolved (pronoun); 「那X呢」
 * (ellipsis); a subject-less question given the previous subject (topic); leaning on the conversation
 * in its search only (context); an item of the last list (ordinal); more of the last question (more).
 */
export type FollowupKind = "new" | "pronoun" | "ellipsis" | "topic" | "context" | "ordinal" | "more";

/** A named thing of a turn, with its kind (person, organisation, place, project, title, other …). */
export interface NamedThing {
  text: string;
  kind: string;
}

export interface Turn {
  question: string;
  standalone: string;
  found: boolean;
  /** Documents cited in the answer, in citation order. */
  docIds: string[];
  /** The named things of the understood question, in order (states saved before 2026-11 hold plain strings). */
  entities: Array<NamedThing | string>;
  at: number;
  /** How the question was resolved. */
  kind?: FollowupKind;
  /** The organisation, place or project the turn is about (「星辰新能源」), for 它/该公司. */
  subject?: string;
  /** The noun phrase before the predicate (「区人大常委会的副主任」), for 「那X呢」 and subject-less follow-ups. */
  topic?: string;
  /** The person the turn is about or the answer named, for 他/她. */
  person?: string;
  /** Items the answer enumerated (for 「第二个」), with their documents. */
  items?: Array<{ text: string; docId: string }>;
  /** Every document shown for this standalone question so far. */
  shown?: string[];
  /** The sentences the answer quoted (article#index), for 「还有吗」 to go on from. */
  quoted?: string[];
  /** What the turn offers later ones to point back at (他, 它们, 那里, 会上 …), its answer's first. */
  antecedents?: Antecedent[];
}

export interface ConversationState {
  turns: Turn[];
}

const MAX_TURNS = 8;

export const emptyConversation = (): ConversationState => ({ turns: [] });

export function remember(state: ConversationState, turn: Turn): ConversationState {
  return { turns: [...state.turns, turn].slice(-MAX_TURNS) };
}

/** Where conversations are kept between messages, by chat id. */
interface ConversationStore {
  get(chatId: string): Promise<ConversationState>;
  set(chatId: string, state: ConversationState): Promise<void>;
  /** Forgets the chat's context (/reset). */
  reset(chatId: string): Promise<void>;
}

/** In-process store (the terminal chat, tests); states are copied in and out as JSON. */
export class MemoryConversationStore implements ConversationStore {
  private readonly chats = new Map<string, string>();

  async get(chatId: string): Promise<ConversationState> {
    const s = this.chats.get(chatId);
    return s ? (JSON.parse(s) as ConversationState) : emptyConversation();
  }

  async set(chatId: string, state: ConversationState): Promise<void> {
    this.chats.set(chatId, JSON.stringify(state));
  }

  async reset(chatId: string): Promise<void> {
    this.chats.delete(chatId);
  }
}
