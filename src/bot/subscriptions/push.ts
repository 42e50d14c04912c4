/** The push service: each article that enters the index goes, one message each, to the chats whose topics it matches. */
import type { Engine } from "../../engine/engine.js";
import { log } from "../../log.js";
import type { SubscriptionStore } from "../../subscriptions/store.js";
import type { Job, PushSummary } from "./jobs.js";
import { matchSubscribers } from "./matching.js";
import type { PushSender } from "./sender.js";

/** Queues the pushes of articles `ids` to the chats whose topics they match. */
export async function queuePushes(ids: string[], store: SubscriptionStore, engine: Pick<Engine, "matches">, sender: PushSender): Promise<PushSummary> {
  const chats = await matchSubscribers(store, engine, ids);
  const jobs: Job[] = chats.flatMap((chat) => chat.items.map((item) => ({ kind: "push" as const, chatId: chat.chatId, item, attempt: 0 })));
  sender.queue(...jobs);
  if (jobs.length) log.info({ articles: ids.length, subscribers: chats.length, messages: jobs.length }, "new articles match subscriptions: pushes queued");
  return { subscribers: chats.length, queued: jobs.length };
}
