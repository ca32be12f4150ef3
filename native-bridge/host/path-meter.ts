/**
 * Measures the batch path through the host: bytes and batches per second from the first
 * batch to the last, and the main thread's time per batch (relay = copy/encode + send +
 * giveBack), mean, max and 99th percentile over the last 4096 batches.
 */
const WINDOW = 4096;

export interface PathStats {
  batches: number;
  packets: number;
  /** Used bytes of the batches relayed (what crossed to the UI). */
  bytes: number;
  /** From the first batch's arrival to the last one's relay. */
  seconds: number;
  bytesPerSecond: number;
  batchesPerSecond: number;
  packetsPerSecond: number;
  relayMsMean: number;
  /** The median: robust to the thread being preempted mid-relay on a busy machine. */
  relayMsP50: number;
  relayMsP99: number;
  relayMsMax: number;
  /** Fraction of the wall time the main thread spent relaying batches. */
  mainThreadShare: number;
}

export class PathMeter {
  #batches = 0;
  #packets = 0;
  #bytes = 0;
  #firstAt = -1;
  #lastAt = -1;
  #relayTotal = 0;
  #relayMax = 0;
  readonly #recent = new Float64Array(WINDOW);

  record(startMs: number, endMs: number, usedBytes: number, packets: number): void {
    if (this.#firstAt < 0) this.#firstAt = startMs;
    this.#lastAt = endMs;
    const ms = endMs - startMs;
    this.#recent[this.#batches % WINDOW] = ms;
    this.#batches++;
    this.#packets += packets;
    this.#bytes += usedBytes;
    this.#relayTotal += ms;
    if (ms > this.#relayMax) this.#relayMax = ms;
  }

  reset(): void {
    this.#batches = this.#packets = this.#bytes = this.#relayTotal = this.#relayMax = 0;
    this.#firstAt = this.#lastAt = -1;
  }

  stats(): PathStats {
    const seconds = this.#firstAt < 0 ? 0 : (this.#lastAt - this.#firstAt) / 1000;
    const per = (n: number): number => (seconds > 0 ? n / seconds : 0);
    const n = Math.min(this.#batches, WINDOW);
    const sorted = Array.from(this.#recent.subarray(0, n)).sort((a, b) => a - b);
    return {
      batches: this.#batches,
      packets: this.#packets,
      bytes: this.#bytes,
      seconds,
      bytesPerSecond: per(this.#bytes),
      batchesPerSecond: per(this.#batches),
      packetsPerSecond: per(this.#packets),
      relayMsMean: this.#batches > 0 ? this.#relayTotal / this.#batches : 0,
      relayMsP50: n > 0 ? sorted[Math.floor((n - 1) / 2)]! : 0,
      relayMsP99: n > 0 ? sorted[Math.min(n - 1, Math.floor(n * 0.99))]! : 0,
      relayMsMax: this.#relayMax,
      mainThreadShare: seconds > 0 ? this.#relayTotal / 1000 / seconds : 0,
    };
  }
}
