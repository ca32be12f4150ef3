import { describe, expect, it } from 'vitest';
import { type Decoded, decode, decodeFile, has, hexBytes, range, value, values } from './link-helpers.js';
import { selectedFrames } from './selected.js';

describe('IEEE 802.11 MAC header', () => {
  it('decodes a protected QoS data frame: addresses by DS bits, sequence, FCS, Info', () => {
    const d = decodeFile('ieee802.11_rx-stbc.pcap')[0]!;
    expect(value(d.tree, 'wlan.fc.type_subtype')).toBe(0x28);
    expect(d.pinfo.info).toBe('QoS Data, SN=18, FN=0, Flags=.p....F.C');
    const mac = (a: string) => [...(value(d.tree, a) as Uint8Array)].map((b) => b.toString(16).padStart(2, '0')).join(':');
    expect(mac('wlan.ra')).toBe('68:a3:c4:03:46:da');
    expect(mac('wlan.ta')).toBe('20:7c:8f:50:3f:3a');
    expect(mac('wlan.bssid')).toBe('20:7c:8f:50:3f:3a');
    expect(value(d.tree, 'wlan.seq')).toBe(18);
    expect(value(d.tree, 'wlan.fcs')).toBe(0x872ca0c6);
  });

  it('hands a clear data frame through LLC and keeps management bodies in wlan', () => {
    const dhcp = decodeFile('ieee802.11_htc.pcap')[0]!;
    expect(dhcp.pinfo.protocols.slice(0, 3).join(':')).toBe('radiotap:wlan_radio:wlan');
    const beacon = decodeFile('ieee802.11_meshid.pcap')[0]!;
    expect(beacon.pinfo.protocols.join(':')).toBe('radiotap:wlan_radio:wlan');
    expect(beacon.pinfo.info.startsWith('Beacon frame, SN=268, FN=0, Flags=........C')).toBe(true);
  });

  it('decodes LINKTYPE_IEEE802_11 without a pseudo-header, and an ACK (control) frame', () => {
    const ack = decode(105, hexBytes('d400 0000 020000000001'));
    expect(ack.pinfo.protocols.join(':')).toBe('wlan');
    expect(ack.pinfo.info).toBe('Acknowledgement');
    expect(value(ack.tree, 'wlan.fc.type')).toBe(1);
  });

  it('names a protocol version 2 or 3 frame and needs all its bytes: short when cut by the capture, else data then malformed', () => {
    const [cut] = decodeFile('ieee802.11_meshhdr-oobr.pcap') as [Decoded];
    expect(cut.pinfo.info).toBe('Unknown protocol version: 3[Packet size limited during capture]');
    expect(value(cut.tree, 'wlan.fc.version')).toBe(3);
    expect(has(cut.tree, 'wlan.ra')).toBe(false);
    expect(has(cut.tree, '_ws.short')).toBe(true);
    // The same 62 bytes of 802.11, whole: data after the frame control, then a read past the end.
    const bytes = hexBytes(
      'eb3000000000000002000000ffffff021800000002000072000000000000000000000000000000000000000000000000000000000000000002000000ffff',
    );
    const whole = decode(105, bytes);
    expect(whole.pinfo.protocols.join(':')).toBe('wlan:data');
    expect(whole.pinfo.info).toBe('Unknown protocol version: 3[Malformed Packet]');
  });

  it('decodes a protocol version 1 QoS data frame with one SID and adds no management body', () => {
    const [d] = decodeFile('ieee802.11_rates_oobr.pcap') as [Decoded];
    expect(d.pinfo.info).toBe('PV1 QoS Data - with one SID');
    expect(value(d.tree, 'wlan.seq')).toBe(771);
    expect(range(d.tree, 'wlan.da')).toEqual([36, 6]);
    expect(has(d.tree, 'wlan.mgt')).toBe(false);
  });

  it('walks a management body: fixed parameters by subtype, then every tag; Info names the beacon interval and SSID', () => {
    const [probe, , response] = decodeFile('ieee802.11_exthdr.pcap') as [Decoded, Decoded, Decoded];
    expect(values(probe.tree, 'wlan.tag.number')).toEqual([0, 1, 50, 3, 45]);
    expect(probe.pinfo.info).toBe('Probe Request, SN=1, FN=0, Flags=........C, SSID="omus"');
    expect(value(response.tree, 'wlan.fixed.beacon')).toBe(100);
    expect(values(response.tree, 'wlan.tag.number')).toEqual([0, 1, 3, 42, 50, 45, 61, 221]);
    expect(response.pinfo.info).toBe('Probe Response, SN=1788, FN=0, Flags=........, BI=100, SSID="omus"');
    // tshark -Y answers.
    expect(selectedFrames('ieee802.11_exthdr.pcap', 'wlan.ssid == "omus"')).toEqual([1, 3, 4, 6, 7, 9, 10, 12, 13, 15, 16, 18, 22]);
  });

  it('reads an RSN element as TShark does: counts too large are malformed items and cut, the capabilities read past its length', () => {
    const [beacon] = decodeFile('ieee802.11_parse_elements_oobr.pcap') as [Decoded];
    expect(value(beacon.tree, 'wlan.rsn.pcs.count')).toBe(12336);
    expect(has(beacon.tree, 'wlan.rsn.pcs.count.invalid')).toBe(true);
    expect(has(beacon.tree, 'wlan.rsn.akms.count.invalid')).toBe(true);
    expect(beacon.pinfo.info).toBe('Beacon frame, SN=771, FN=0, Flags=..mP...., BI=12336[Malformed Packet]');
    const mgt = beacon.tree.find(beacon.tree.fields.find((x) => x.abbrev === 'wlan.mgt')!)[0]!;
    expect(beacon.tree.parents[mgt]).toBe(0);

    // A tag whose value the capture cut ends the frame short under the management body.
    const frames = decodeFile('ieee802.11_tim_ie_oobr.pcap') as Decoded[];
    expect(frames.map((d) => values(d.tree, 'wlan.tag.number').length)).toEqual([2, 1, 0, 2]);
    expect(frames.every((d) => has(d.tree, '_ws.short'))).toBe(true);
    expect(selectedFrames('ieee802.11_tim_ie_oobr.pcap', 'wlan.tag.number == 48')).toEqual([1, 2, 4]);
    expect(selectedFrames('ieee802.11_tim_ie_oobr.pcap', '_ws.malformed')).toEqual([1]);
  });
});
