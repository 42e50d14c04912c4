/**
 * Chinese-aware sentence splitting with offsets. A sentence ends at 。！？； (or their ASCII forms
 * followed by a space/end), together with any closing quotes or brackets that follow, or at a newline.
 * The `;` that closes an HTML character reference (「&amp;」) ends nothing (ingest decodes them; text
 * from elsewhere may still hold one).
 */
export interface Span {
  start: number;
  end: number;
}

const END = /(?:[。！？；!?]|(?<!&(?:[A-Za-z][A-Za-z0-9]{1,31}|#\d{1,7}|#[xX][0-9A-Fa-f]{1,6}));)+[”’」』）)》"']*|\n+|\.(?=\s|$)[”’"']*/gu;

export function sentenceSpans(text: string): Span[] {
  const spans: Span[] = [];
  let start = 0;
  for (const m of text.matchAll(END)) {
    const end = m.index + m[0].length;
    pushTrimmed(text, start, end, spans);
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
