/**
 * Chinese-aware sentence splitting with offsets. A sentence ends at 。！？； (or their ASCII forms
 * followed by a space/end), together with any closing quotes or brackets that follow, or at a newline.
 * The `;` that closes an HTML character reference (「&amp;」) ends nothing (ingest decodes them; text
 * from elsewhere may still hold one). A short attribution after a closed quotation (「“…。”秦金玉说。」)
 * stays with it: alone, 「秦金玉说。」 says nothing.
 */
export interface Span {
  start: number;
  end: number;
}

const END = /(?:[。！？；!?]|(?<!&(?:[A-Za-z][A-Za-z0-9]{1,31}|#\d{1,7}|#[xX][0-9A-Fa-f]{1,6}));)+[”’」』）)》"']*|\n+|\.(?=\s|$)[”’"']*/gu;

/** A quotation closed at the end of a sentence (「…份额。”」): what follows may only say who said it. */
const CLOSED_QUOTE = /[。！？!?][”’」』"']$/u;
/** An attribution after a quotation is short (「秦金玉说。」「公司总经理秦金玉介绍。」). */
const MAX_ATTRIBUTION = 14;

export function sentenceSpans(text: string): Span[] {
  const spans: Span[] = [];
  let start = 0;
  let quoteClosed = false;
  for (const m of text.matchAll(END)) {
    const end = m.index + m[0].length;
    const piece = text.slice(start, end).trim();
    // 「“…份额。”秦金玉说。」 is one sentence: the attribution belongs to the quotation it follows
    if (quoteClosed && spans.length && piece.length <= MAX_ATTRIBUTION && !/[“「『"'\n]/u.test(piece) && /[。]$/u.test(piece)) {
      spans[spans.length - 1]!.end = end;
      quoteClosed = false;
    } else {
      pushTrimmed(text, start, end, spans);
      quoteClosed = CLOSED_QUOTE.test(m[0]) || CLOSED_QUOTE.test(text.slice(Math.max(start, end - 2), end));
    }
    start = end;
  }
  pushTrimmed(text, start, text.length, spans);
  return spans;
}

function pushTrimmed(text: string, start: number, end: number, out: Span[]): void {
  while (start < end && /\s/u.test(text[start]!)) start++;
  while (end > start && /\s/u.test(text[end - 1]!)) end--;
  if (end > start) out.push({ start, end });
}

export function sentences(text: string): string[] {
  return sentenceSpans(text).map((s) => text.slice(s.start, s.end));
}
