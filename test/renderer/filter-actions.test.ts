import { describe, expect, it } from 'vitest';
import { checkFilter } from '../../native-bridge/filter/index.js';
import { combineFilter, FILTER_HOWS, hexStream } from '../../renderer/src/lib/filter-actions.js';

describe('Apply/Prepare as Filter variants', () => {
  it("write Wireshark's texts, joined to the box's filter", () => {
    const f = 'ip.src == 10.0.0.1';
    const got = (cur: string) => Object.fromEntries(FILTER_HOWS.map(({ how }) => [how, combineFilter(cur, f, how)]));
    expect(got('tcp')).toEqual({
      selected: 'ip.src == 10.0.0.1',
      notSelected: '!(ip.src == 10.0.0.1)',
      and: '(tcp) && (ip.src == 10.0.0.1)',
      or: '(tcp) || (ip.src == 10.0.0.1)',
      andNot: '(tcp) && !(ip.src == 10.0.0.1)',
      orNot: '(tcp) || !(ip.src == 10.0.0.1)',
    });
    // An empty box: the field's filter (or its negation) alone.
    expect(got('  ')).toMatchObject({ and: f, or: f, andNot: `!(${f})`, orNot: `!(${f})` });
    // Whatever the box holds (an `or` that binds loosely), the result compiles and keeps its meaning.
    for (const { how } of FILTER_HOWS) expect(checkFilter(combineFilter('udp || arp', f, how))).toBeUndefined();
  });

  it('copy bytes as a hex stream', () => {
    expect(hexStream(Uint8Array.of(0x45, 0, 0, 0x3c, 0xff))).toBe('4500003cff');
  });
});
