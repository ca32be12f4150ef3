import { BatchView, batchSeq } from '../batch/index.js';
import type { BufferPool } from '../pool/index.js';

/** One batch of a live capture: where its packets are, and whether its buffer is here. */
interface Entry {
  /** Run index of its first packet. */
  readonly first: number;
  readonly count: number;
  readonly seq: number;
  /** The batch buffer while it is kept here; undefined while away at the host, or once evicted. */
  buffer: ArrayBuffer | undefined;
  away: boolean;
}

/**
 * A live capture kept in memory: the batches themselves. A batch goes to the host (transferred)
 * and, when the host gives it back, stays here instead of going back to the pool, so the
 * capture's packets can be fetched again and saved without another copy. Kept batches count
 * against the memory budget together with those away; past it, the oldest kept ones are
 * evicted (their buffers go back to the pool, where the next batches find them: steady-state
 * capture still allocates nothing). Evicted packets are still in the spool file when there is
 * one; without a spool they are gone, and `evictedPackets` says how many.
 */
export class CaptureStore {
  readonly #pool: BufferPool;
  readonly #entries: Entry[] = [];
  readonly #away = new Map<number, Entry>();
  /** Kept entries, oldest first (from #head on). */
  #kept: Entry[] = [];
  #head = 0;
  /** Bytes of the kept buffers. */
  keptBytes = 0;
  keptPackets = 0;
  evictedPackets = 0;

  constructor(pool: BufferPool) {
    this.#pool = pool;
  }

  /** A batch just sent to the host. */
  sent(first: number, count: number, seq: number): void {
    const e: Entry = { first, count, seq, buffer: undefined, away: true };
    this.#entries.push(e);
    this.#away.set(seq, e);
  }

  /** Batches of this capture still at the host. */
  get awayCount(): number {
    return this.#away.size;
  }

  /**
   * A buffer the host gave back: kept if it is one of this capture's live batches (true), else
   * left to the caller (a refetch batch, or a batch of an earlier run).
   */
  takeBack(buffer: ArrayBuffer): boolean {
    const seq = batchSeq(buffer);
    const e = seq === undefined ? undefined : this.#away.get(seq);
    if (e === undefined) return false;
    this.#away.delete(e.seq);
    e.away = false;
    e.buffer = buffer;
    this.#kept.push(e);
    this.keptBytes += buffer.byteLength;
    this.keptPackets += e.count;
    return true;
  }

  /** Evicts the oldest kept batches until at most `limit` bytes are kept. */
  evictTo(limit: number): void {
    while (this.keptBytes > limit && this.#head < this.#kept.length) {
      const e = this.#kept[this.#head++]!;
      const buffer = e.buffer!;
      e.buffer = undefined;
      this.keptBytes -= buffer.byteLength;
      this.keptPackets -= e.count;
      this.evictedPackets += e.count;
      this.#pool.giveBack(buffer);
    }
    if (this.#head > 1024 && this.#head * 2 > this.#kept.length) {
      this.#kept = this.#kept.slice(this.#head);
      this.#head = 0;
    }
  }

  /** Whether every packet in first..first+count-1 is in a kept batch now. */
  holds(first: number, count: number): boolean {
    if (count <= 0) return true;
    let i = this.#find(first);
    if (i < 0) return false;
    const end = first + count;
    for (; i < this.#entries.length; i++) {
      const e = this.#entries[i]!;
      if (e.first >= end) return true;
      if (e.buffer === undefined) return false;
    }
    return this.#entries.length > 0 && this.#entries.at(-1)!.first + this.#entries.at(-1)!.count >= end;
  }

  /** Calls `each` for packets first..first+count-1 (all held: check holds() first) with the view of its batch and its index there. */
  read(first: number, count: number, each: (view: BatchView, i: number, runIndex: number) => void): void {
    const end = first + count;
    for (let i = this.#find(first); i >= 0 && i < this.#entries.length; i++) {
      const e = this.#entries[i]!;
      if (e.first >= end) break;
      const view = new BatchView(e.buffer!);
      for (let k = Math.max(0, first - e.first); k < e.count && e.first + k < end; k++) each(view, k, e.first + k);
    }
  }

  /** Resolves once no batch of this capture is away at the host (or after `timeoutMs`: false). */
  settled(timeoutMs: number): Promise<boolean> {
    const until = Date.now() + timeoutMs;
    return new Promise((resolve) => {
      const check = (): void => {
        if (this.#away.size === 0) resolve(true);
        else if (Date.now() >= until) resolve(false);
        else setTimeout(check, 2);
      };
      check();
    });
  }

  /** Gives every kept buffer back to the pool (the run is over and replaced). */
  release(): void {
    this.evictTo(0);
    this.evictedPackets = 0;
    this.#away.clear();
  }

  /** The entry holding run index `n` (binary search), or -1. */
  #find(n: number): number {
    let lo = 0;
    let hi = this.#entries.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const e = this.#entries[mid]!;
      if (n < e.first) hi = mid - 1;
      else if (n >= e.first + e.count) lo = mid + 1;
      else return mid;
    }
    return -1;
  }
}
