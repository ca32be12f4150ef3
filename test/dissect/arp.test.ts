import { describe, expect, it } from 'vitest';
import { decode, decodeFile, hexBytes, range, SAMPLE, value, values } from './link-helpers.js';

describe('ARP', () => {
  const sample = decodeFile(SAMPLE);

  it('decodes the sample request and reply: fields, byte ranges, Info as TShark shows them', () => {
    const req = sample[0]!;
    expect(req.pinfo.protocols.join(':')).toBe('eth:ethertype:arp');
    expect(req.pinfo.protocol).toBe('ARP');
    expect(req.pinfo.info).toBe('Who has 192.0.2.1? Tell 192.0.2.10');
    expect(value(req.tree, 'arp.opcode')).toBe(1);
    expect(value(req.tree, 'arp.hw.type')).toBe(1);
    expect(value(req.tree, 'arp.proto.type')).toBe(0x0800);
    expect(value(req.tree, 'arp.src.proto_ipv4')).toBe(0xc000020a);
    expect(value(req.tree, 'arp.dst.proto_ipv4')).toBe(0xc0000201);
    expect(range(req.tree, 'arp')).toEqual([14, 28]);
    expect(range(req.tree, 'arp.src.hw_mac')).toEqual([22, 6]);
    expect(range(req.tree, 'arp.dst.proto_ipv4')).toEqual([38, 4]);
    const reply = sample[1]!;
    expect(reply.pinfo.info).toBe('192.0.2.1 is at 02:00:00:00:00:fe');
    expect([...(value(reply.tree, 'arp.src.hw_mac') as Uint8Array)]).toEqual([2, 0, 0, 0, 0, 0xfe]);
  });

  it('names gratuitous ARP, announcements and probes like Wireshark', () => {
    const arp = (op: number, spa: string, tha: string, tpa: string) =>
      hexBytes(`ffffffffffff 02000000000a 0806 0001 0800 06 04 000${op} 02000000000a ${spa} ${tha} ${tpa}`);
    const announce = decode(1, arp(1, 'c000020a', '000000000000', 'c000020a'));
    expect(announce.pinfo.info).toBe('ARP Announcement for 192.0.2.10');
    expect(values(announce.tree, 'arp.isannouncement')).toEqual([true]);
    expect(values(announce.tree, 'arp.isgratuitous')).toEqual([true]);
    expect(decode(1, arp(1, 'c000020a', '020000000001', 'c000020a')).pinfo.info).toBe('Gratuitous ARP for 192.0.2.10 (Request)');
    expect(decode(1, arp(2, 'c000020a', '020000000001', 'c000020a')).pinfo.info).toBe('Gratuitous ARP for 192.0.2.10 (Reply)');
    const probe = decode(1, arp(1, '00000000', '000000000000', 'c0000201'));
    expect(probe.pinfo.info).toBe('Who has 192.0.2.1? (ARP Probe)');
    expect(values(probe.tree, 'arp.isprobe')).toEqual([true]);
  });

  it('marks a cut-short ARP malformed at its offset and keeps what came before', () => {
    const d = decode(1, hexBytes('ffffffffffff 02000000000a 0806 0001 0800 06 04 0001 0200'));
    expect(d.pinfo.protocols.join(':')).toBe('eth:ethertype:arp');
    expect(d.pinfo.malformed?.reason).not.toMatch(/internal/);
    expect(value(d.tree, 'arp.opcode')).toBe(1);
  });

  it('decodes the corpus ARP under an 802.1ad and 802.1Q stack', () => {
    const d = decodeFile('802.1ad_QinQ.pcap')[0]!;
    expect(d.pinfo.info).toBe('Who has 172.21.79.100? Tell 172.21.79.97');
  });
});
