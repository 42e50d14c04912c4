/**
 * The article dates the answer layer is given. It reads an article's relative words (「昨天下午」,
 * 「上周」) against the article's date as a day, so a page date estimated only to its month or year
 * (YYYY-MM, YYYY: src/ingest/issue-date.ts) is kept from it: 「昨天」 is then left as the page writes it
 * rather than dated to a day nobody knows (the first of the month). Retrieval's date filters and
 * windows still use the month or year (Retriever.documentDate, src/retrieve/retriever.ts), and every source shows it.
 */
import type { DayRange } from "../text/dates.js";
import type { DocMeta } from "../types.js";

export function answerableDate(range: DayRange | undefined, doc: Pick<DocMeta, "dateEstimated"> | undefined): DayRange | undefined {
  if (range && doc?.dateEstimated && range.from !== range.to) return undefined;
  return range;
}
