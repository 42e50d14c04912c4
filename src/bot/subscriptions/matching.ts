/** Which subscribers new articles concern: the articles that match one of each chat's topics. */
import type { Engine } from "../../engine/engine.js";
import type { TopicMatch } from "../../engine/topics.js";
import type { SubscriptionStore } from "../../subscriptions/store.js";
import type { PushItem } from "./jobs.js";

export interface ChatMatches {
  chatId: number;
  topics: string[];
  items: PushItem[];
}

/** For each subscriber, the articles of `ids` that match one of its topics (first topic wins); a topic is matched once for every chat. */
export async function matchSubscribers(store: SubscriptionStore, engine: Pick<Engine, "matches">, ids: string[]): Promise<ChatMatches[]> {
  const subscribers = await store.subscribers();
  const byTopic = new Map<string, TopicMatch[]>();
  const out: ChatMatches[] = [];
  for (const subscriber of subscribers) {
    const items = new Map<string, PushItem>();
    for (const topic of subscriber.topics) {
      const key = topic.toLowerCase();
      if (!byTopic.has(key)) byTopic.set(key, engine.matches(topic, ids));
      for (const match of byTopic.get(key)!) if (!items.has(match.docId)) items.set(match.docId, { docId: match.docId, topic, match });
    }
    out.push({ chatId: subscriber.chatId, topics: subscriber.topics, items: [...items.values()] });
  }
  return out;
}
