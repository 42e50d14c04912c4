/** The subscription commands: /subscribe 液流电池, /unsubscribe [topic], /subscriptions. */
import type { Composer } from "grammy";
import type { Engine } from "../../engine/engine.js";
import { log } from "../../log.js";
import type { SubscriptionStore } from "../../subscriptions/store.js";
import type { BotContext } from "../context.js";
import { MSG } from "../messages.js";

/** Topics one chat may follow, and how long a topic may be. */
const MAX_TOPICS = 10;
const MAX_TOPIC_CHARS = 20;

/** A topic as it is kept: spaces collapsed, quotes around it taken off. */
function cleanTopic(text: string): string {
  return text
    .replace(/\s+/gu, " ")
    .trim()
    .replace(/^[「『“"'《]+|[」』”"'》]+$/gu, "")
    .trim();
}

export interface CommandDeps {
  engine: Pick<Engine, "topicWords">;
  store: SubscriptionStore;
  /** PUSH_DAILY_LIMIT, told to a reader who subscribes. */
  dailyLimit: number;
}

export function registerSubscriptionCommands(app: Composer<BotContext>, { engine, store, dailyLimit }: CommandDeps): void {
  app.command("subscribe", async (ctx) => {
    const topic = cleanTopic(typeof ctx.match === "string" ? ctx.match : "");
    if (!topic) return void (await ctx.reply(MSG.subscribeUsage));
    if (topic.length > MAX_TOPIC_CHARS) return void (await ctx.reply(MSG.subscribeTopicTooLong(MAX_TOPIC_CHARS)));
    if (!engine.topicWords(topic).length) return void (await ctx.reply(MSG.subscribeNoWords));
    let outcome;
    try {
      outcome = await store.add(ctx.chat.id, topic, MAX_TOPICS);
    } catch (err) {
      return unavailable(ctx, err);
    }
    if (outcome === "added") log.info({ chatType: ctx.chat.type }, "a chat subscribed to a topic");
    await ctx.reply(
      outcome === "added" ? MSG.subscribed(topic, dailyLimit) : outcome === "exists" ? MSG.subscribedAlready(topic) : MSG.subscribeTooMany(MAX_TOPICS),
    );
  });

  app.command("unsubscribe", async (ctx) => {
    const topic = cleanTopic(typeof ctx.match === "string" ? ctx.match : "");
    try {
      const removed = await store.remove(ctx.chat.id, topic || undefined);
      if (removed.length) await ctx.reply(MSG.unsubscribed(removed));
      else await ctx.reply(topic ? MSG.unsubscribedNone(topic) : MSG.subscriptionsNone);
    } catch (err) {
      return unavailable(ctx, err);
    }
  });

  app.command("subscriptions", async (ctx) => {
    try {
      const topics = await store.topics(ctx.chat.id);
      await ctx.reply(topics.length ? MSG.subscriptionsList(topics) : MSG.subscriptionsNone);
    } catch (err) {
      return unavailable(ctx, err);
    }
  });
}

/** The store could not be reached: the reader is told, the log says why. */
async function unavailable(ctx: BotContext, err: unknown): Promise<void> {
  log.warn({ err: err instanceof Error ? err.message : String(err) }, "subscription store unavailable");
  await ctx.reply(MSG.subscriptionsUnavailable);
}
