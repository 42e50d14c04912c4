/** int8 quantisation of unit vectors (chunk vectors are stored at one byte per dimension). */
export const Q = 127;

/** Quantises a unit vector into `out` at `offset`. */
export function quantise(v: ArrayLike<number>, out: Int8Array, offset: number): void {
  for (let i = 0; i < v.length; i++) {
    const x = Math.round(v[i]! * Q);
    out[offset + i] = x > Q ? Q : x < -Q ? -Q : x;
  }
}
