/**
 * A news credit at the head of a story — 「本报讯（记者 张宁）」, 「新华社北京8月8日电（记者赵文君）」,
 * 「中新网7月29日电」, 「【环球网报道】」 — says who filed it, not what happened: a quote leaves it out
 * (the citation names the source). Matched by its grammar (an agency, a place, a date, 电 or 讯, the
 * reporters in brackets), not by a list of agencies.
 */
const CREDIT =
  /(?:本报讯|本报消息|[\p{Script=Han}]{1,8}(?:社|网|报|台)[\p{Script=Han}]{0,8}\d{1,2}月\d{1,2}日(?:电|讯))[\s\u3000]*(?:[（(][^（()）]{0,40}[）)])?[\s\u3000]*|【[^【】]{1,12}(?:报道|讯)】/gu;
/** What must be left of a quote for a credit to be taken out of it. */
const MIN_LEFT = 8;

/** The text without its news credits (unchanged when little else would be left). */
export function withoutCredits(text: string): string {
  const out = text.replace(CREDIT, "").trim();
  return out.length >= MIN_LEFT ? out : text;
}
