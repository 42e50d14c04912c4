type GrowableArray = Uint32Array | Uint16Array | Float32Array | Uint8Array;

/** `a`, or a copy of it with room for at least `need` entries (grown by 1.6× so that appends cost amortised O(1)). */
export function grow<T extends GrowableArray>(a: T, need: number, make: (n: number) => T): T {
  if (need <= a.length) return a;
  const b = make(Math.max(need, Math.ceil(a.length * 1.6), 8));
  b.set(a);
  return b;
}
