import { describe, expect, it } from 'vitest';
import { decode, decodeFile, hexBytes, LINK_FIXTURE, value } from './link-helpers.js';

describe('BSD null/loopback', () => {
  it('reads the family in host order (LINKTYPE_NULL) and network order (LINKTYPE_LOOP)', () => {
    const frames = decodeFile(LINK_FIXTURE).filter((f) => f.frame.linkType === 0 || f.frame.linkType === 108);
    expect(frames.map((f) => f.pinfo.protocols.slice(0, 3).join(':'))).toEqual(['null:ip:udp', 'null:ipv6:udp', 'null:ip:icmp']);
    expect(frames.map((f) => value(f.tree, 'null.family'))).toEqual([2, 30, 2]);
  });

  it('decodes the corpus loopback capture', () => {
    const d = decodeFile('dns-badcookie.pcap')[0]!;
    expect(d.pinfo.protocols.slice(0, 3).join(':')).toBe('null:ip:udp');
    expect(d.pinfo.src).toBe('127.0.0.1');
  });

  it('reads a family written big-endian on a little-endian link type', () => {
    const d = decode(0, hexBytes('00000002 4500001c0000000040110000c000020ac0000201 0035 0035 0008 0000'));
    expect(value(d.tree, 'null.family')).toBe(2);
    expect(d.pinfo.protocols.join(':')).toBe('null:ip:udp');
  });
});
