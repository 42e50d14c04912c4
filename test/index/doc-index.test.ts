/** The two DocVectorIndex implementations behave alike: search, deletion, candidates, save/load, compaction. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadDocIndex, openDocIndex } from "../../src/index/vectors/open-doc-index.js";
import { ChunkVectors } from "../../src/index/vectors/chunk-vectors.js";
import { DEFAULT_HNSW } from "../../src/index/vectors/params.js";
import { FULL_SCAN_BUDGET } from "../../src/index/vectors/exact-doc-index.js";
import { tempDir } from "../helpers/tmp.js";

const DIM = 16;

/** A unit vector pointing mostly along dimension `i % DIM`, a little along the next. */
function vec(i: number, lean = 0.3): number[] {
  const v = new Array<number>(DIM).fill(0);
  v[i % DIM] = 1;
  v[(i + 1) % DIM] = lean;
  const n = Math.hypot(...v);
  return v.map((x) => x / n);
}

describe.each(["exact", "hnsw"] as const)("DocVectorIndex (%s)", (search) => {
  const params = { ...DEFAULT_HNSW, search };
  const keys = Array.from({ length: 12 }, (_, i) => i);
  const filled = () => {
    const index = openDocIndex(DIM, params);
    index.add(
      keys.map((k) => vec(k)),
      keys,
    );
    return index;
  };

  it("finds the nearest documents, best first, and leaves out deleted and filtered keys", () => {
    const index = filled();
    expect(index.count).toBe(12);
    expect(index.prefersCandidates).toBe(false); // exact: a small index is scanned whole
    expect(index.search(vec(5, 0), 2)).toEqual([5, 4]);
    index.markDeleted(5);
    index.markDeleted(99); // never added: nothing happens
    expect(index.search(vec(5, 0), 1)).toEqual([4]);
    expect(index.search(vec(5, 0), 1, (k) => k !== 4)).not.toContain(4);
    expect(index.search(vec(5, 0), 0)).toEqual([]);
  });

  it("searches only among the candidates given", () => {
    if (search === "exact") {
      // a large exact index asks for candidates: a whole scan would cost more than FULL_SCAN_BUDGET
      const large = openDocIndex(256, params);
      const many = Array.from({ length: Math.ceil(FULL_SCAN_BUDGET / 256) + 1 }, (_, i) => i);
      large.add(
        many.map(() => new Array<number>(256).fill(1 / 16)),
        many,
      );
      expect(large.prefersCandidates).toBe(true);
    }
    const index = filled();
    const q = vec(4, 0);
    expect(index.search(q, 5, undefined, [9, 4, 3, 3, 99])).toEqual([4, 3, 9]);
    expect(index.search(q, 2, undefined, [9, 4, 3])).toEqual([4, 3]);
    expect(index.search(q, 5, (k) => k !== 3, [9, 4, 3])).toEqual([4, 9]);
    index.markDeleted(4);
    expect(index.search(q, 5, undefined, [9, 4, 3])).toEqual([3, 9]);
  });

  it("keeps its vectors", () => {
    const index = filled();
    const v = index.vector(3);
    const w = vec(3);
    expect(v.reduce((s, x, j) => s + x * w[j]!, 0)).toBeGreaterThan(0.99);
  });

  it("saves into a new file and loads the same index", async () => {
    const index = filled();
    index.markDeleted(7);
    const file = join(tempDir(`wnb-doc-${search}-`), "doc-vectors.bin");
    const info = await index.save(file);
    const bytes = readFileSync(file);
    expect(info.bytes).toBe(bytes.byteLength);
    await expect(index.save(file)).rejects.toThrow(); // never rewritten
    const loaded = await loadDocIndex(file, bytes, DIM, params);
    for (const q of [0, 7, 11]) expect(loaded.search(vec(q, 0), 3)).toEqual(index.search(vec(q, 0), 3));
    await expect(loadDocIndex(file, bytes, DIM + 1, params)).rejects.toThrow();
  });

  it("compacts to the live keys, renumbered", () => {
    const index = filled();
    index.markDeleted(0);
    index.markDeleted(1);
    const live = keys.slice(2);
    index.compact(live, (k) => k - 2);
    expect(index.count).toBe(10);
    expect(index.search(vec(5, 0), 1)).toEqual([3]);
    const all = index.search(vec(0, 0), 12);
    expect(all).toHaveLength(10);
    expect(Math.max(...all)).toBe(9);
  });
});

describe("ChunkVectors", () => {
  it("scores, compacts and saves int8 chunk vectors by label", () => {
    const chunks = new ChunkVectors(DIM);
    chunks.set(0, vec(0));
    chunks.set(2, vec(2));
    expect(chunks.count).toBe(3);
    expect(chunks.score(vec(2), 2)).toBeCloseTo(1, 1);
    expect(chunks.score(vec(2), 0)).toBeCloseTo(0, 1);
    expect(chunks.bytes().byteLength).toBe(3 * DIM);
    const copy = new ChunkVectors(DIM, Buffer.from(chunks.bytes()));
    expect(copy.score(vec(2), 2)).toBe(chunks.score(vec(2), 2));
    chunks.compact([2]);
    expect(chunks.count).toBe(1);
    expect(chunks.score(vec(2), 0)).toBeCloseTo(1, 1);
    expect(() => new ChunkVectors(DIM, Buffer.alloc(DIM + 1))).toThrow(/truncated/);
  });
});
