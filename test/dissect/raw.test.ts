import { describe, expect, it } from 'vitest';
import { decode, decodeFile, hexBytes, LINK_FIXTURE, range } from './link-helpers.js';

describe('raw IP link types', () => {
  it('shows raw for 101 and no link layer for 228/229, as TShark does', () => {
    const frames = decodeFile(LINK_FIXTURE);
    const stacks = (t: number) => frames.filter((f) => f.frame.linkType === t).map((f) => f.pinfo.protocols.join(':'));
    expect(stacks(101)).toEqual(['raw:ip:tcp', 'raw:ipv6:udp:data']);
    expect(stacks(228)).toEqual(['ip:udp:data']);
    expect(stacks(229)).toEqual(['ipv6:icmpv6:data']);
    const raw = frames.find((f) => f.frame.linkType === 101)!;
    expect(range(raw.tree, 'raw')).toEqual([0, 0]);
    expect(range(raw.tree, 'ip')).toEqual([0, 20]);
  });

  it('decodes the corpus raw captures and the old DLT_RAW numbers', () => {
    expect(decodeFile('LINKTYPE_RAW_ipv6.pcap')[0]!.pinfo.protocols.slice(0, 2).join(':')).toBe('raw:ipv6');
    expect(decodeFile('LINKTYPE_IPV4.pcap')[0]!.pinfo.protocols.slice(0, 1).join(':')).toBe('ip');
    const v4 = hexBytes('4500001c0000000040110000c000020ac0000201 0035 0035 0008 0000');
    for (const t of [12, 14]) expect(decode(t, v4).pinfo.protocols.join(':')).toBe('raw:ip:udp');
  });

  it('shows an unknown version as raw alone, and an empty frame without error', () => {
    expect(decode(101, hexBytes('9f000000')).pinfo.protocols.join(':')).toBe('raw');
    expect(decode(101, new Uint8Array(0)).pinfo.malformed).toBeUndefined();
  });
});
