import { describe, expect, it } from 'vitest';
import { type Decoded, decodeFile, has } from './link-helpers.js';

/** PIM Register over IPv6, on pim-packet-assortment.pcap and TShark 4.0's reading of it. */
describe('PIM Register carrying IPv6', () => {
  const frames = decodeFile('pim-packet-assortment.pcap') as Decoded[];

  it('hands an inner packet whose payload length is 0 an empty PIM: on the stack, malformed, columns kept', () => {
    const reg = frames[177]!;
    expect(reg.pinfo.protocols.join(':')).toBe('eth:ethertype:ipv6:pim:ipv6:pim');
    // The columns are read-only while the inner packet is dissected: no mark in Info.
    expect(reg.pinfo.protocol).toBe('PIMv2');
    expect(reg.pinfo.info).toBe('Register');
    expect(has(reg.tree, '_ws.malformed')).toBe(true);
    // TShark's inner PIM fails on its first read, before its node: one PIM node, the outer one.
    expect(reg.tree.find(reg.tree.fields.find((f) => f.abbrev === 'pim')!).length).toBe(1);
  });

  it('reads a Register with a UDP datagram inside as before', () => {
    expect(frames[181]!.pinfo.protocols.join(':')).toBe('eth:ethertype:ipv6:pim:ipv6:udp:data');
    expect(frames[181]!.pinfo.protocol).toBe('PIMv2');
  });
});
