/** What a reader notices of retrieval over the seed pages: aliases, OCR slips, dates, lists, exclusions. */
import { beforeAll, describe, expect, it } from "vitest";
import type { Engine } from "../../src/engine/engine.js";
import { ensureSlots, reciprocalRankFusion } from "../../src/retrieve/fuse.js";
import { coverage, idfWeights } from "../../src/retrieve/rerank.js";
import { seedEngine } from "../engine/seed-engine.js";

let engine: Engine;
beforeAll(async () => {
  engine = await seedEngine();
});

const titles = async (q: string, opts: { k?: number; date?: string; exclude?: ReadonlySet<string> } = {}) =>
  (await engine.search(q, { k: 5, ...opts })).map((h) => h.title);

describe("hybrid retrieval on the seed pages", () => {
  it("answers an abbreviation with the articles that use the full name (武高新 → 武进国家高新区)", async () => {
    const hits = await engine.search("武高新的TOPCon电池项目", { k: 3 });
    // the photo caption about the TOPCon project (it has no headline: its text says it)
    expect(hits[0]!.doc.kind).toBe("caption");
    expect(hits[0]!.text).toContain("TOPCon");
  });

  it("is not thrown by an OCR slip in the question", async () => {
    const a = await titles("液流电池产业生态大会的主办方");
    const b = await titles("液流电池产业生态大会的主办万");
    expect(b[0]).toBe(a[0]);
  });

  it("returns one result per article, its best chunk, scores best first", async () => {
    const hits = await engine.search("沈东调研区政协工作时还参观了哪里？", { k: 5 });
    expect(new Set(hits.map((h) => h.docId)).size).toBe(hits.length);
    expect(hits[0]!.title).toBe("沈东专题调研区政协工作");
    expect(hits[0]!.text).toContain("政协书屋");
    for (let i = 1; i < hits.length; i++) expect(hits[i - 1]!.score).toBeGreaterThanOrEqual(hits[i]!.score);
  });

  it("covers several articles for a list question", async () => {
    const hits = await engine.search("高新区有哪些新能源项目", { k: 5 });
    const text = hits.map((h) => h.text).join("\n");
    for (const project of ["理想汽车", "全钒液流电池产线", "TOPCon"]) expect(text).toContain(project);
  });

  it("leaves out excluded articles (「还有吗」)", async () => {
    const first = await engine.search("星辰新能源的全钒液流电池产线", { k: 3 });
    const again = await engine.search("星辰新能源的全钒液流电池产线", { k: 3, exclude: new Set([first[0]!.docId]) });
    expect(again.map((h) => h.docId)).not.toContain(first[0]!.docId);
  });

  it("question words alone find nothing in particular and do not crash", async () => {
    const hits = await engine.search("哪些是什么吗？", { k: 5 });
    expect(Array.isArray(hits)).toBe(true);
  });
});

describe("fusion and re-ranking", () => {
  const docOf = (label: number) => `d${Math.floor(label / 10)}`;

  it("fuses channels per document: a document found by both beats one found by one", () => {
    const fused = reciprocalRankFusion(
      [
        {
          name: "bm25",
          weight: 1,
          hits: [
            { label: 10, score: 9 },
            { label: 20, score: 8 },
            { label: 11, score: 7 },
          ],
        },
        {
          name: "vector",
          weight: 1,
          hits: [
            { label: 21, score: 0.9 },
            { label: 30, score: 0.8 },
          ],
        },
      ],
      docOf,
      15,
    );
    expect(fused[0]!.docId).toBe("d2");
    expect(fused.map((f) => f.docId)).toEqual(["d2", "d1", "d3"]);
  });

  it("keeps each event's best document in the top k without moving the first result", () => {
    const ranked = ["a", "b", "c", "d", "e", "f", "g"].map((docId) => ({ docId }));
    const out = ensureSlots(ranked, ["g", "f"], 5).map((r) => r.docId);
    expect(out[0]).toBe("a");
    expect(out.slice(0, 5)).toEqual(expect.arrayContaining(["f", "g"]));
    expect(out).toHaveLength(7);
  });

  it("counts a name and its aliases as one idea in coverage", () => {
    const terms = [
      { term: "高新区", weight: 1, concept: "高新区" },
      { term: "武高新", weight: 0.5, concept: "高新区", credit: 1 },
      { term: "项目", weight: 1 },
    ];
    const w = idfWeights(terms, () => 1);
    expect(coverage(w, "武高新的项目")).toBe(1);
    expect(coverage(w, "高新区和武高新")).toBeCloseTo(0.5);
  });
});
