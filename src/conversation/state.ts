/**
 * What a chat remembers between turns. The engine reads and returns this state; where it is kept
 * (memory, a file, Redis) is the caller's business: the CLI keeps it in a variable, the bot in its
 * grammY session.
 */
export interface Turn {
  question: string;
  standalone: string;
  found: boolean;
  /** Documents cited in the answer, in citation order. */
  docIds: string[];
  /** Salient names and topic words of the turn, for resolving follow-ups. */
  entities: string[];
  at: number;
}

export interface ConversationState {
  turns: Turn[];
}

export const MAX_TURNS = 8;

export const emptyConversation = (): ConversationState => ({ turns: [] });

export function remember(state: ConversationState, turn: Turn): ConversationState {
  return { turns: [...state.turns, turn].slice(-MAX_TURNS) };
}
