import type { FlagKind } from '../protocol/index.js';

/**
 * The flags the user sets on a run's frames, by store index: marks (Edit ▸ Mark Packet) and
 * time references (Edit ▸ Time Reference). They belong to frames, not rows, so they hold
 * whatever the view's filter and order. One byte a frame for marks (scanned in view order to
 * find the next one); references are few and kept sorted, for "the latest one before".
 */
export class FrameFlags {
  #marks = new Uint8Array(0);
  #markCount = 0;
  /** Store indexes of the time references, ascending. */
  #refs: number[] = [];

  get marks(): number {
    return this.#markCount;
  }

  get refs(): number {
    return this.#refs.length;
  }

  /** Turns flag `kind` of frame (store index) i on or off. */
  toggle(kind: FlagKind, i: number): void {
    if (kind === 'ref') {
      const at = this.#refAt(i);
      if (this.#refs[at] === i) this.#refs.splice(at, 1);
      else this.#refs.splice(at, 0, i);
      return;
    }
    if (i >= this.#marks.length) {
      const grown = new Uint8Array(Math.max(1024, (i + 1) * 2));
      grown.set(this.#marks);
      this.#marks = grown;
    }
    this.#marks[i] = this.#marks[i] === 1 ? 0 : 1;
    this.#markCount += this.#marks[i] === 1 ? 1 : -1;
  }

  /** Clears flag `kind` on every frame (Edit ▸ Unmark All Displayed … of the whole run). */
  clear(kind: FlagKind): void {
    if (kind === 'ref') this.#refs = [];
    else {
      this.#marks = new Uint8Array(0);
      this.#markCount = 0;
    }
  }

  marked(i: number): boolean {
    return this.#marks[i] === 1;
  }

  isRef(i: number): boolean {
    return this.#refs[this.#refAt(i)] === i;
  }

  /** The latest time reference at or before frame i, or -1. */
  refAtOrBefore(i: number): number {
    const at = this.#refAt(i + 1);
    return at === 0 ? -1 : this.#refs[at - 1]!;
  }

  /** Where i is, or goes, in the sorted references. */
  #refAt(i: number): number {
    let lo = 0;
    let hi = this.#refs.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.#refs[mid]! < i) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
