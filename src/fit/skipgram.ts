/**
 * Skip-gram with negative sampling over words and their sub-words (fastText's model, Bojanowski et al.
 * 2017): a word's input vector is the mean of its own row and its sub-words' rows, trained to predict
 * the words around it against negatives drawn from the unigram distribution to the power 0.75.
 * Frequent words are subsampled (Mikolov et al. 2013). Several worker threads train the same shared
 * matrices without locks (Hogwild), each over its own part of the token stream.
 */

export interface SkipgramSettings {
  dim: number;
  window: number;
  negatives: number;
  epochs: number;
  learningRate: number;
  /** Subsampling threshold t: a word of relative frequency f is kept with probability √(t/f) + t/f. */
  subsample: number;
  seed: number;
}

/** Everything the trainers share (SharedArrayBuffer-backed, so worker threads see one copy). */
export interface SkipgramState {
  settings: SkipgramSettings;
  /** Input rows: words, then sub-words; (words + sub-words) × dim. */
  input: Float32Array;
  /** Output rows, words only. */
  output: Float32Array;
  /** The corpus as word ids, -1 between articles. */
  stream: Int32Array;
  /** The input rows of word w (its own row first) are rowIds[rowStart[w] .. rowStart[w + 1]). */
  rowStart: Int32Array;
  rowIds: Int32Array;
  keep: Float32Array;
  negativeTable: Int32Array;
  /** Tokens processed so far by all trainers (for the learning-rate schedule), one slot per trainer. */
  processed: Float64Array;
}

/** A small deterministic generator (xorshift32) per trainer. */
class Random {
  private s: number;
  constructor(seed: number) {
    this.s = seed >>> 0 || 1;
  }
  next(): number {
    let x = this.s;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    this.s = x >>> 0;
    return this.s / 4294967296;
  }
  below(n: number): number {
    return Math.floor(this.next() * n);
  }
}

const MAX_EXP = 8;

/**
 * Trains over stream[from, to) for the configured epochs. `slot` is this trainer's place in
 * `processed`; `report` is called every ~1M tokens.
 */
export function trainPart(state: SkipgramState, from: number, to: number, slot: number, report: (done: number) => void = () => {}): void {
  const { dim, window, negatives, epochs, learningRate } = state.settings;
  const { input, output, stream, rowStart, rowIds, keep, negativeTable, processed } = state;
  const random = new Random(state.settings.seed * 7919 + slot * 104729 + 1);
  const total = state.stream.length * epochs || 1;
  const hidden = new Float32Array(dim);
  const grad = new Float32Array(dim);
  const context: number[] = [];
  let done = 0;
  let sinceReport = 0;
  for (let epoch = 0; epoch < epochs; epoch++) {
    for (let pos = from; pos < to; pos++) {
      done++;
      if (++sinceReport === 1 << 20) {
        processed[slot] = done;
        report(done);
        sinceReport = 0;
      }
      const word = stream[pos]!;
      if (word < 0 || random.next() > keep[word]!) continue;
      let seen = 0;
      for (let s = 0; s < processed.length; s++) seen += processed[s]!;
      const lr = Math.max(learningRate * 1e-4, learningRate * (1 - seen / total));
      // the context: up to b words either side, within the article (b drawn in 1..window)
      const b = 1 + random.below(window);
      context.length = 0;
      for (let p = pos - 1; p >= pos - b && p >= 0 && stream[p]! >= 0; p--) context.push(stream[p]!);
      for (let p = pos + 1; p <= pos + b && p < stream.length && stream[p]! >= 0; p++) context.push(stream[p]!);
      if (!context.length) continue;
      // the word's input vector: the mean of its rows
      const first = rowStart[word]!;
      const last = rowStart[word + 1]!;
      hidden.fill(0);
      for (let r = first; r < last; r++) {
        const o = rowIds[r]! * dim;
        for (let i = 0; i < dim; i++) hidden[i]! += input[o + i]!;
      }
      const inv = 1 / (last - first);
      for (let i = 0; i < dim; i++) hidden[i]! *= inv;
      grad.fill(0);
      for (const target of context) {
        for (let d = 0; d <= negatives; d++) {
          let out = target;
          if (d > 0) {
            out = negativeTable[random.below(negativeTable.length)]!;
            if (out === target) continue;
          }
          const o = out * dim;
          let f = 0;
          for (let i = 0; i < dim; i++) f += hidden[i]! * output[o + i]!;
          const sig = f > MAX_EXP ? 1 : f < -MAX_EXP ? 0 : 1 / (1 + Math.exp(-f));
          const g = ((d === 0 ? 1 : 0) - sig) * lr;
          for (let i = 0; i < dim; i++) {
            grad[i]! += g * output[o + i]!;
            output[o + i]! += g * hidden[i]!;
          }
        }
      }
      for (let r = first; r < last; r++) {
        const o = rowIds[r]! * dim;
        for (let i = 0; i < dim; i++) input[o + i]! += grad[i]!;
      }
    }
  }
  processed[slot] = done;
  report(done);
}

/** Keep probabilities for subsampling from word counts. */
export function keepProbabilities(counts: ArrayLike<number>, total: number, t: number): Float32Array {
  const keep = new Float32Array(counts.length);
  for (let w = 0; w < counts.length; w++) {
    const f = counts[w]! / total;
    keep[w] = Math.min(1, Math.sqrt(t / f) + t / f);
  }
  return keep;
}

/** The unigram^0.75 table negatives are drawn from. */
export function negativeTableOf(counts: ArrayLike<number>, size = 10_000_000): Int32Array {
  const table = new Int32Array(new SharedArrayBuffer(size * 4));
  let norm = 0;
  for (let w = 0; w < counts.length; w++) norm += Math.pow(counts[w]!, 0.75);
  let w = 0;
  let cumulative = Math.pow(counts[0]!, 0.75) / norm;
  for (let i = 0; i < size; i++) {
    table[i] = w;
    if (i / size > cumulative && w < counts.length - 1) {
      w++;
      cumulative += Math.pow(counts[w]!, 0.75) / norm;
    }
  }
  return table;
}

export function sharedFloats(n: number): Float32Array {
  return new Float32Array(new SharedArrayBuffer(n * 4));
}
