/**
 * Time spans in exact integers. Capture timestamps are (sec, nsec) integer pairs; a span
 * between two of them is kept as (sec, nsec) with 0 <= nsec < 1e9 (sec may be negative), and
 * printed from the integers, so a relative start or an interval boundary never drifts the
 * way a float of seconds would over a long capture.
 */
export interface Span {
  sec: number;
  nsec: number;
}

const NS = 1_000_000_000;

/** (sec, nsec) - (sec0, nsec0), normalised. `nsec` may be >= 1e9 (an invalid pcap fraction). */
export function spanBetween(sec: number, nsec: number, sec0: number, nsec0: number): Span {
  let s = sec - sec0;
  let ns = nsec - nsec0;
  const carry = Math.floor(ns / NS);
  s += carry;
  ns -= carry * NS;
  return { sec: s, nsec: ns };
}

export function compareTime(sec: number, nsec: number, sec2: number, nsec2: number): number {
  return sec !== sec2 ? sec - sec2 : nsec - nsec2;
}

/** The span of `count` × `ns` nanoseconds (an interval's start), exact for any size. */
export function spanOfProduct(count: number, ns: number): Span {
  const whole = Math.floor(ns / NS);
  const part = ns - whole * NS;
  const low = count * part;
  if (Number.isSafeInteger(low) && Number.isSafeInteger(count * whole)) {
    const carry = Math.floor(low / NS);
    return { sec: count * whole + carry, nsec: low - carry * NS };
  }
  const total = BigInt(count) * BigInt(ns);
  return { sec: Number(total / 1_000_000_000n), nsec: Number(total % 1_000_000_000n) };
}

/**
 * A span as decimal seconds with `digits` decimals (0 to 9), rounded half up from the exact
 * integers: `%.Nf` without the float.
 */
export function spanText(s: Span, digits = 9): string {
  let sec = s.sec;
  let nsec = s.nsec;
  let sign = '';
  if (sec < 0) {
    sign = '-';
    // -(sec + nsec/1e9) = (-sec - 1) + (1e9 - nsec)/1e9
    if (nsec === 0) sec = -sec;
    else {
      sec = -sec - 1;
      nsec = NS - nsec;
    }
  }
  const unit = 10 ** (9 - digits);
  let frac = Math.floor((nsec + unit / 2) / unit);
  if (frac >= 10 ** digits) {
    sec += 1;
    frac -= 10 ** digits;
  }
  const text = digits === 0 ? String(sec) : `${sec}.${String(frac).padStart(digits, '0')}`;
  return sign !== '' && /[1-9]/.test(text) ? sign + text : text;
}

/**
 * Parses an interval in decimal seconds (`1`, `0.5`, `0.000001`, up to nanoseconds) to exact
 * nanoseconds. Returns undefined for anything else.
 */
export function parseSeconds(text: string): number | undefined {
  const m = /^(\d+)(?:\.(\d{0,9}))?$/.exec(text.trim());
  if (m === null) return undefined;
  const ns = Number(m[1]) * NS + Number((m[2] ?? '').padEnd(9, '0'));
  return Number.isSafeInteger(ns) ? ns : undefined;
}

/** Decimal places needed to print an interval of `ns` nanoseconds exactly (0 to 9). */
export function decimalsOf(ns: number): number {
  let d = 0;
  for (let frac = ns % NS; frac !== 0 && d < 9; d++) frac = (frac * 10) % NS;
  return d;
}

/** floor(a / b) for integers a, b > 0 held exactly in numbers (or a as BigInt). */
export function floorDiv(a: number | bigint, b: number): number {
  if (typeof a === 'bigint') {
    const B = BigInt(b);
    let q = a / B;
    if (a % B !== 0n && a < 0n) q -= 1n;
    return Number(q);
  }
  let q = Math.floor(a / b);
  // The float quotient can round up across an integer near 2^53; step back exactly.
  if (q * b > a) q -= 1;
  else if ((q + 1) * b <= a) q += 1;
  return q;
}
