/**
 * Names mined from the corpus at ingest, so that the segmenter keeps them whole: organisations by
 * their suffix (有限公司, 集团, 实验室, 产业园 …), quoted names (“学习日”), and short names declared
 * with 「以下简称」. Conservative on purpose: a wrong "word" hurts recall more than a missing one.
 */
import type { Article } from "../types.js";

const ORG_SUFFIX =
  /[\p{Script=Han}A-Za-z0-9]{2,12}?(?:有限公司|股份公司|集团|实验室|产业园|科技园|工业园|创新区|高新区|开发区|研究院|研究所|大学|学院|医院|委员会|协会|基地|中心|社区)/gu;
const QUOTED = /[“「"]([\p{Script=Han}A-Za-z0-9]{2,8})[”」"]/gu;
const ABBREV = /[（(]以下简称[“「"]?([\p{Script=Han}A-Za-z0-9]{2,8})[”」"]?[）)]/gu;
const LEADING_NOISE = /^(?:在|于|从|到|与|和|及|由|对|向|为|是|的|了|位于|来到|前往|参观|调研|举行|召开)+/u;

export function mineTerms(articles: Iterable<Pick<Article, "title" | "body">>): string[] {
  const out = new Set<string>();
  for (const a of articles) {
    const text = `${a.title}\n${a.body}`;
    for (const m of text.matchAll(ORG_SUFFIX)) {
      const name = m[0].replace(LEADING_NOISE, "");
      if (name.length >= 4 && name.length <= 16) out.add(name);
    }
    for (const m of text.matchAll(QUOTED)) out.add(m[1]!);
    for (const m of text.matchAll(ABBREV)) out.add(m[1]!);
  }
  return [...out].sort();
}
