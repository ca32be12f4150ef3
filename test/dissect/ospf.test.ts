import { describe, expect, it } from 'vitest';
import { decodeFile, values } from './link-helpers.js';

describe('OSPF', () => {
  it('reads an OSPFv3 database description’s LSA headers as TShark does', () => {
    const f = decodeFile('OSPFv3_broadcast_adjacency.pcap')[8]!;
    expect(f.pinfo.info).toBe('DB Description');
    expect(values(f.tree, 'ospf.v3.lsa')).toEqual([0x2001, 0x2003, 0x2003, 0x2003, 0x2003, 0x0008, 0x2009]);
    expect(f.pinfo.malformed).toBeUndefined();
  });

  it('reads an OSPFv2 router LSA’s links', () => {
    const f = decodeFile('OSPFv2_Capture_FINAL.pcapng')[19]!;
    expect(values(f.tree, 'ospf.lsa')).toEqual([1]);
    expect(values(f.tree, 'ospf.lsa.router.linkid')).toEqual([0xc0a8ff0b, 0xc0a87a00, 0xc0a87904]);
  });

  it('skips an unknown OSPFv3 LSA of length 0 by its wrapped length, past the packet: malformed', () => {
    const [f] = decodeFile('ospf-signed-integer-ubsan.pcap');
    expect(f!.pinfo.info).toBe('LS Update[Malformed Packet]');
    expect(f!.pinfo.malformed?.protocol).toBe('ospf');
    expect(values(f!.tree, 'ospf.v3.lsa')).toEqual([0x00e0]);
  });

  it('goes on after an LSA of length 0 where its body ended, as TShark does', () => {
    const f = decodeFile('ospf6_print_lshdr-oobr.pcap')[14]!;
    expect(f.pinfo.info).toBe('LS Update[Malformed Packet]');
    expect(values(f.tree, 'ospf.v3.lsa')).toEqual([0x2001, 0x2003, 0x2003, 0x2003]);
  });

  it('is short where a hello’s body was not captured', () => {
    const [f] = decodeFile('ospf6_decode_v3_asan.pcap');
    expect(f!.pinfo.info).toBe('Hello Packet[Packet size limited during capture]');
  });
});
