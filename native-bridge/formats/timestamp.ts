/**
 * Timestamp arithmetic. Seconds never pass through a float of seconds: every conversion is
 * integer-exact. The common resolutions (micro- and nanoseconds) use plain Number arithmetic
 * on 16-bit digits; BigInt is only for odd resolutions and out-of-range values.
 */

export interface TimeOut {
  sec: number;
  nsec: number;
}

const TWO_32 = 4294967296;
/** A quotient high word below this keeps q * 2^32 + rest under 2^53. */
const SAFE_Q_HIGH = 2097152;
const NS = 1_000_000_000n;

/** How the remainder becomes nanoseconds. */
type FracMode = 0 | 1 | 2 | 3;
/** nsec = rem * mul (10^-k with k <= 9). */
const MULTIPLY = 0;
/** nsec = floor(rem / div) (10^-10, 10^-11). */
const DIVIDE = 1;
/** nsec = floor(rem * 1e9 / units) (2^-k with k <= 23: the product stays below 2^53). */
const BINARY = 2;
/** Units too large for Number digits: BigInt always. */
const SLOW = 3;

/**
 * How one pcapng interface turns its 64-bit tick count into seconds and nanoseconds:
 * sec = ticks / units + tsoffset, nsec = floor((ticks % units) * 1e9 / units).
 *
 * That is the exact value, as current wiretap computes it. TShark 4.0 computes
 * (ticks % units) * 1e9 in 64 bits, which wraps for resolutions finer than 10^-10 or 2^-32;
 * the test fixtures show both. Seconds wrap to int64 like wiretap's time_t.
 */
export class TimeScale {
  readonly tsresol: number;
  readonly tsoffset: number;
  readonly units: bigint;
  private readonly unitsNum: number;
  private readonly mode: FracMode;
  private readonly fracArg: number;
  private readonly offsetBig: bigint;
  private readonly offsetSafe: boolean;

  private constructor(tsresol: number, units: bigint, mode: FracMode, fracArg: number, tsoffset: bigint) {
    this.tsresol = tsresol;
    this.units = units;
    this.unitsNum = mode === SLOW ? 0 : Number(units);
    this.mode = mode;
    this.fracArg = fracArg;
    this.offsetBig = tsoffset;
    this.tsoffset = Number(tsoffset);
    this.offsetSafe = Number.isSafeInteger(this.tsoffset);
  }

  /**
   * From an if_tsresol byte (bit 7 set: 2^-n, else 10^-n, n up to 127) and if_tsoffset. Every
   * resolution is read, as TShark reads them: past 64-bit units per second (2^-64, 10^-20 and
   * finer) a 64-bit tick count spans less than a second and is computed exactly in BigInt
   * (TShark 4.0 shows 1.000000000 for an all-ones count there, its units saturating at 2^64-1).
   */
  static from(tsresol: number, tsoffset: bigint = 0n): TimeScale {
    const exp = tsresol & 0x7f;
    if (tsresol & 0x80) {
      const units = 1n << BigInt(exp);
      return new TimeScale(tsresol, units, exp <= 23 ? BINARY : SLOW, 0, tsoffset);
    }
    const units = 10n ** BigInt(exp);
    if (exp <= 9) return new TimeScale(tsresol, units, MULTIPLY, 10 ** (9 - exp), tsoffset);
    if (exp <= 11) return new TimeScale(tsresol, units, DIVIDE, 10 ** (exp - 9), tsoffset);
    return new TimeScale(tsresol, units, SLOW, 0, tsoffset);
  }

  /** Splits ticks = high * 2^32 + low into out.sec / out.nsec. */
  split(high: number, low: number, out: TimeOut): void {
    const d = this.unitsNum;
    if (d !== 0 && this.offsetSafe) {
      let sec: number;
      let rem: number;
      if (high < SAFE_Q_HIGH) {
        // Ticks below 2^53 (microseconds until the year 2255) are exact doubles: one division.
        const t = high * TWO_32 + low;
        sec = divFloor(t, d);
        rem = t - sec * d;
      } else {
        // Long division by 16-bit digits: every intermediate stays below d * 2^16 < 2^53.
        const q0 = divFloor(high, d);
        if (q0 >= SAFE_Q_HIGH) {
          this.slow(high, low, out);
          return;
        }
        const x1 = (high - q0 * d) * 65536 + (low >>> 16);
        const q1 = divFloor(x1, d);
        const x2 = (x1 - q1 * d) * 65536 + (low & 0xffff);
        const q2 = divFloor(x2, d);
        rem = x2 - q2 * d;
        sec = q0 * TWO_32 + q1 * 65536 + q2;
      }
      sec += this.tsoffset;
      if (sec > Number.MAX_SAFE_INTEGER || sec < Number.MIN_SAFE_INTEGER) {
        this.slow(high, low, out);
        return;
      }
      out.sec = sec;
      const mode = this.mode;
      out.nsec = mode === MULTIPLY ? rem * this.fracArg : mode === DIVIDE ? Math.floor(rem / this.fracArg) : Math.floor((rem * 1e9) / d);
      return;
    }
    this.slow(high, low, out);
  }

  private slow(high: number, low: number, out: TimeOut): void {
    const ticks = (BigInt(high) << 32n) | BigInt(low);
    const units = this.units;
    const q = BigInt.asIntN(64, ticks / units);
    // Beyond 2^53 seconds (only with absurd resolutions or offsets) Number(sec) rounds.
    out.sec = Number(BigInt.asIntN(64, q + this.offsetBig));
    out.nsec = Number(((ticks % units) * NS) / units);
  }
}

/**
 * floor(x / d) for integers 0 <= x < 2^53, 0 < d < 2^37. The rounded quotient can land one
 * above the true floor when x / d is just below an integer; one correction fixes that
 * (q * d is exact because it is at most x + d < 2^53). Cheaper than the fmod behind `%`.
 */
function divFloor(x: number, d: number): number {
  const q = Math.floor(x / d);
  return q * d > x ? q - 1 : q;
}
