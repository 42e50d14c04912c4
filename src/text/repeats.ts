/**
 * Whether a text the product wrote says a phrase twice that the reader's own words did not: a rewritten
 * question (「防东铁路防东铁路…」) or a lead (「入驻了企业12家家企业」) that does reads as a slip.
 */
export function saysTwice(text: string, typed: string, minLength = 3): boolean {
  const bare = text.replace(/[\s，,。？?！!]/gu, "");
  for (let len = minLength; len <= bare.length / 2; len++) {
    for (let i = 0; i + len <= bare.length; i++) {
      const piece = bare.slice(i, i + len);
      // words only: figures repeat their digits (「2020年12月20日」) without saying anything twice
      if (!/^\p{Script=Han}+$/u.test(piece)) continue;
      if (bare.indexOf(piece, i + len) >= 0 && !(typed.split(piece).length > 2)) return true;
    }
  }
  return false;
}
