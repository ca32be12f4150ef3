/**
 * Numbers as the pool view shows them: always with a unit, never more digits than mean
 * something. One place, so the counters, the chart axes and the tooltips agree. A fixed
 * locale (en-US grouping) keeps screenshots and tests the same on every machine.
 */

const GROUPED = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

/** A count: an integer with thousands grouped (`12,345`). */
export const count = (n: number): string => GROUPED.format(Math.round(n));

/**
 * About three significant digits, trailing zeros dropped (`1.66`, `12.3`, `0.0042`); from
 * 1000 on an integer with grouping (`1,235`). Not-a-number shows as `–`.
 */
export function sig(n: number): string {
  if (!Number.isFinite(n)) return '–';
  const a = Math.abs(n);
  if (a >= 1000) return count(n);
  if (a === 0) return '0';
  const decimals = Math.min(6, Math.max(0, 2 - Math.floor(Math.log10(a))));
  return String(+n.toFixed(decimals));
}

/**
 * A ratio in [0, 1] as a percentage with one decimal. Only an exact 1 or 0 shows as `100 %` or
 * `0 %`: a hit rate of 99.97 % is `> 99.9 %`, not a perfect score.
 */
export function percent(r: number): string {
  if (!Number.isFinite(r)) return '–';
  if (r >= 1) return '100 %';
  if (r <= 0) return '0 %';
  if (r > 0.999) return '> 99.9 %';
  if (r < 0.001) return '< 0.1 %';
  return `${(r * 100).toFixed(1)} %`;
}

/** Elapsed seconds: `0.012 s`, `1.66 s`, `42.5 s`, `2 min 05 s`. */
export function seconds(t: number): string {
  if (!Number.isFinite(t)) return '–';
  if (t >= 60) {
    const whole = Math.round(t);
    return `${Math.floor(whole / 60)} min ${String(whole % 60).padStart(2, '0')} s`;
  }
  const decimals = t < 0.1 ? 3 : t < 10 ? 2 : 1;
  return `${t.toFixed(decimals)} s`;
}

/** An axis tick of elapsed time: `0`, `0.5s`, `12s`, `2:05`. */
export function secondsTick(t: number): string {
  if (t === 0) return '0';
  if (t >= 60) {
    const whole = Math.round(t);
    return `${Math.floor(whole / 60)}:${String(whole % 60).padStart(2, '0')}`;
  }
  return `${sig(t)}s`;
}

/** A size in bytes, binary units (memory): `512 B`, `4.0 KiB`, `1.5 MiB`, `2.00 GiB`. */
export function bytes(n: number): string {
  if (!Number.isFinite(n)) return '–';
  const a = Math.abs(n);
  if (a >= 2 ** 30) return `${(n / 2 ** 30).toFixed(2)} GiB`;
  if (a >= 2 ** 20) return `${(n / 2 ** 20).toFixed(1)} MiB`;
  if (a >= 2 ** 10) return `${(n / 2 ** 10).toFixed(1)} KiB`;
  return `${Math.round(n)} B`;
}

/** A compact axis tick of bytes: `512`, `4K`, `1.5M`, `2G`. */
export function bytesTick(v: number): string {
  const a = Math.abs(v);
  if (a >= 2 ** 30) return `${+(v / 2 ** 30).toFixed(1)}G`;
  if (a >= 2 ** 20) return `${+(v / 2 ** 20).toFixed(1)}M`;
  if (a >= 2 ** 10) return `${Math.round(v / 1024)}K`;
  return `${Math.round(v)}`;
}

/** A compact axis tick of a count or rate: `0.5`, `12`, `1.2k`, `3.4M`. */
export function countTick(v: number): string {
  const a = Math.abs(v);
  if (a >= 1e6) return `${+(v / 1e6).toFixed(1)}M`;
  if (a >= 1e3) return `${+(v / 1e3).toFixed(1)}k`;
  return sig(v);
}

/** Throughput in decimal megabytes per second, as network tools give it: `0.35 MB/s`. */
export const megabytesPerSecond = (bytesPerSecond: number): string => `${sig(bytesPerSecond / 1e6)} MB/s`;

/** A tier's buffer size: `4 KiB`, `256 KiB`, `1 MiB`, `100 B`. */
export const tierName = (size: number): string =>
  size >= 2 ** 20 && size % 2 ** 20 === 0
    ? `${size / 2 ** 20} MiB`
    : size >= 1024 && size % 1024 === 0
      ? `${size / 1024} KiB`
      : size >= 1024
        ? bytes(size)
        : `${size} B`;
