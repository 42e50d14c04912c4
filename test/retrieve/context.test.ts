import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { HashingEmbeddings } from "../../src/embed/hashing.js";
import { buildIndex } from "../../src/index/build.js";
import { NewsIndex } from "../../src/index/news-index.js";
import { buildAliases } from "../../src/lexicon/aliases.js";
import { retrievalContext } from "../../src/retrieve/context.js";
import { dayNumber, documentDate } from "../../src/text/dates.js";
import { tempDir } from "../helpers/tmp.js";

const embeddings = new HashingEmbeddings({ dimensions: 256 });
const chunking = { size: 220, overlap: 60 };

const filler = "会议强调，要坚持问题导向，持续优化营商环境，推动各项工作落地见效。".repeat(3);
const articles = [
  {
    id: "a1",
    title: "星辰新能源投产",
    text: `常州星辰新能源有限公司（星辰新能源）储能电池项目投产。${filler}星辰新能源表示将扩产(二期)。`,
    date: "2024-11-02",
  },
  { id: "a2", title: "高新区签约", text: `${filler}武进国家高新技术产业开发区（以下简称“武高新”）签约项目12个。武高新管委会介绍……`, date: "2024-11-03" },
  { id: "a3", title: "无日期稿件", text: `2024年10月8日，湖塘镇举行重阳敬老活动(现场)。${filler}`, date: "" },
  { id: "a4", title: "括号很多", text: `（上午）${filler}（记者 张三）（完）`, date: "2024-11-05" },
];
const added = [
  { id: "b1", title: "智造园开园", text: `${filler}西太湖智能制造产业园（以下简称“西智园”）开园。`, date: "2024-11-09" },
  { id: "b2", title: "无日期", text: `2024年11月10日，牛塘镇开展消防演练。${filler}`, date: "" },
];

const jsonl = (rows: object[]) => `${rows.map((r) => JSON.stringify(r)).join("\n")}\n`;

/** What the context must hold, derived the plain way: every body decoded and mined whole. */
function reference(index: NewsIndex) {
  const bodies = [...index.liveDocs()].map((d) => d.body);
  const dates = new Map([...index.liveDocs()].map((d) => [d.id, documentDate(d.date, d.body)]));
  return { aliases: buildAliases(bodies), dates };
}

function expectSame(index: NewsIndex): void {
  const ctx = retrievalContext(index);
  const ref = reference(index);
  for (const form of ["星辰新能源", "武高新", "西智园", "上午", "二期", "现场"]) expect(ctx.aliases.expand(form)).toEqual(ref.aliases.expand(form));
  for (const d of index.liveDocs()) {
    expect(ctx.docDate.get(d.id)).toEqual(ref.dates.get(d.id) ?? undefined);
    for (const l of index.labelsOf(d.id)) expect(ctx.dateFrom[l]).toBe(ref.dates.get(d.id)?.from ?? 1);
  }
}

describe("retrieval context", () => {
  const dir = tempDir("wnb-ctx-");
  const idx = join(dir, "index");

  it("mines names and dates from a loaded index as from the decoded bodies, and reads only new documents after an add", async () => {
    writeFileSync(join(dir, "a.jsonl"), jsonl(articles));
    await buildIndex({ inputs: [join(dir, "a.jsonl")], indexDir: idx, embeddings, chunking });
    const index = await NewsIndex.open(idx, embeddings);
    expectSame(index);
    const ctx = retrievalContext(index);
    expect(ctx.aliases.expand("星辰新能源")).toContain("常州星辰新能源有限公司");
    expect(ctx.aliases.expand("武高新")).toContain("武进国家高新技术产业开发区");
    expect(ctx.docDate.get("a3")).toMatchObject({ from: dayNumber(2024, 10, 8), grain: "day" });
    expect(ctx.aliases.expand("西智园")).toEqual([]);

    writeFileSync(join(dir, "b.jsonl"), jsonl(added));
    await buildIndex({ inputs: [join(dir, "b.jsonl")], indexDir: idx, index, embeddings, chunking });
    const after = retrievalContext(index);
    expect(after).not.toBe(ctx);
    expect(after.aliases.expand("西智园")).toContain("西太湖智能制造产业园");
    expect(after.byDay.get(dayNumber(2024, 11, 10))).toEqual(index.labelsOf("b2"));
    expectSame(index);
    expect(retrievalContext(index)).toBe(after);

    // a removal rebuilds it
    index.removeDoc("b1");
    expect(retrievalContext(index).aliases.expand("西智园")).toEqual([]);
    expectSame(index);
  });
});
