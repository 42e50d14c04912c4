/** What the subscription pushes send: one article to a chat, or a chat's daily digest. */
import type { TopicMatch } from "../../engine/topics.js";

/** An article that matches a chat's topic, with the sentence that matched. */
export interface PushItem {
  docId: string;
  topic: string;
  match: TopicMatch;
}

export interface PushJob {
  kind: "push";
  chatId: number;
  item: PushItem;
  attempt: number;
  /** Whether the chat's daily count already holds this push (claimed when it is about to go). */
  claimed?: boolean;
}

export interface DigestJob {
  kind: "digest";
  chatId: number;
  day: string;
  topics: string[];
  items: PushItem[];
  attempt: number;
}

export type Job = PushJob | DigestJob;

export interface PushSummary {
  /** Chats following something, and the messages queued for them. */
  subscribers: number;
  queued: number;
}

/** What was sent, dropped or refused so far (for the log and the tests). */
export interface PushStats {
  sent: number;
  blocked: number;
  failed: number;
  capped: number;
  duplicates: number;
}
