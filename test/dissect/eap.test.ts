import { describe, expect, it } from 'vitest';
import { type Decoded, decodeFile, has, value } from './link-helpers.js';
import { selectedFrames } from './selected.js';

describe('EAP inside 802.1X', () => {
  it('decodes EAP packets as a protocol of the tree, not of the stack: code, id, length, type, identity', () => {
    const frames = decodeFile('eapon1.pcap') as Decoded[];
    const identity = frames[18]!;
    expect(identity.pinfo.protocols.join(':')).toBe('eth:ethertype:eapol');
    expect(identity.pinfo.protocol).toBe('EAP');
    expect(identity.pinfo.info).toBe('Response, Identity');
    expect(value(identity.tree, 'eap.code')).toBe(2);
    expect(value(identity.tree, 'eap.type')).toBe(1);
    expect(value(identity.tree, 'eap.identity')).toBe('1295023820005391@mnc023.mcc295.owlan.org');
    expect(frames[20]!.pinfo.info).toBe('Response, GSM Subscriber Identity Modules EAP (EAP-SIM)');
    // tshark -Y answers.
    expect(selectedFrames('eapon1.pcap', 'eap')).toEqual([
      14, 18, 19, 20, 21, 22, 23, 24, 31, 32, 33, 34, 35, 36, 37, 54, 55, 56, 59, 60, 62, 63, 105, 106, 107, 109, 110, 111, 112,
    ]);
    expect(selectedFrames('eapon1.pcap', 'eap.code == 2 && eap.type == 1')).toEqual([19, 32, 55, 106]);
    expect(selectedFrames('eapon1.pcap', 'eth.trailer')).toEqual([17, 30, 53, 104]);
  });

  it('marks an EAPOL length of 0 malformed at EAP, then reads the Ethernet trailer and its FCS past the capture', () => {
    const [d] = decodeFile('eap_extract_read2_asan.pcap') as [Decoded];
    expect(has(d.tree, 'eap')).toBe(false);
    expect(has(d.tree, '_ws.malformed')).toBe(true);
    expect(has(d.tree, 'eth.trailer')).toBe(true);
    expect(has(d.tree, '_ws.short')).toBe(true);
    expect(d.pinfo.protocol).toBe('EAP');
    expect(d.pinfo.info).toBe('[Malformed Packet][Packet size limited during capture]');
  });
});
