import { describe, expect, it } from 'vitest';
import { decode, decodeFile, hexBytes, range, value } from './link-helpers.js';

describe('radiotap and wlan_radio', () => {
  it('decodes the radiotap header, its flags (FCS at end) and the radio summary', () => {
    const d = decodeFile('ieee802.11_rx-stbc.pcap')[0]!;
    expect(d.pinfo.protocols.join(':')).toBe('radiotap:wlan_radio:wlan:data');
    expect(value(d.tree, 'radiotap.length')).toBe(37);
    expect(range(d.tree, 'radiotap')).toEqual([0, 37]);
    expect(value(d.tree, 'radiotap.flags.fcs')).toBe(true);
    expect(value(d.tree, 'wlan_radio.frequency')).toBe(2462);
    expect(value(d.tree, 'wlan_radio.channel')).toBe(11);
  });

  it('always hands on to wlan_radio and wlan, even when the header length is bogus', () => {
    const d = decode(127, hexBytes('0000 ff00 00000000 0800'));
    expect(d.pinfo.protocols.slice(0, 3).join(':')).toBe('radiotap:wlan_radio:wlan');
    expect(d.pinfo.malformed?.reason ?? '').not.toMatch(/internal/);
  });
});
