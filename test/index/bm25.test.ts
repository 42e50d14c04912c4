import { describe, expect, it } from "vitest";
import { Bm25Index } from "../../src/index/bm25.js";

/** Deterministic pseudo-random corpus with a skewed (Zipf-like) vocabulary, like real text. */
function corpus(n: number, seed = 7): string[][] {
  let x = seed;
  const rnd = (): number => {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    return x / 2 ** 32;
  };
  return Array.from({ length: n }, () => Array.from({ length: 5 + Math.floor(rnd() * 60) }, () => `w${Math.floor(1 / (rnd() + 0.004))}`));
}

const round = (hits: Array<{ id: number; score: number }>) => hits.map((h) => [h.id, Number(h.score.toFixed(9))]);

describe("BM25 top-k search (MaxScore)", () => {
  const docs = corpus(3000);
  const idx = new Bm25Index();
  docs.forEach((d, i) => idx.add(i, d));
  const queries = [["w1", "w2", "w37"], ["w5"], ["w1", "w1", "w120", "w3", "w9", "w44"], ["w200", "w2"], ["nope", "w7"]];

  it("returns exactly what scoring every posting returns", () => {
    for (const q of queries) {
      const terms = q.map((term, i) => ({ term, weight: i === 0 ? 1.5 : 1 }));
      for (const k of [1, 5, 50]) expect(round(idx.search(terms, k))).toEqual(round(idx.searchExhaustive(terms, k)));
    }
  });

  it("respects deletions and filters, and survives a save/load and later additions", () => {
    for (let i = 0; i < 3000; i += 3) idx.remove(i);
    const allow = (id: number) => id % 5 !== 0;
    const check = (b: Bm25Index) => {
      for (const q of queries) {
        const terms = q.map((term) => ({ term, weight: 1 }));
        const got = b.search(terms, 10, allow);
        expect(round(got)).toEqual(round(b.searchExhaustive(terms, 10, allow)));
        expect(got.every((h) => (h.id >= 3000 || h.id % 3 !== 0) && h.id % 5 !== 0)).toBe(true);
      }
    };
    check(idx);
    const { vocab, buffer } = idx.serialize();
    const loaded = Bm25Index.deserialize(vocab, buffer);
    expect(loaded.size).toBe(idx.size);
    expect(loaded.df("w1")).toBe(idx.df("w1"));
    check(loaded);
    corpus(200, 99).forEach((d, i) => loaded.add(3000 + i, d));
    check(loaded);
    expect(loaded.size).toBe(idx.size + 200);
  });

  it("compaction drops deleted chunks and keeps the ranking", () => {
    const before = idx
      .search(
        [
          { term: "w2", weight: 1 },
          { term: "w11", weight: 1 },
        ],
        10,
      )
      .map((h) => h.id);
    const remap = new Map<number, number>();
    let next = 0;
    for (let i = 0; i < 3000; i++) if (!idx.isDeleted(i)) remap.set(i, next++);
    idx.compact((old) => remap.get(old));
    expect(idx.deletedCount).toBe(0);
    const after = idx
      .search(
        [
          { term: "w2", weight: 1 },
          { term: "w11", weight: 1 },
        ],
        10,
      )
      .map((h) => h.id);
    expect(after).toEqual(before.map((id) => remap.get(id)));
  });
});
