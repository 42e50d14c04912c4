/**
 * Deep links back into the bot: `https://t.me/<bot>?start=a_<label>_<check>` opens an article's
 * summary (headline, subtitle, byline, paper, date, first paragraph) with a 「原文」 button that shows
 * the whole article. The payload is a SourceRef (src/engine/library.ts): at most 18 characters of
 * [A-Za-z0-9_-] (Telegram allows 64), stable across restarts, and a rebuilt index that moved the
 * chunk is detected (the check fails) rather than misread.
 */
import { InlineKeyboard, type Composer } from "grammy";
import type { Engine } from "../engine/engine.js";
import type { ArticleView, Library, SourceRef } from "../engine/library.js";
import { sendParagraphs } from "./answer.js";
import { cosmetic } from "./api.js";
import type { BotContext } from "./context.js";
import { MESSAGE_LIMIT, sourceParagraphs, textParagraphs, type Paragraph } from "./format.js";
import { creditOf, dateOf, paperName, sourceName } from "../answer/source-name.js";
import { decodeCallback, encodeCallback } from "./keyboards.js";
import { MSG } from "./messages.js";

const articlePayload = (ref: SourceRef): string => `a_${ref.label}_${ref.check}`;

export function parseArticlePayload(payload: string): SourceRef | undefined {
  const m = /^a_(\d{1,9})_([A-Za-z0-9_-]{6})$/u.exec(payload.trim());
  return m ? { label: Number(m[1]), check: m[2]! } : undefined;
}

/** `https://t.me/<bot>?start=<payload>` (or the bare chat link without a payload). */
export const startLink = (botUsername: string, payload?: string): string => `https://t.me/${botUsername}${payload ? `?start=${payload}` : ""}`;

/** The deep link to a cited chunk's article. */
export const refLink = (ref: SourceRef, botUsername: string): string => startLink(botUsername, articlePayload(ref));

/** The deep link to an article (by its first chunk), or undefined when the index has no chunk of it. */
export function articleLink(library: Library, docId: string, botUsername: string): string | undefined {
  const ref = library.firstRef(docId);
  return ref ? refLink(ref, botUsername) : undefined;
}

/** The article's first paragraph, cut at a sentence end near `cap` characters. */
function firstParagraph(body: string, cap = 300): string {
  const para =
    body
      .split("\n")
      .map((p) => p.trim())
      .find(Boolean) ?? "";
  if (para.length <= cap) return para;
  const window = para.slice(0, cap);
  const end = Math.max(...["。", "！", "？", "；"].map((m) => window.lastIndexOf(m)));
  return end > cap / 2 ? window.slice(0, end + 1) : `${window}…`;
}

/** Headline, subtitle, who/paper/date, first paragraph. */
function articleSummary(article: ArticleView, body: string): Paragraph[] {
  const meta = [creditOf(article), article.column, paperName(article.source), dateOf(article)].filter(Boolean).join(" · ");
  const out: Paragraph[] = [[{ text: sourceName(article), style: "bold" }]];
  if (article.subtitle) out.push([{ text: article.subtitle, style: "italic" }]);
  if (meta) out.push([{ text: meta, style: "italic" }]);
  const first = firstParagraph(body);
  if (first) out.push([], ...textParagraphs(first));
  return out;
}

/**
 * /start with an article payload: the summary and its 「原文」 button. Returns false when the payload
 * is not an article link (the caller shows the usual welcome).
 */
export async function showArticleLink(ctx: BotContext, library: Library, payload: string): Promise<boolean> {
  const ref = parseArticlePayload(payload);
  if (!ref) return false;
  const found = library.source(ref);
  if (!found) {
    await ctx.reply(MSG.articleGone);
    return true;
  }
  const keyboard = new InlineKeyboard().text(MSG.articleButton, encodeCallback({ kind: "article", ...ref }));
  await sendParagraphs(ctx, articleSummary(found.article, found.body), { keyboard });
  return true;
}

/**
 * The most of an article one 「原文」 press sends: three messages' worth. A 10 MB article was 878
 * messages over 67 s, and the chat's next question waited behind them.
 */
export const ARTICLE_MAX_CHARS = 3 * MESSAGE_LIMIT - 600;

/** The article's text as a press of 「原文」 shows it: whole when it fits, else its start, cut at a paragraph or sentence end, with a note. */
function articleText(body: string, cap = ARTICLE_MAX_CHARS): string {
  const text = body.trim();
  if (text.length <= cap) return text;
  const window = text.slice(0, cap);
  const paragraph = window.lastIndexOf("\n");
  const sentence = Math.max(...["。", "！", "？", "；"].map((m) => window.lastIndexOf(m)));
  const end = paragraph > cap * 0.7 ? paragraph : sentence > cap * 0.7 ? sentence + 1 : cap;
  return `${window.slice(0, end).trimEnd()}\n\n${MSG.articleCut(end, text.length)}`;
}

/** 「原文」 under a summary: the whole article (its start when it is very long). */
export function registerArticles(app: Composer<BotContext>, engine: Engine): void {
  app.on("callback_query:data", async (ctx, next) => {
    const cb = decodeCallback(ctx.callbackQuery.data);
    if (cb?.kind !== "article") return next();
    await cosmetic("answerCallbackQuery", () => ctx.answerCallbackQuery());
    const found = engine.library.source(cb);
    if (!found) return void (await ctx.reply(MSG.articleGone));
    await sendParagraphs(ctx, sourceParagraphs(undefined, found.article, articleText(found.body)), { replyTo: ctx.callbackQuery.message?.message_id });
  });
}
