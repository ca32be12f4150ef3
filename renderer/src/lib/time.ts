export type TimeFormat = 'absolute' | 'relative' | 'delta';

const pad = (n: number, w: number): string => String(n).padStart(w, '0');

/**
 * A (sec, nsec) difference as seconds with 6 decimals, computed in integers (never a float of
 * epoch seconds, which would lose the microseconds).
 */
export function secondsBetween(sec: number, nsec: number, sec0: number, nsec0: number): string {
  let s = sec - sec0;
  let ns = nsec - nsec0;
  const negative = s < 0 || (s === 0 && ns < 0);
  if (negative) {
    s = -s;
    ns = -ns;
  }
  if (ns < 0) {
    s -= 1;
    ns += 1_000_000_000;
  }
  const us = Math.floor(ns / 1000);
  return `${negative ? '-' : ''}${s}.${pad(us, 6)}`;
}

/** UTC date and time with nanoseconds: `2024-05-01 12:00:00.123456789`. */
export function absoluteTime(sec: number, nsec: number): string {
  const d = new Date(sec * 1000);
  if (Number.isNaN(d.getTime())) return `${sec}.${pad(nsec, 9)}`;
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1, 2)}-${pad(d.getUTCDate(), 2)} ${pad(d.getUTCHours(), 2)}:${pad(d.getUTCMinutes(), 2)}:${pad(d.getUTCSeconds(), 2)}.${pad(nsec, 9)}`;
}
