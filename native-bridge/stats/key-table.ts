/**
 * Interns fixed-width keys of unsigned 32-bit words as dense ids 0, 1, 2, ... in first-seen
 * order. The statistics key everything this way (an IPv6 address is 5 words, an endpoint is
 * [address id, port], a conversation [endpoint A, endpoint B, stream]), so a packet costs a
 * few integer hashes and no strings or objects, and memory grows only with the number of
 * distinct keys. Open addressing with linear probing over typed arrays.
 */
export class KeyTable {
  readonly width: number;
  #keys: Uint32Array;
  /** Hash slots holding id + 1 (0 = empty). */
  #slots: Int32Array;
  #mask: number;
  #size = 0;

  constructor(width: number, capacity = 64) {
    this.width = width;
    const slots = 1 << Math.max(4, Math.ceil(Math.log2(capacity * 2)));
    this.#slots = new Int32Array(slots);
    this.#mask = slots - 1;
    this.#keys = new Uint32Array((slots >>> 1) * width);
  }

  /** Number of distinct keys. */
  get size(): number {
    return this.#size;
  }

  /** The id of `key` (its first `width` words), or -1. */
  find(key: ArrayLike<number>): number {
    const w = this.width;
    const keys = this.#keys;
    for (let s = this.#hash(key) & this.#mask; ; s = (s + 1) & this.#mask) {
      const id = this.#slots[s]! - 1;
      if (id < 0) return -1;
      let j = 0;
      const at = id * w;
      while (j < w && keys[at + j] === key[j]! >>> 0) j++;
      if (j === w) return id;
    }
  }

  /** The id of `key`, adding it (with the next id) when new. */
  intern(key: ArrayLike<number>): number {
    const found = this.find(key);
    return found >= 0 ? found : this.add(key);
  }

  /** Adds a key known to be absent (after `find` returned -1) and returns its new id. */
  add(key: ArrayLike<number>): number {
    if ((this.#size + 1) * 2 > this.#slots.length) this.#grow();
    const id = this.#size++;
    const w = this.width;
    for (let j = 0; j < w; j++) this.#keys[id * w + j] = key[j]! >>> 0;
    this.#place(id);
    return id;
  }

  /** Word `j` of the key with id `id`. */
  word(id: number, j: number): number {
    return this.#keys[id * this.width + j]!;
  }

  #hash(key: ArrayLike<number>): number {
    let h = 0x9747b28c;
    for (let j = 0; j < this.width; j++) {
      let k = Math.imul(key[j]! >>> 0, 0xcc9e2d51);
      k = Math.imul((k << 15) | (k >>> 17), 0x1b873593);
      h ^= k;
      h = Math.imul((h << 13) | (h >>> 19), 5) + 0xe6546b64;
    }
    h ^= h >>> 16;
    h = Math.imul(h, 0x85ebca6b);
    h ^= h >>> 13;
    return h >>> 0;
  }

  #place(id: number): void {
    const key = this.#keys.subarray(id * this.width, (id + 1) * this.width);
    let s = this.#hash(key) & this.#mask;
    while (this.#slots[s] !== 0) s = (s + 1) & this.#mask;
    this.#slots[s] = id + 1;
  }

  #grow(): void {
    const slots = this.#slots.length * 2;
    this.#slots = new Int32Array(slots);
    this.#mask = slots - 1;
    const keys = new Uint32Array((slots >>> 1) * this.width);
    keys.set(this.#keys.subarray(0, this.#size * this.width));
    this.#keys = keys;
    for (let id = 0; id < this.#size; id++) this.#place(id);
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
    let n = this.#a.length * 2;
    while (n <= i) n *= 2;
    const a = new Float64Array(n);
    a.set(this.#a);
    this.#a = a;
  }
}
