import { describe, expect, it } from 'vitest';
import { decodeFile, LINK_FIXTURE, SAMPLE, value } from './link-helpers.js';

describe('ICMPv6', () => {
  it('decodes echo with a verified checksum and TShark Info text', () => {
    const frames = decodeFile(SAMPLE).filter((f) => f.pinfo.protocol === 'ICMPv6');
    const [req, rep] = frames as [(typeof frames)[0], (typeof frames)[0]];
    expect(req.pinfo.info).toBe('Echo (ping) request id=0x0078, seq=0, hop limit=64');
    expect(rep.pinfo.info).toBe(`Echo (ping) reply id=0x0078, seq=0, hop limit=64 (request in ${req.frame.number})`);
    expect(value(req.tree, 'icmpv6.checksum.status')).toBe(1);
    expect(value(req.tree, 'icmpv6.echo.identifier')).toBe(0x78);
    expect(req.pinfo.protocols.join(':')).toBe('eth:ethertype:ipv6:icmpv6:data');
  });

  it('decodes neighbour solicitation with its link-layer option', () => {
    const ns = decodeFile(LINK_FIXTURE)[14]!;
    expect(ns.pinfo.info).toBe('Neighbor Solicitation for fe80::b from 02:00:00:00:00:0a');
    expect(value(ns.tree, 'icmpv6.type')).toBe(135);
    expect(value(ns.tree, 'icmpv6.opt.type')).toBe(1);
    expect([...(value(ns.tree, 'icmpv6.nd.ns.target_address') as Uint8Array)].slice(0, 2)).toEqual([0xfe, 0x80]);
  });

  it('decodes the corpus ND and error messages without errors', () => {
    for (const file of ['icmpv6-RFC2894-RR.pcap', 'icmpv6-rfc7112.pcap']) {
      for (const f of decodeFile(file)) {
        expect(f.pinfo.protocols).toContain('icmpv6');
        expect(f.pinfo.malformed?.reason ?? '').not.toMatch(/internal/);
      }
    }
  });
});
