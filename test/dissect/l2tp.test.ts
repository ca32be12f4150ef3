import { describe, expect, it } from 'vitest';
import { type Decoded, decodeFile, has, range, value } from './link-helpers.js';
import { selectedFrames } from './selected.js';

describe('L2TP control AVPs', () => {
  it('walks AVPs to the message length, each header before its value: one cut by the capture ends the frame short', () => {
    const [first] = decodeFile('l2tp-avp-overflow.pcap') as [Decoded];
    expect(value(first.tree, 'l2tp.length')).toBe(514);
    expect(value(first.tree, 'l2tp.avp.length')).toBe(8);
    expect(value(first.tree, 'l2tp.avp.vendor_id')).toBe(0);
    expect(value(first.tree, 'l2tp.avp.type')).toBe(60963);
    expect(range(first.tree, 'l2tp')).toEqual([42, 16]);
    expect(has(first.tree, '_ws.short')).toBe(true);
    expect(first.pinfo.info).toBe('Control Message (tunnel id=560, session id=2056)[Packet size limited during capture]');
  });

  it('filters on AVP fields as tshark -Y does', () => {
    expect(selectedFrames('l2tp-avp-overflow.pcap', 'l2tp.avp.type == 48')).toEqual([2, 8, 14, 18]);
    expect(selectedFrames('l2tp-avp-overflow.pcap', '_ws.short && l2tp')).toEqual([
      1, 2, 3, 4, 5, 8, 9, 10, 11, 14, 15, 16, 17, 18, 19, 20,
    ]);
  });
});
