import { describe, expect, it } from 'vitest';
import { completeField } from '../../native-bridge/filter/index.js';
import { FILTER_HISTORY_KEY, FILTER_HISTORY_MAX, loadHistory, rememberFilter, withFilter } from '../../renderer/src/lib/filter-history.js';
import { replaceWord, wordAt } from '../../renderer/src/lib/filter-words.js';

class MapStore {
  readonly map = new Map<string, string>();
  getItem(k: string): string | null {
    return this.map.get(k) ?? null;
  }
  setItem(k: string, v: string): void {
    this.map.set(k, v);
  }
}

describe('filter history', () => {
  it('keeps the last filters, newest first, without repeats, bounded', () => {
    const s = new MapStore();
    rememberFilter(s, 'tcp');
    rememberFilter(s, 'udp');
    expect(rememberFilter(s, ' tcp ')).toEqual(['tcp', 'udp']);
    expect(rememberFilter(s, '')).toEqual(['tcp', 'udp']);
    let h: string[] = [];
    for (let i = 0; i < 30; i++) h = withFilter(h, `frame.number == ${i}`);
    expect(h).toHaveLength(FILTER_HISTORY_MAX);
    expect(h[0]).toBe('frame.number == 29');
  });

  it('reads anything unreadable as empty', () => {
    const s = new MapStore();
    s.setItem(FILTER_HISTORY_KEY, '{not json');
    expect(loadHistory(s)).toEqual([]);
    s.setItem(FILTER_HISTORY_KEY, JSON.stringify(['ip', 3, null, 'tcp']));
    expect(loadHistory(s)).toEqual(['ip', 'tcp']);
  });
});

describe('field-name completion', () => {
  it('offers the field names that start with the word under the caret', () => {
    const at = wordAt('ip.src == 1.2.3.4 && tcp.fl', 27);
    expect(at).toEqual({ start: 21, end: 27, word: 'tcp.fl' });
    const names = completeField(at!.word).map((c) => c.abbrev);
    expect(names).toContain('tcp.flags');
    expect(names).toContain('tcp.flags.syn');
    expect(names.every((n) => n.startsWith('tcp.fl'))).toBe(true);
    expect(replaceWord('ip.src == 1.2.3.4 && tcp.fl', at!, 'tcp.flags.syn')).toEqual({
      text: 'ip.src == 1.2.3.4 && tcp.flags.syn',
      caret: 34,
    });
  });

  it('offers nothing for numbers and addresses, and is bounded', () => {
    expect(wordAt('ip.src == 10.0.0.1', 18)).toBeUndefined();
    expect(completeField('t', 5)).toHaveLength(5);
    expect(completeField('')).toEqual([]);
    expect(completeField('TCP.FLAGS.S').map((c) => c.abbrev)).toEqual(['tcp.flags.str', 'tcp.flags.syn']);
  });
});
