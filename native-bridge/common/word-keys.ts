import { grown } from './grown.js';

/**
 * Numbers for short keys of 32-bit words (an address pair and its ports, a transaction ID added):
 * 0, 1, … in order of first appearance, in an open-addressing hash table over typed arrays.
 *
 * Conversation and transaction tables meet a key per packet and may hold a million of them (a
 * resolver's link opens a conversation per query). Keyed by strings, a Map spent a fifth of a
 * summary read hashing freshly built strings and chasing its entries; here a key is written
 * into `key` in place, hashed from its words, and stored in one arena: nothing is allocated per
 * lookup and little per entry.
 */

/** The longest key: two IPv6 addresses (8 words), a family word, ports, one word for the user. */
export const MAX_KEY_WORDS = 12;

const FIRST_SLOTS = 1 << 10;

/** Murmur3's 32-bit finaliser over a word-by-word mix: keys differing in any word spread over the table. */
function hashOf(k: Int32Array, length: number, seed: number): number {
  let h = seed ^ length;
  for (let i = 0; i < length; i++) {
    let w = Math.imul(k[i]!, 0xcc9e2d51);
    w = (w << 15) | (w >>> 17);
    h ^= Math.imul(w, 0x1b873593);
    h = (h << 13) | (h >>> 19);
    h = (Math.imul(h, 5) + 0xe6546b64) | 0;
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}

/** Words per slot: the key's hash, its entry + 1 (0: empty), where its words start in the arena. */
const SLOT = 3;

export class WordKeys {
  /** The key to find: the caller writes its words here, then calls `find(length, …)`. */
  readonly key = new Int32Array(MAX_KEY_WORDS);
  /** A random seed per table: keys a capture's author chose cannot be made to collide. */
  readonly #seed = (Math.random() * 0x100000000) | 0;
  /**
   * The slots, `SLOT` words each, a power of two of them, at most half full. A probe reads
   * one slot, and a key's words only when the hash matches: a lookup in a table of a million
   * keys costs two cache misses, not one per array.
   */
  #slots = new Int32Array(FIRST_SLOTS * SLOT);
  #mask = FIRST_SLOTS - 1;
  /** The keys, each its length and then its words. */
  #words = new Int32Array(FIRST_SLOTS * 2);
  #used = 0;
  /** Per key number, where its words start (read back by `word`; lookups never touch it). */
  #starts = new Int32Array(FIRST_SLOTS / 2);
  #count = 0;
  /** Strings numbered for keys that are not words (a non-IP network's printed addresses). */
  #strings: Map<string, number> | undefined;

  get size(): number {
    return this.#count;
  }

  /**
   * The number of the key in `key[0..length)`: a new one if it was not seen and `create` is
   * true, else -1 when not seen.
   */
  find(length: number, create: boolean): number {
    const h = hashOf(this.key, length, this.#seed);
    const slots = this.#slots;
    const mask = this.#mask;
    for (let i = h & mask; ; i = (i + 1) & mask) {
      const at = i * SLOT;
      const e = slots[at + 1]! - 1;
      if (e < 0) return create ? this.#insert(at, h, length) : -1;
      if (slots[at] === h && this.#equal(slots[at + 2]!, length)) return e;
    }
  }

  /** Word `j` of key number `e`, unsigned (as a key's words are often addresses and ports). */
  word(e: number, j: number): number {
    return this.#words[this.#starts[e]! + 1 + j]! >>> 0;
  }

  /** A word standing for a string (numbered in order of first use), for keys made of text. */
  wordOf(s: string): number {
    this.#strings ??= new Map();
    let n = this.#strings.get(s);
    if (n === undefined) {
      n = this.#strings.size;
      this.#strings.set(s, n);
    }
    return n;
  }

  #equal(start: number, length: number): boolean {
    const w = this.#words;
    if (w[start] !== length) return false;
    const k = this.key;
    for (let i = 0; i < length; i++) if (w[start + 1 + i] !== k[i]) return false;
    return true;
  }

  #insert(at: number, h: number, length: number): number {
    const e = this.#count++;
    // (Checked here: the call is rare, this runs for every new key.)
    if (this.#used + length + 1 > this.#words.length) this.#words = grown(this.#words, this.#used + length + 1);
    const w = this.#words;
    const start = this.#used;
    const k = this.key;
    w[start] = length;
    for (let i = 0; i < length; i++) w[start + 1 + i] = k[i]!;
    this.#used = start + length + 1;
    if (e >= this.#starts.length) this.#starts = grown(this.#starts, e + 1);
    this.#starts[e] = start;
    this.#slots[at] = h;
    this.#slots[at + 1] = e + 1;
    this.#slots[at + 2] = start;
    if (this.#count * 2 > this.#mask + 1) this.#rehash();
    return e;
  }

  /** Doubles the slots and places every key again by its stored hash. */
  #rehash(): void {
    const old = this.#slots;
    const mask = this.#mask * 2 + 1;
    const slots = new Int32Array((mask + 1) * SLOT);
    for (let from = 0; from < old.length; from += SLOT) {
      if (old[from + 1] === 0) continue;
      let i = old[from]! & mask;
      while (slots[i * SLOT + 1] !== 0) i = (i + 1) & mask;
      for (let j = 0; j < SLOT; j++) slots[i * SLOT + j] = old[from + j]!;
    }
    this.#slots = slots;
    this.#mask = mask;
  }
}
