/**
 * The headline a text itself gives, for a document that comes without one (a JSON Lines line with no
 * `title`, a page item with no headline above it). Only a headline the text marks as one counts:
 * - a line 「原标题：X」 (X is the rest of that line), or
 * - 「（原标题：X）」 in brackets, as reposted news credits the original.
 * A 「原标题：」 that runs on into the body with no line break or bracket to end it gives none: where
 * the headline stops and the body starts cannot be told, and a body phrase must never pass for a
 * headline. Nothing is ever made up from the body: no given headline, no headline ("").
 */

/** 「原标题：X」 alone on its line (at the start of the text or of any line; the text has more than one). */
const OWN_LINE = /(?:^|\n)[ \t\u3000]*原标题[：:][ \t\u3000]*([^\n]+?)[ \t\u3000]*(?=\n)/u;
/** 「（原标题：X）」: the brackets say where it ends. */
const BRACKETED = /[（(]原标题[：:][ \t\u3000]*([^（()）\n]+?)[ \t\u3000]*[)）]/u;
/** A headline is a line, not a paragraph. */
const MAX_HEADLINE = 80;

/** The headline the text gives (see above), or "" when it gives none. */
export function givenHeadline(text: string): string {
  // A text of one line is all 「原标题」 line: the headline would run on into the body.
  const ownLine = text.includes("\n") ? OWN_LINE.exec(`${text}\n`)?.[1] : undefined;
  const found = ownLine ?? BRACKETED.exec(text)?.[1];
  // 「原标题：《X》」: the book-title marks are the citation's to add (else 「据《《X》》报道」)
  const headline = (found?.trim() ?? "").replace(/^《([^《》]+)》$/u, "$1");
  return headline.length <= MAX_HEADLINE ? headline : "";
}
