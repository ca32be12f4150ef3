import type { PacketMeta } from '../common/index.js';
import type { Dissection } from '../dissect/index.js';
import type { PacketFacts } from './facts.js';
import { floorDiv, spanBetween, type Span } from './time.js';

export interface IoBucket {
  /** Interval number: it covers [index × interval, (index + 1) × interval) from the first frame. */
  index: number;
  frames: number;
  bytes: number;
}

export interface IoSnapshot {
  /** Interval length in nanoseconds; 0 = one interval for the whole capture. */
  intervalNs: number;
  /** Time of the latest frame relative to the first (TShark's "Duration"). */
  duration: Span;
  /** Number of intervals from the first frame to the latest (rows of the dense table). */
  count: number;
  /** The intervals that have frames, in order (the others are all zero). */
  buckets: IoBucket[];
  frames: number;
  bytes: number;
}

/** Buckets per storage chunk: a long capture with a fine interval allocates only where frames are. */
const CHUNK = 1024;
const NS = 1_000_000_000;

/**
 * Packets and bytes per interval (`tshark -z io,stat,INTERVAL`), from the first frame's time.
 * A frame's interval is computed from the exact integer nanoseconds since the first frame
 * (no float of seconds, so no drift at bucket edges however long the capture). Frames that
 * go back before the first frame count in the first interval, as TShark counts them.
 */
export class IoSeries {
  readonly intervalNs: number;
  readonly #chunks = new Map<number, Float64Array>();
  #chunkIndex = -1;
  #chunk: Float64Array | undefined;
  #first: { sec: number; nsec: number } | undefined;
  #lastSec = 0;
  #lastNsec = 0;
  #maxBucket = 0;
  #frames = 0;
  #bytes = 0;

  /** `intervalNs` > 0, or 0 for a single interval spanning the capture. */
  constructor(intervalNs: number) {
    if (!(Number.isSafeInteger(intervalNs) && intervalNs >= 0))
      throw new RangeError(`interval must be a whole number of nanoseconds >= 0, got ${intervalNs}`);
    this.intervalNs = intervalNs;
  }

  add(d: Dissection, frame: PacketMeta = d.pinfo.frame): void {
    this.addFrame(frame.sec, frame.nsec, frame.wireLen);
  }

  addFacts(f: PacketFacts): void {
    this.addFrame(f.sec, f.nsec, f.wireLen);
  }

  /**
   * Sets the time origin, once: the capture's first frame, when the series counts only some
   * frames (an I/O graph line with a display filter). Later calls change nothing.
   */
  origin(sec: number, nsec: number): void {
    if (this.#first !== undefined) return;
    this.#first = { sec, nsec };
    this.#lastSec = sec;
    this.#lastNsec = nsec;
  }

  addFrame(sec: number, nsec: number, wireLen: number): void {
    if (this.#first === undefined) {
      this.#first = { sec, nsec };
      this.#lastSec = sec;
      this.#lastNsec = nsec;
    } else if (sec > this.#lastSec || (sec === this.#lastSec && nsec > this.#lastNsec)) {
      this.#lastSec = sec;
      this.#lastNsec = nsec;
    }
    const bucket = this.#bucketOf(sec, nsec);
    if (bucket > this.#maxBucket) this.#maxBucket = bucket;
    const c = Math.floor(bucket / CHUNK);
    if (c !== this.#chunkIndex) {
      this.#chunkIndex = c;
      this.#chunk = this.#chunks.get(c);
      if (this.#chunk === undefined) {
        this.#chunk = new Float64Array(CHUNK * 2);
        this.#chunks.set(c, this.#chunk);
      }
    }
    const at = (bucket - c * CHUNK) * 2;
    this.#chunk![at]! += 1;
    this.#chunk![at + 1]! += wireLen;
    this.#frames++;
    this.#bytes += wireLen;
  }

  #bucketOf(sec: number, nsec: number): number {
    if (this.intervalNs === 0) return 0;
    const first = this.#first!;
    const rel = (sec - first.sec) * NS + (nsec - first.nsec);
    if (rel <= 0) return 0;
    if (Number.isSafeInteger(rel)) return floorDiv(rel, this.intervalNs);
    return floorDiv(BigInt(sec - first.sec) * BigInt(NS) + BigInt(nsec - first.nsec), this.intervalNs);
  }

  snapshot(): IoSnapshot {
    const first = this.#first ?? { sec: 0, nsec: 0 };
    const buckets: IoBucket[] = [];
    for (const c of [...this.#chunks.keys()].sort((a, b) => a - b)) {
      const chunk = this.#chunks.get(c)!;
      for (let i = 0; i < CHUNK; i++) {
        const frames = chunk[i * 2]!;
        if (frames > 0) buckets.push({ index: c * CHUNK + i, frames, bytes: chunk[i * 2 + 1]! });
      }
    }
    return {
      intervalNs: this.intervalNs,
      duration: spanBetween(this.#lastSec, this.#lastNsec, first.sec, first.nsec),
      count: this.#first === undefined ? 0 : this.#maxBucket + 1,
      buckets,
      frames: this.#frames,
      bytes: this.#bytes,
    };
  }
}
