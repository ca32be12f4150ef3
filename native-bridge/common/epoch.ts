/** At least 9 digits, zero-padded (a fraction of nanoseconds). */
const pad9 = (n: number): string => {
  const s = String(n);
  return s.length >= 9 ? s : '000000000'.slice(s.length) + s;
};

/**
 * `sec.fraction` exactly as TShark prints frame.time_epoch: the fraction is a C int of
 * nanoseconds, at least 9 digits. wiretap stores a pcap fraction into that int unchecked
 * (microseconds times 1000, in 32 bits), so an invalid fraction prints as 10 digits
 * (`.1000000000`) or, past 2^31, negative with the sign in front (`-0.2078753920`).
 */
export function formatEpoch(sec: number, nsec: number): string {
  let frac = nsec | 0; // ToInt32: the same wrap as wiretap's 32-bit arithmetic
  if (frac < 0) {
    frac = -frac;
    return `${sec >= 0 ? '-' : ''}${sec}.${pad9(frac)}`;
  }
  // Frames come many to a second: its text is made once.
  if (sec !== lastSec) {
    lastSec = sec;
    lastSecText = `${sec}.`;
  }
  return lastSecText + (frac >= 100000000 ? String(frac) : pad9(frac));
}

let lastSec = Number.NaN;
let lastSecText = '';

/**
 * A span of time kept as [seconds, nanoseconds] with the seconds floored (−0.000004 s is
 * [−1, 999996000], the form filters compare), as TShark prints a relative time: the sign, then
 * the absolute seconds and 9 digits (`-0.000004000`, `0.017582000`).
 */
export function formatSpan(sec: number, nsec: number): string {
  if (sec >= 0) return `${sec}.${pad9(nsec)}`;
  return nsec === 0 ? `-${-sec}.000000000` : `-${-sec - 1}.${pad9(1e9 - nsec)}`;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;
let zoneNames: Intl.DateTimeFormat | undefined;

/** The local time zone's short name at `date` (`UTC`, `EST`), as strftime's %Z gives it where the names agree. */
function zoneName(date: Date): string {
  zoneNames ??= new Intl.DateTimeFormat('en-US', { timeZoneName: 'short' });
  for (const part of zoneNames.formatToParts(date)) if (part.type === 'timeZoneName') return part.value;
  return '';
}

/**
 * An absolute time in the local time zone as TShark prints frame.time (ABSOLUTE_TIME_LOCAL):
 * `Dec  7, 2026 06:49:06.855364000 UTC` (the day padded to two places with a space).
 */
export function formatLocalTime(sec: number, nsec: number): string {
  const d = new Date(sec * 1000);
  if (Number.isNaN(d.getTime())) return formatEpoch(sec, nsec);
  const two = (n: number): string => (n < 10 ? `0${n}` : String(n));
  const day = d.getDate();
  // The fraction as a C int, as formatEpoch: an invalid one wraps and keeps its sign (`.-2078753920`).
  const frac = nsec | 0;
  const fraction = frac < 0 ? `-${pad9(-frac)}` : pad9(frac);
  return `${MONTHS[d.getMonth()]} ${day < 10 ? ` ${day}` : day}, ${d.getFullYear()} ${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}.${fraction} ${zoneName(d)}`;
}

/** Seconds since 1970 of the NTP epoch (1900-01-01 00:00 UTC): a zero NTP timestamp. */
export const NTP_EPOCH_SECONDS = -2208988800;

/**
 * A time in UTC as TShark shows an absolute time displayed in UTC (`Aug 23, 2017 13:21:56.928478999 UTC`);
 * `ntpNull`: the NTP epoch (a zero NTP timestamp) is `NULL`, as TShark shows NTP's timestamps.
 */
export function formatUtcTime(sec: number, nsec: number, ntpNull = false): string {
  if (ntpNull && sec === NTP_EPOCH_SECONDS && nsec === 0) return 'NULL';
  const d = new Date(sec * 1000);
  if (Number.isNaN(d.getTime())) return formatEpoch(sec, nsec);
  const two = (n: number): string => (n < 10 ? `0${n}` : String(n));
  const day = d.getUTCDate();
  return `${MONTHS[d.getUTCMonth()]} ${day < 10 ? ` ${day}` : day}, ${d.getUTCFullYear()} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}.${pad9(nsec)} UTC`;
}
