/**
 * A typed array at least `need` long holding `a`'s contents: `a` itself when long enough, else
 * a new one of the same type, doubling (amortised constant per element). For tables that grow
 * by appending: rows, counters, logs.
 */
export function grown<T extends Int32Array | Uint32Array | Float64Array | Uint16Array | Uint8Array>(a: T, need: number): T {
  if (need <= a.length) return a;
  let size = Math.max(a.length * 2, 16);
  while (size < need) size *= 2;
  const b = new (a.constructor as new (length: number) => T)(size);
  b.set(a as never);
  return b;
}
