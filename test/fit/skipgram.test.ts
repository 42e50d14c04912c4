import { describe, expect, it } from "vitest";
import { keepProbabilities, negativeTableOf, sharedFloats, trainPart, type SkipgramState } from "../../src/fit/skipgram.js";

/** Two topics whose words only ever appear with each other: training must pull each topic together. */
function toyCorpus(): { words: string[]; stream: Int32Array } {
  const topics = [
    ["电池", "储能", "充电", "锂电", "电站"],
    ["足球", "球队", "比赛", "进球", "联赛"],
  ];
  const words = topics.flat();
  const ids: number[] = [];
  let seed = 7;
  const rand = (n: number): number => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return seed % n;
  };
  for (let article = 0; article < 400; article++) {
    const t = article % 2;
    for (let i = 0; i < 30; i++) ids.push(t * 5 + rand(5));
    ids.push(-1);
  }
  return { words, stream: Int32Array.from(ids) };
}

function cosine(a: Float32Array, b: Float32Array): number {
  let d = 0,
    na = 0,
    nb = 0;
  for (let i = 0; i < a.length; i++) {
    d += a[i]! * b[i]!;
    na += a[i]! * a[i]!;
    nb += b[i]! * b[i]!;
  }
  return d / Math.sqrt(na * nb);
}

describe("skip-gram with negative sampling", () => {
  it("puts words that share contexts closer together than words that never meet", () => {
    const { words, stream } = toyCorpus();
    const dim = 16;
    const counts = new Float64Array(words.length);
    for (const w of stream) if (w >= 0) counts[w]!++;
    const input = sharedFloats(words.length * dim);
    for (let i = 0; i < input.length; i++) input[i] = (Math.sin(i * 12.9898) * 0.5) / dim;
    const rowStart = Int32Array.from({ length: words.length + 1 }, (_, i) => i);
    const state: SkipgramState = {
      settings: { dim, window: 3, negatives: 3, epochs: 3, learningRate: 0.05, subsample: 1, seed: 1 },
      input,
      output: sharedFloats(words.length * dim),
      stream,
      rowStart,
      rowIds: Int32Array.from(words, (_, i) => i),
      keep: keepProbabilities(counts, stream.length, 1),
      negativeTable: negativeTableOf(counts, 10_000),
      processed: new Float64Array(1),
    };
    trainPart(state, 0, stream.length, 0);
    const vec = (w: number) => input.subarray(w * dim, (w + 1) * dim);
    let within = 0,
      across = 0;
    for (let a = 0; a < 10; a++)
      for (let b = 0; b < 10; b++) {
        if (a === b) continue;
        if (a < 5 === b < 5) within += cosine(vec(a), vec(b)) / 40;
        else across += cosine(vec(a), vec(b)) / 50;
      }
    expect(within).toBeGreaterThan(across + 0.3);
  });
});
