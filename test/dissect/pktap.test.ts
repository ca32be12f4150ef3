import { describe, expect, it } from 'vitest';
import { type Decoded, decodeFile, has, range, value } from './link-helpers.js';
import { selectedFrames } from './selected.js';

describe('PKTAP', () => {
  const [tooShort, cut] = decodeFile('pktap-heap-overflow.pcap') as [Decoded, Decoded];

  it('hangs a header length under 108 on the top of the tree, as a text item with a malformed expert, and stops', () => {
    expect(value(tooShort.tree, 'pktap.hdrlen')).toBe(0);
    expect(range(tooShort.tree, 'pktap')).toEqual([0, 0]);
    const text = tooShort.tree.find(tooShort.tree.fields.find((f) => f.abbrev === 'text')!)[0]!;
    expect(tooShort.tree.parents[text]).toBe(0);
    expect(has(tooShort.tree, 'pktap.hdrlen_too_short')).toBe(true);
    expect(tooShort.pinfo.info).toBe('PKTAP, 0 byte header');
    // tshark -Y: text, _ws.malformed and pktap.hdrlen_too_short select frame 1; ppp none.
    expect(selectedFrames('pktap-heap-overflow.pcap', 'text && _ws.malformed')).toEqual([1]);
    expect(selectedFrames('pktap-heap-overflow.pcap', 'ppp')).toEqual([]);
  });

  it('reads a PPP link header behind the PKTAP one first: nothing left names neither column nor node', () => {
    expect(cut.pinfo.protocols.join(':')).toBe('user_dlt:pktap:pcap_pktdata:ppp');
    expect(cut.pinfo.protocol).toBe('PKTAP');
    expect(has(cut.tree, 'ppp')).toBe(false);
    expect(has(cut.tree, '_ws.short')).toBe(true);
  });
});
