import { WordKeys, grown } from '../common/index.js';

/**
 * Interns fixed-width keys of unsigned 32-bit words as dense ids 0, 1, 2, ... in first-seen
 * order. The statistics key everything this way (an IPv6 address is 5 words, an endpoint is
 * [address id, port], a conversation [endpoint A, endpoint B, stream]), so a packet costs a
 * few integer hashes and no strings or objects, and memory grows only with the number of
 * distinct keys. The table is common/word-keys.ts's, the decoders' conversation tables'.
 */
export class KeyTable {
  readonly width: number;
  /** The table itself (shared with the decoders' conversation tables); this fixes the width. */
  readonly #keys = new WordKeys();

  constructor(width: number) {
    this.width = width;
  }

  /** Number of distinct keys. */
  get size(): number {
    return this.#keys.size;
  }

  /** The id of `key` (its first `width` words), or -1. */
  find(key: ArrayLike<number>): number {
    return this.#keys.find(this.#load(key), false);
  }

  /** The id of `key`, adding it (with the next id) when new. */
  intern(key: ArrayLike<number>): number {
    return this.#keys.find(this.#load(key), true);
  }

  /** Adds a key known to be absent (after `find` returned -1) and returns its new id. */
  add(key: ArrayLike<number>): number {
    return this.intern(key);
  }

  /** Word `j` of the key with id `id`. */
  word(id: number, j: number): number {
    return this.#keys.word(id, j);
  }

  #load(key: ArrayLike<number>): number {
    const k = this.#keys.key;
    for (let j = 0; j < this.width; j++) k[j] = key[j]!;
    return this.width;
  }
}

/** A Float64Array that grows by doubling: per-key counters indexed by KeyTable id. */
export class Column {
  #a: Float64Array;

  constructor(capacity = 64) {
    this.#a = new Float64Array(capacity);
  }

  get(i: number): number {
    return this.#a[i] ?? 0;
  }

  set(i: number, v: number): void {
    if (i >= this.#a.length) this.#grow(i);
    this.#a[i] = v;
  }

  add(i: number, v: number): void {
    if (i >= this.#a.length) this.#grow(i);
    this.#a[i]! += v;
  }

  #grow(i: number): void {
    this.#a = grown(this.#a, i + 1);
  }
}
