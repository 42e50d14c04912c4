/** /start, /help, /reset, /sources: what the bot knows and how to use it. */
import type { Composer } from "grammy";
import { emptyConversation } from "../conversation/state.js";
import type { Engine } from "../engine/engine.js";
import { shownDate } from "../ingest/issue-date.js";
import type { BotContext } from "./context.js";
import { sendParagraphs } from "./answer.js";
import type { Paragraph } from "./format.js";
import { pickExamples } from "./examples.js";
import { examplesKeyboard } from "./keyboards.js";
import { MSG } from "./messages.js";
import { showArticleLink } from "./deep-links.js";
import { sendCatalog } from "./sources-list.js";

/** 「，first 至 last」 of some dates, each marked as estimated when no document prints it; nothing without dates. */
function dateRange(dates: string[], printed: ReadonlySet<string>): string {
  const shown = (d: string): string => shownDate(d, !printed.has(d));
  return dates.length === 0 ? "" : dates.length === 1 ? `，${shown(dates[0]!)}` : `，${shown(dates[0]!)} 至 ${shown(dates[dates.length - 1]!)}`;
}

function helpParagraphs(): Paragraph[] {
  return [
    [{ text: "怎么用", style: "bold" }],
    [{ text: "直接用中文提问，我会根据资料库里的报道回答，并用 [1] [2] 标出处。" }],
    [{ text: "点答案下面的「原文 [n]」查看报道原文，点「更多」看同一话题的其他报道，点 👍 或 👎 告诉编辑部回答好不好。" }],
    [{ text: "可以接着追问，例如先问「西太湖有什么新项目？」再问「投资多少？」。" }],
    [{ text: "在群里请 @我 或回复我的消息，我才会回答。" }],
    [{ text: "在任何聊天的输入框里输入 @我的用户名 和问题，可以把带出处的回答直接发出去。" }],
    [],
    [{ text: "命令", style: "bold" }],
    [{ text: "/start 简介和示例问题" }],
    [{ text: "/sources 资料库里有哪些报道" }],
    [{ text: "/reset 忘掉之前的对话，开始新话题" }],
    [{ text: "/subscribe 话题 关注一个话题，有新报道时推送给你（/unsubscribe 取消，/subscriptions 查看）" }],
    [{ text: "/help 显示这段说明" }],
  ];
}

export function registerCommands(bot: Composer<BotContext>, engine: Engine): void {
  bot.command("start", async (ctx) => {
    // A deep link (https://t.me/<bot>?start=a_…) opens an article's summary.
    if (ctx.match && (await showArticleLink(ctx, engine.library, ctx.match))) return;
    const { documents, sources, dates, printed } = engine.library.catalog();
    const docs = pickExamples(engine.library);
    const paragraphs: Paragraph[] = [
      [{ text: "你好！我是武进新闻问答机器人。", style: "bold" }],
      [{ text: `我读过 ${documents} 篇报道（${sources.length} 个版面${dateRange(dates, printed)}），可以回答关于这些本地新闻的问题，每个回答都标有出处。` }],
      [{ text: "直接发问题给我就行；发送 /help 查看用法，/sources 查看资料库。" }],
    ];
    if (docs.length) paragraphs.push([], [{ text: MSG.examplesTitle }]);
    await sendParagraphs(ctx, paragraphs, { keyboard: examplesKeyboard(engine.library, docs) });
  });

  bot.command("help", (ctx) => sendParagraphs(ctx, helpParagraphs()));

  bot.command("reset", async (ctx) => {
    const turns = ctx.session.conv.turns.length;
    ctx.session.conv = emptyConversation();
    await ctx.reply(MSG.resetDone(turns));
  });

  // The catalogue a page at a time, newest first, with ‹ › buttons (src/bot/sources-list.ts).
  bot.command("sources", (ctx) => sendCatalog(ctx, engine.library));
}

export { helpParagraphs };
