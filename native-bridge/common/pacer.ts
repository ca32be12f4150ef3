import type { Speed } from './speed.js';

/**
 * Decides when each frame is due; the caller waits (the engine between slices, inject by
 * sleeping and spinning). At speed N a frame recorded t seconds after the first one is due t/N
 * seconds after that first one went out; at a fixed rate (`pps` > 0, which overrides the speed)
 * frame k of a pass is due k/pps seconds after the first; at 'max' every frame is due at once.
 * Timestamps that go backwards are due at once (captures merged from several sources do that).
 * Pauses shift the schedule. No I/O and no clock of its own: the caller passes `nowMs`.
 */
export class Pacer {
  readonly speed: Speed;
  /** Packets per second; 0: timed by the recording (or not at all, at 'max'). */
  readonly pps: number;
  #t0Sec = 0;
  #t0Nsec = 0;
  #startMs = 0;
  /** Frames taken since the schedule started; 0: the next one starts it. */
  #n = 0;

  /** `speed` must be valid (`checkSpeed` it first); `pps` > 0 overrides it. */
  constructor(speed: Speed, pps = 0) {
    this.speed = speed;
    this.pps = pps;
  }

  get paced(): boolean {
    return this.pps > 0 || this.speed !== 'max';
  }

  /**
   * Takes the next frame, stamped (sec, nsec), and returns when it is due (ms, on the caller's
   * clock); due <= nowMs means now. The first frame after construction or `restart()` is due at
   * once and anchors the schedule. Call it once per frame.
   */
  next(sec: number, nsec: number, nowMs: number): number {
    if (!this.paced) return nowMs;
    if (this.#n++ === 0) {
      this.#t0Sec = sec;
      this.#t0Nsec = nsec;
      this.#startMs = nowMs;
      return nowMs;
    }
    if (this.pps > 0) return this.#startMs + ((this.#n - 1) * 1000) / this.pps;
    const recordedMs = (sec - this.#t0Sec) * 1000 + (nsec - this.#t0Nsec) / 1e6;
    return this.#startMs + recordedMs / (this.speed as number);
  }

  /** Shifts the schedule by a pause of `ms`. */
  paused(ms: number): void {
    this.#startMs += ms;
  }

  /** Starts the schedule again from the next frame (a new pass over the file). */
  restart(): void {
    this.#n = 0;
  }
}
