import { describe, expect, it } from 'vitest';
import { frameDecoder, tsharkText } from './app-layer.js';

/** NTP's header against what TShark 4.0.17 prints for the corpus's ntp.pcap and ntp-mode7.pcap (written here). */
describe('NTP as TShark 4.0 reads it', () => {
  it('shows timestamps in UTC, a zero one as NULL, and seconds with the top bit clear in the era from 2036', () => {
    const { tree } = frameDecoder('ntp.pcap').get(3)!;
    expect(tsharkText(tree, 'ntp.reftime')).toBe('NULL');
    expect(tsharkText(tree, 'ntp.org')).toBe('Jun 19, 2017 14:19:17.473833108 UTC');
    expect(tsharkText(tree, 'ntp.rec')).toBe('Mar 22, 2093 03:56:41.693999877 UTC');
    expect(tsharkText(tree, 'ntp.xmt')).toBe('Oct 31, 1992 13:37:44.107565978 UTC');
    expect(tsharkText(tree, 'ntp.precision')).toBe('32');
  });

  it("names a private-mode request and which way it goes in Info (ntpdc's requests)", () => {
    const d = frameDecoder('ntp-mode7.pcap');
    expect(d.get(1)!.pinfo.info).toBe('NTP Version 2, private, Request, AUTHINFO');
    expect(d.get(8)!.pinfo.info).toBe('NTP Version 2, private, Response, PEER_LIST_SUM');
    expect(tsharkText(d.get(8)!.tree, 'ntp.flags.li')).toBe(''); // the private mode has no leap indicator
  });
});
