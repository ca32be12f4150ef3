import type { TimeBase } from '../../../native-bridge/protocol/index.js';

/**
 * Wireshark's View ▸ Time Display Format: date and time of day (`absolute`, UTC), time of day
 * (`time`, UTC), seconds since the epoch (`epoch`), seconds since the beginning of the capture
 * or the latest time reference before the packet (`relative`, the default), since the previous
 * captured packet (`delta`, frame.time_delta, shown or not), since the previous displayed
 * packet (`deltaDisplayed`).
 */
export type TimeFormat = 'absolute' | 'time' | 'epoch' | 'relative' | 'delta' | 'deltaDisplayed';

/** The formats in menu order, with Wireshark's names. */
/** The formats, with Wireshark's name (the menus) and a short one for the toolbar's select. */
export const TIME_FORMATS: readonly { format: TimeFormat; label: string; short: string }[] = [
  { format: 'absolute', label: 'Date and time of day (UTC)', short: 'Date, time (UTC)' },
  { format: 'time', label: 'Time of day (UTC)', short: 'Time of day (UTC)' },
  { format: 'epoch', label: 'Seconds since epoch', short: 'Epoch seconds' },
  { format: 'relative', label: 'Seconds since beginning of capture', short: 'Since start' },
  { format: 'delta', label: 'Seconds since previous captured packet', short: 'Since previous' },
  { format: 'deltaDisplayed', label: 'Seconds since previous displayed packet', short: 'Since prev. shown' },
];

/** What the Time column counts from, which the engine answers per row; undefined for a clock time. */
export function timeBase(format: TimeFormat): TimeBase | undefined {
  return format === 'relative' || format === 'delta' || format === 'deltaDisplayed' ? format : undefined;
}

/** A time reference's Time column, in every format (Wireshark's). */
export const REF_TEXT = '*REF*';

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
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1, 2)}-${pad(d.getUTCDate(), 2)} ${timeOfDay(sec, nsec)}`;
}

/** UTC time of day with nanoseconds: `12:00:00.123456789`. */
export function timeOfDay(sec: number, nsec: number): string {
  const d = new Date(sec * 1000);
  if (Number.isNaN(d.getTime())) return `${sec}.${pad(nsec, 9)}`;
  return `${pad(d.getUTCHours(), 2)}:${pad(d.getUTCMinutes(), 2)}:${pad(d.getUTCSeconds(), 2)}.${pad(nsec, 9)}`;
}

/** Seconds since the epoch with nanoseconds, as `wirepool read` prints them: `1767225600.000000455`. */
export function epochTime(sec: number, nsec: number): string {
  return `${sec}.${pad(nsec, 9)}`;
}

/**
 * A row's Time column in `format`: `time`, the packet's; `base`, what it counts from (the
 * engine's answer, for the formats of timeBase); `ref`, a time reference (`*REF*`).
 */
export function timeColumn(
  format: TimeFormat,
  time: { sec: number; nsec: number },
  base: { sec: number; nsec: number } | undefined,
  ref: boolean,
): string {
  if (ref) return REF_TEXT;
  switch (format) {
    case 'absolute':
      return absoluteTime(time.sec, time.nsec);
    case 'time':
      return timeOfDay(time.sec, time.nsec);
    case 'epoch':
      return epochTime(time.sec, time.nsec);
    default:
      return base === undefined ? '' : secondsBetween(time.sec, time.nsec, base.sec, base.nsec);
  }
}
