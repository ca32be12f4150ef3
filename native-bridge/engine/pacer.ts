import { WirepoolError } from '../common/errors.js';

/**
 * Decides when a frame may go out. At speed N a frame recorded t seconds after the first one
 * is due t/N seconds after the replay started, minus time spent paused. Timestamps that go
 * backwards are due at once (captures merged from several sources do that).
 */
export class Pacer {
  readonly speed: number; // Infinity = as fast as possible
  #t0Sec = 0;
  #t0Nsec = 0;
  #startMs = 0;
  #started = false;

  constructor(speed: number | 'max') {
    if (speed !== 'max' && !(speed > 0 && Number.isFinite(speed))) {
      throw new WirepoolError('ENGINE_BAD_SPEED', `replay speed ${String(speed)} is invalid`, {
        hint: "use a number > 0 (a multiple of the recorded timing) or 'max'",
      });
    }
    this.speed = speed === 'max' ? Infinity : speed;
  }

  get paced(): boolean {
    return this.speed !== Infinity;
  }

  /** Milliseconds until the frame stamped (sec, nsec) is due; <= 0 means now. */
  delayMs(sec: number, nsec: number, nowMs: number): number {
    if (!this.paced) return 0;
    if (!this.#started) {
      this.#started = true;
      this.#t0Sec = sec;
      this.#t0Nsec = nsec;
      this.#startMs = nowMs;
      return 0;
    }
    const recordedMs = (sec - this.#t0Sec) * 1000 + (nsec - this.#t0Nsec) / 1e6;
    return this.#startMs + recordedMs / this.speed - nowMs;
  }

  /** Shifts the schedule by a pause. */
  paused(ms: number): void {
    this.#startMs += ms;
  }
}
