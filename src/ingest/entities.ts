/**
 * HTML character references left in text scraped from web pages (「集团&amp;恒立」, 「&#20013;」) as the
 * characters they stand for, before anything splits the text: a sentence or clause break at the `;`
 * of 「&amp;」 cut a quote to 「集团&amp」. Only complete references are decoded (`entities`' strict
 * HTML mode), so 「AT&T」 stays as written; no-break spaces become plain spaces.
 */
import { decodeHTMLStrict } from "entities";

export function decodeEntities(text: string): string {
  return text.includes("&") ? decodeHTMLStrict(text).replace(/\u00A0/gu, " ") : text;
}
