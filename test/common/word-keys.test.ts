import { describe, expect, it } from 'vitest';
import { MAX_KEY_WORDS, WordKeys, grown } from '../../native-bridge/common/index.js';

/** A deterministic stream of 32-bit words (xorshift), so a failure can be replayed. */
function words(seed: number): () => number {
  let x = seed | 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return x | 0;
  };
}

function put(t: WordKeys, key: readonly number[], create: boolean): number {
  key.forEach((w, i) => {
    t.key[i] = w;
  });
  return t.find(key.length, create);
}

describe('WordKeys', () => {
  it('numbers keys in order of first appearance, as a Map of their text would, through many rehashes', () => {
    const t = new WordKeys();
    const reference = new Map<string, number>();
    const next = words(7);
    const keys: number[][] = [];
    for (let i = 0; i < 200_000; i++) {
      // Mostly new keys of 1 to MAX_KEY_WORDS words; every third one a key seen before.
      const key =
        i % 3 === 2 && keys.length > 0
          ? keys[(next() >>> 0) % keys.length]!
          : Array.from({ length: 1 + ((next() >>> 0) % MAX_KEY_WORDS) }, () => (i % 5 === 0 ? next() & 3 : next()));
      keys.push(key);
      const text = key.join(',');
      const expected = reference.get(text) ?? reference.size;
      reference.set(text, expected);
      expect(put(t, key, true)).toBe(expected);
    }
    expect(t.size).toBe(reference.size);
    // Everything is still found after the table grew, and nothing else is.
    for (const key of keys.slice(0, 5000)) expect(put(t, key, false)).toBe(reference.get(key.join(',')));
    expect(put(t, [123456789, 987654321, 5], false)).toBe(-1);
  });

  it('tells keys apart that differ only in length or in one word, and adds nothing when asked not to', () => {
    const t = new WordKeys();
    expect(put(t, [0], true)).toBe(0);
    expect(put(t, [0, 0], true)).toBe(1);
    expect(put(t, [0, 0, 0], false)).toBe(-1);
    expect(t.size).toBe(2);
    expect(put(t, [-1, 0x7fffffff], true)).toBe(2);
    expect(put(t, [-1, 0x7ffffffe], true)).toBe(3);
    expect(put(t, [0, 0], true)).toBe(1);
  });

  it('numbers strings for keys made of text, in order of first use', () => {
    const t = new WordKeys();
    expect([t.wordOf('00:11:22:33:44:55'), t.wordOf('aa:bb:cc:dd:ee:ff'), t.wordOf('00:11:22:33:44:55')]).toEqual([0, 1, 0]);
  });
});

describe('grown', () => {
  it('keeps the contents and the type, and returns the same array when it is long enough', () => {
    const a = new Float64Array([1.5, 2.5]);
    expect(grown(a, 2)).toBe(a);
    const b = grown(a, 40);
    expect(b).toBeInstanceOf(Float64Array);
    expect(b.length).toBeGreaterThanOrEqual(40);
    expect([b[0], b[1], b[2]]).toEqual([1.5, 2.5, 0]);
  });
});
