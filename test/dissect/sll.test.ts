import { describe, expect, it } from 'vitest';
import { decodeFile, LINK_FIXTURE, range, value } from './link-helpers.js';

describe('Linux cooked capture (SLL, SLL2)', () => {
  it('decodes the corpus SLL header and hands on by EtherType', () => {
    const d = decodeFile('RADIUS-RFC3162.pcap')[0]!;
    expect(d.pinfo.protocols.slice(0, 4).join(':')).toBe('sll:ethertype:ip:udp');
    expect(value(d.tree, 'sll.pkttype')).toBe(0);
    expect(value(d.tree, 'sll.hatype')).toBe(772);
    expect(value(d.tree, 'sll.halen')).toBe(6);
    expect(value(d.tree, 'sll.etype')).toBe(0x0800);
    expect(range(d.tree, 'sll')).toEqual([0, 16]);
    expect(range(d.tree, 'sll.src.eth')).toEqual([6, 6]);
    expect(d.pinfo.src).toBe('127.0.0.1');
  });

  it('decodes SLL v2 (interface index, one-byte packet type) under the same protocol name', () => {
    const frames = decodeFile(LINK_FIXTURE);
    const v2 = frames.find((f) => f.frame.linkType === 276)!;
    expect(v2.pinfo.protocols.join(':')).toBe('sll:ethertype:ipv6:tcp');
    expect(value(v2.tree, 'sll.ifindex')).toBe(3);
    expect(value(v2.tree, 'sll.pkttype')).toBe(4);
    expect(range(v2.tree, 'sll')).toEqual([0, 20]);
    expect(range(v2.tree, 'sll.src.eth')).toEqual([12, 6]);
  });

  it('takes an ARPHRD_IPGRE frame by GRE protocol type, without an ethertype step', () => {
    const d = decodeFile('babel.pcap')[0]!;
    expect(d.pinfo.protocols.slice(0, 3).join(':')).toBe('sll:ipv6:udp');
    expect(value(d.tree, 'sll.gretype')).toBe(0x86dd);
  });
});
