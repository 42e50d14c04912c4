/**
 * /sources: the catalogue a page at a time (PAGE_SIZE articles, newest first, grouped by date), with
 * ‹ › buttons that edit the message in place. Each headline links to the article's summary (deep link
 * /start a_…, src/bot/deep-links.ts). Callback data is `p:<page>`: stable across restarts; a page past
 * the end after the index shrank shows the last page.
 */
import { GrammyError, InlineKeyboard, type Composer } from "grammy";
import type { Engine } from "../engine/engine.js";
import type { ArticleView, Library } from "../engine/library.js";
import { shownDate } from "../ingest/issue-date.js";
import { log } from "../log.js";
import { sendParagraphs } from "./answer.js";
import { cosmetic } from "./api.js";
import type { BotContext } from "./context.js";
import { articleLink } from "./deep-links.js";
import { renderMessages, type Paragraph } from "./format.js";
import { paperName, sourceName } from "../answer/source-name.js";
import { decodeCallback, encodeCallback } from "./keyboards.js";
import { MSG } from "./messages.js";

export const PAGE_SIZE = 10;

/** Every live article, newest first; undated ones last; ties in index order (stable from page to page). */
function catalogOrder(library: Library): ArticleView[] {
  const all = [...library.articles()].map((a, i) => ({ a, i }));
  const byDate = (x: string, y: string): number => (x < y ? -1 : x > y ? 1 : 0);
  all.sort((x, y) => byDate(y.a.date ?? "", x.a.date ?? "") || x.i - y.i);
  return all.map((x) => x.a);
}

interface CatalogPage {
  paragraphs: Paragraph[];
  keyboard?: InlineKeyboard;
  page: number;
  pages: number;
}

/** One page of the catalogue (clamped to the pages there are). */
function catalogPage(library: Library, page: number, botUsername: string): CatalogPage {
  const articles = catalogOrder(library);
  if (articles.length === 0) return { paragraphs: [[{ text: MSG.catalogEmpty }]], page: 0, pages: 0 };
  const pages = Math.ceil(articles.length / PAGE_SIZE);
  const p = Math.min(Math.max(0, page), pages - 1);
  const dated = articles.filter((a) => a.date);
  const range = dated.length === 0 ? "" : rangeOf(dated.at(-1)!, dated[0]!);
  const out: Paragraph[] = [[{ text: MSG.catalogPage(articles.length, range, p + 1, pages), style: "bold" }]];
  let day: string | null | undefined;
  for (const a of articles.slice(p * PAGE_SIZE, (p + 1) * PAGE_SIZE)) {
    const date = a.date ? shownDate(a.date, a.dateEstimated) : null;
    if (date !== day) {
      out.push([], [{ text: date ?? MSG.undated, style: "italic" }]);
      day = date;
    }
    const paper = paperName(a.source);
    const link = articleLink(library, a.id, botUsername);
    out.push([{ text: "· " }, { text: sourceName(a), ...(link ? { href: link } : {}) }, { text: paper ? ` — ${paper}` : "" }]);
  }
  const kb = new InlineKeyboard();
  if (p > 0) kb.text(MSG.previousPage, encodeCallback({ kind: "page", page: p - 1 }));
  if (p < pages - 1) kb.text(MSG.nextPage, encodeCallback({ kind: "page", page: p + 1 }));
  return { paragraphs: out, page: p, pages, ...(pages > 1 ? { keyboard: kb } : {}) };
}

function rangeOf(first: ArticleView, last: ArticleView): string {
  const a = shownDate(first.date!, first.dateEstimated);
  const b = shownDate(last.date!, last.dateEstimated);
  return a === b ? a : `${a} 至 ${b}`;
}

/** Sends the first page (the /sources command). */
export async function sendCatalog(ctx: BotContext, library: Library): Promise<void> {
  const { paragraphs, keyboard } = catalogPage(library, 0, ctx.me.username);
  await sendParagraphs(ctx, paragraphs, keyboard ? { keyboard } : {});
}

/** ‹ › under /sources: the message is edited into the page asked for. */
export function registerSourcesList(app: Composer<BotContext>, engine: Engine): void {
  app.on("callback_query:data", async (ctx, next) => {
    const cb = decodeCallback(ctx.callbackQuery.data);
    if (cb?.kind !== "page") return next();
    await cosmetic("answerCallbackQuery", () => ctx.answerCallbackQuery());
    const { paragraphs, keyboard } = catalogPage(engine.library, cb.page, ctx.me.username);
    const [html] = renderMessages(paragraphs);
    if (!ctx.callbackQuery.message) return void (await sendParagraphs(ctx, paragraphs, keyboard ? { keyboard } : {}));
    try {
      await ctx.editMessageText(html!, { parse_mode: "HTML", link_preview_options: { is_disabled: true }, reply_markup: keyboard });
    } catch (err) {
      // Pressed twice: the page is already shown. Anything else (a message too old to edit): send it anew.
      if (err instanceof GrammyError && /not modified/iu.test(err.description)) return;
      log.warn({ err: err instanceof Error ? err.message : String(err) }, "could not edit a /sources page; sending it as a new message");
      await sendParagraphs(ctx, paragraphs, keyboard ? { keyboard } : {});
    }
  });
}
