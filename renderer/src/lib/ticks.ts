/**
 * Axis ticks for the pool charts, computed once per redraw here: recharts' own "nice" ticks go
 * through decimal.js and its labels through DOM text measurement, a large part of a redraw.
 */

/** The step of about `span / parts` rounded to 1, 2 or 5 × 10^k. */
function niceStep(span: number, parts: number): number {
  const raw = span / parts;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const r = raw / mag;
  return (r <= 1 ? 1 : r <= 2 ? 2 : r <= 5 ? 5 : 10) * mag;
}

/**
 * At most parts+1 round values covering [lo, hi] (the first ≤ lo, the last ≥ hi); the axis'
 * domain is [first, last]. A flat or empty range gets [lo, lo + 1].
 */
export function niceTicks(lo: number, hi: number, parts = 4): number[] {
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) return [0, 1];
  if (hi <= lo) return [lo, lo + 1];
  const step = niceStep(hi - lo, parts);
  const first = Math.floor(lo / step) * step;
  const out: number[] = [];
  // Rounded to the step's precision: 0.1 + 0.2 is not drawn as 0.30000000000000004.
  const digits = Math.max(0, -Math.floor(Math.log10(step)) + 1);
  for (let v = first; v < hi + step; v += step) {
    out.push(Number(v.toFixed(Math.min(digits, 20))));
    if (out.at(-1)! >= hi) break;
  }
  return out;
}

/** The round values of niceTicks(lo, hi) that lie within [lo, hi] (a time axis that ends where its data ends). */
export function innerTicks(lo: number, hi: number, parts = 4): number[] {
  const inside = niceTicks(lo, hi, parts).filter((v) => v >= lo && v <= hi);
  return inside.length > 0 ? inside : [lo];
}
