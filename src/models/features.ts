/**
 * Named features: each fitted model's features are listed once, as a tuple of names, and computed as a
 * record keyed by those names, so that the vector handed to the model is in the order it was fit on
 * and the compiler checks that every name is computed.
 */
export type FeatureRecord<Names extends readonly string[]> = Record<Names[number], number>;

/** The record as a vector in the order of `names`. */
export function featureVector<Names extends readonly string[]>(names: Names, values: FeatureRecord<Names>): number[] {
  const out = new Array<number>(names.length);
  for (let i = 0; i < names.length; i++) out[i] = values[names[i] as Names[number]];
  return out;
}

/**
 * A feature vector filled by name, for the hot paths where building a record per example costs too
 * much: `set` takes only the model's feature names, and `done` checks that every one was set.
 */
export class FeatureWriter<Names extends readonly string[]> {
  private readonly index: ReadonlyMap<string, number>;

  constructor(private readonly names: Names) {
    this.index = new Map(names.map((n, i) => [n, i]));
  }

  /** A fresh vector, every feature unset (NaN). */
  start(): Float64Array {
    return new Float64Array(this.names.length).fill(Number.NaN);
  }

  set(x: Float64Array, name: Names[number], value: number): void {
    x[this.index.get(name)!] = value;
  }

  /** The vector as the model reads it; throws when a feature was never set (a bug, never data). */
  done(x: Float64Array): number[] {
    for (let i = 0; i < x.length; i++) if (Number.isNaN(x[i])) throw new Error(`feature "${this.names[i]}" was not computed`);
    return Array.from(x);
  }
}
