import { setTimeout as sleep } from 'node:timers/promises';

/**
 * When each frame goes out: at its recorded offset from the first frame divided by `speed`,
 * at a fixed rate (`pps`), or at once (`max`). Waits sleep while the frame is more than 2 ms
 * away and spin the last stretch (timers are too coarse for sub-millisecond gaps).
 */
export class Pacer {
  readonly #speed: number;
  readonly #pps: number;
  #start = 0;
  #first = -1;
  #n = 0;

  /** `speed` 0 means max; `pps` > 0 overrides speed. */
  constructor(speed: number, pps: number) {
    this.#speed = speed;
    this.#pps = pps;
  }

  /** Starts a new pass over the file (a loop): the timing restarts from its first frame. */
  restart(): void {
    this.#first = -1;
    this.#n = 0;
  }

  get paced(): boolean {
    return this.#pps > 0 || this.#speed > 0;
  }

  /** Waits until the frame recorded at sec.nsec is due. */
  async wait(sec: number, nsec: number): Promise<void> {
    if (!this.paced) return;
    const now = performance.now();
    let due: number;
    if (this.#n++ === 0 || this.#first < 0) {
      this.#start = now;
      this.#first = sec * 1e3 + nsec / 1e6;
      return;
    }
    if (this.#pps > 0) due = this.#start + ((this.#n - 1) * 1000) / this.#pps;
    else due = this.#start + Math.max(0, sec * 1e3 + nsec / 1e6 - this.#first) / this.#speed;
    let left = due - now;
    if (left > 2) {
      await sleep(left - 1);
      left = due - performance.now();
    }
    while (left > 0) left = due - performance.now();
  }
}
