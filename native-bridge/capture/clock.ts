import { performance } from 'node:perf_hooks';

/**
 * Packet timestamps when the binding gives none (a stock `cap`, the tests' stand-ins; Wirepool's
 * cap passes the kernel's, which are used instead): each packet is stamped when its callback runs, from
 * the monotonic high-resolution clock (performance.now(), sub-microsecond steps) anchored once
 * to wall time (performance.timeOrigin). Stamps never go backwards when the wall clock is
 * stepped; they drift from it only as the monotonic clock does (NTP slews both alike).
 *
 * Accuracy: the stamp is the time the packet reached JavaScript, not the kernel's receive
 * time; the difference is the queueing delay in the kernel ring (microseconds when idle, up
 * to milliseconds under a flood, when many packets are drained in one go). The anchor is as
 * exact as the wall clock read at start (microseconds).
 */
export class CaptureClock {
  readonly #anchorSec: number;
  readonly #anchorNsec: number;
  readonly #anchorMs: number;
  sec = 0;
  nsec = 0;

  constructor() {
    this.#anchorMs = performance.now();
    const wallMs = performance.timeOrigin + this.#anchorMs;
    this.#anchorSec = Math.floor(wallMs / 1000);
    this.#anchorNsec = Math.round((wallMs - this.#anchorSec * 1000) * 1e6);
  }

  /** Sets `sec`/`nsec` to now (integers; nsec < 1e9). */
  stamp(): void {
    const ns = this.#anchorNsec + Math.round((performance.now() - this.#anchorMs) * 1e6);
    const carry = Math.floor(ns / 1e9);
    this.sec = this.#anchorSec + carry;
    this.nsec = ns - carry * 1e9;
  }
}
