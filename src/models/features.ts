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
