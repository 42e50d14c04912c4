/**
 * Inline mode: `@bot 问题` typed in any chat offers the cited answer as a result to send — the answer,
 * its sources and excerpts in one message, with 「原文 [n]」 buttons that are deep links back to the bot
 * (`https://t.me/<bot>?start=a_…`, src/bot/deep-links.ts) — and each cited article as a result of its
 * own. An inline answer is one-off: it has no chat, so it neither reads nor changes a conversation.
 * Inline mode must be switched on with @BotFather (/setinline); see docs/bot.md ("Creating the bot").
 */
import { createHash } from "node:crypto";
import { GrammyError, InlineKeyboard, type Composer } from "grammy";
import type { InlineQueryResultArticle } from "grammy/types";
import { sourceMeta, sourceName } from "../answer/source-name.js";
import type { CitedSource, EngineAnswer } from "../engine/cited-sources.js";
import type { Config } from "../config/env.js";
import type { Engine } from "../engine/engine.js";
import type { Library } from "../engine/library.js";
import { cleanQuestion } from "../input/question.js";
import { log } from "../log.js";
import type { BotContext } from "./context.js";
import { refLink, startLink } from "./deep-links.js";
import { answerParagraphs, excerptSegments, quote, renderMessages, type Paragraph } from "./format.js";
import { MSG } from "./messages.js";
import { parseChatIds } from "./middleware/allowlist.js";

/** Telegram caches the results of a query for this long (the same question gets the same answer). */
const CACHE_SECONDS = 300;
/** Cited articles offered as results of their own, after the answer. */
const SOURCE_RESULTS = 3;
/** The start parameter of the 「在机器人里提问」 button above the results (an ordinary /start). */
const INLINE_START = "inline";

const resultId = (kind: string, text: string): string => `${kind}_${createHash("sha1").update(text).digest("base64url").slice(0, 20)}`;
const oneLine = (text: string, max: number): string => {
  const line = text.replace(/\s+/gu, " ").trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
};

/** The HTML of one message (Telegram's limit): without the excerpts if it must, cut at a paragraph if it still must. */
function oneMessage(paragraphs: Paragraph[]): string {
  const parts = renderMessages(paragraphs);
  if (parts.length === 1) return parts[0]!;
  const withoutQuotes = paragraphs.filter(
    (p) => !(p.length > 0 && p.every((s) => s.block === "quote")) && !(p.length === 1 && p[0]!.text === MSG.excerptsTitle),
  );
  return renderMessages(withoutQuotes)[0]!;
}

function sourceButtons(library: Library, sources: CitedSource[], botUsername: string): InlineKeyboard {
  const kb = new InlineKeyboard();
  let n = 0;
  for (const s of sources) {
    const ref = library.refOf(s.id, s.chunkId);
    if (!ref) continue;
    if (n > 0 && n % 4 === 0) kb.row();
    kb.url(MSG.inlineSourceButton(s.n), refLink(ref, botUsername));
    n++;
  }
  return kb;
}

/** The results offered for an answer: the answer itself, then each cited article. */
function inlineResults(library: Library, r: EngineAnswer, botUsername: string): InlineQueryResultArticle[] {
  const answerKb = sourceButtons(library, r.sources, botUsername).row().url(MSG.inlineOpenBot, startLink(botUsername, INLINE_START));
  const results: InlineQueryResultArticle[] = [
    {
      type: "article",
      id: resultId("q", r.question),
      title: oneLine(r.question, 64),
      description: oneLine(r.answer, 120),
      input_message_content: {
        message_text: oneMessage(answerParagraphs(r, { notice: `问：${r.question}` })),
        parse_mode: "HTML",
        link_preview_options: { is_disabled: true },
      },
      reply_markup: answerKb,
    },
  ];
  for (const s of r.sources.slice(0, SOURCE_RESULTS)) {
    const ref = library.refOf(s.id, s.chunkId);
    if (!ref) continue;
    const meta = sourceMeta(s);
    const paragraphs: Paragraph[] = [[{ text: sourceName(s), style: "bold" }]];
    if (meta) paragraphs.push([{ text: meta, style: "italic" }]);
    if (s.excerpt.trim()) paragraphs.push([], quote([{ text: "「" }, ...excerptSegments(s.excerpt, s.highlights), { text: "」" }]));
    results.push({
      type: "article",
      id: resultId(`s${s.n}`, `${r.question}\u0000${s.chunkId}`),
      title: oneLine(sourceName(s), 64),
      description: oneLine([meta, s.excerpt].filter(Boolean).join("\n"), 120),
      input_message_content: { message_text: oneMessage(paragraphs), parse_mode: "HTML", link_preview_options: { is_disabled: true } },
      reply_markup: new InlineKeyboard().url(MSG.articleButton, refLink(ref, botUsername)),
    });
  }
  return results;
}

export function registerInline(app: Composer<BotContext>, engine: Engine, cfg: Config): void {
  const allowed = parseChatIds(cfg.ALLOWED_CHAT_IDS);
  app.on("inline_query", async (ctx) => {
    const username = ctx.me.username;
    const ask = { text: MSG.inlineAsk, start_parameter: INLINE_START };
    try {
      // A bot kept to some chats answers inline only the readers whose private chat is one of them.
      if (allowed && !allowed.has(ctx.from.id)) return void (await ctx.answerInlineQuery([], { cache_time: CACHE_SECONDS, is_personal: true }));
      const q = cleanQuestion(ctx.inlineQuery.query, cfg.MAX_QUESTION_CHARS);
      if (q.kind !== "ok") return void (await ctx.answerInlineQuery([], { cache_time: CACHE_SECONDS, button: ask }));
      const started = Date.now();
      const { result } = await engine.ask(q.text);
      if (!result.found || result.sources.length === 0) {
        await ctx.answerInlineQuery([], { cache_time: CACHE_SECONDS, button: { text: MSG.inlineNothing, start_parameter: INLINE_START } });
      } else {
        await ctx.answerInlineQuery(inlineResults(engine.library, result, username), { cache_time: CACHE_SECONDS, button: ask });
      }
      log.info({ found: result.found, sources: result.sources.length, ms: Date.now() - started }, "answered an inline query");
    } catch (err) {
      // The reader typed on: Telegram has dropped the query. Nothing to tell anyone.
      if (err instanceof GrammyError && /query is too old|query ID is invalid/iu.test(err.description)) {
        log.debug({ err: err.description }, "inline query expired before it was answered");
        return;
      }
      throw err;
    }
  });
}
