import { describe, expect, it } from 'vitest';
import { type Decoded, decodeFile, has, LINK_FIXTURE, range, SAMPLE, value, values } from './link-helpers.js';

describe('ICMP', () => {
  const sample = decodeFile(SAMPLE);
  const echo = sample.filter((f) => f.pinfo.protocol === 'ICMP');

  it('decodes echo: type, code, verified checksum, id and sequence both ways, Info like TShark', () => {
    const [req, rep] = echo as [(typeof echo)[0], (typeof echo)[0]];
    expect(req.pinfo.info).toBe('Echo (ping) request  id=0x0077, seq=0/0, ttl=64');
    expect(rep.pinfo.info).toBe(`Echo (ping) reply    id=0x0077, seq=0/0, ttl=64 (request in ${req.frame.number})`);
    expect(value(req.tree, 'icmp.type')).toBe(8);
    expect(value(req.tree, 'icmp.code')).toBe(0);
    expect(value(req.tree, 'icmp.checksum.status')).toBe(1);
    expect(value(req.tree, 'icmp.ident')).toBe(0x77);
    expect(value(req.tree, 'icmp.ident_le')).toBe(0x7700);
    expect(value(rep.tree, 'icmp.resp_to')).toBe(req.frame.number);
    expect(range(req.tree, 'icmp.seq')).toEqual([40, 2]);
    expect(req.pinfo.protocols.join(':')).toBe('eth:ethertype:ip:icmp:data');
    expect(echo[2]!.pinfo.info).toBe('Echo (ping) request  id=0x0077, seq=1/256, ttl=64');
  });

  it('decodes the IP header and UDP ports an error quotes, under the ICMP node', () => {
    const err = decodeFile(LINK_FIXTURE)[12]!;
    expect(value(err.tree, 'icmp.type')).toBe(3);
    expect(value(err.tree, 'icmp.code')).toBe(3);
    expect(values(err.tree, 'udp.dstport')).toEqual([33434]);
    expect(range(err.tree, 'udp')).toEqual([62, 8]);
    // Quoted layers are children of the ICMP node.
    const icmpNode = err.tree.find(err.tree.fields.find((f) => f.abbrev === 'icmp')!)[0]!;
    const inner = err.tree.find(err.tree.fields.find((f) => f.abbrev === 'ip')!)[1]!;
    expect(err.tree.parents[inner]).toBe(icmpNode);
  });

  it('decodes the corpus errors that quote fragments as TShark does', () => {
    const frames = decodeFile('afs.pcap');
    const quoting = frames.filter((f) => f.pinfo.protocols.join(':').startsWith('eth:ethertype:ip:icmp:ip:udp'));
    expect(quoting.length).toBe(25);
    for (const f of quoting) expect(f.pinfo.protocol).toBe('ICMP');
  });

  it('reads RFC 4884 extensions after 128 quoted bytes: MPLS label stacks, and a checksum over bytes not captured ends the frame short', () => {
    const [, reply] = decodeFile('mpls-traceroute.pcap') as [Decoded, Decoded];
    expect(value(reply.tree, 'icmp.ext.version')).toBe(2);
    expect(value(reply.tree, 'icmp.ext.checksum.status')).toBe(1);
    expect(value(reply.tree, 'icmp.ext.class')).toBe(1);
    expect(value(reply.tree, 'icmp.mpls.label')).toBe(100704);
    expect(value(reply.tree, 'icmp.mpls.ttl')).toBe(1);

    // A time exceeded with an RFC 4884 length of 0 and 220 bytes reported, 147 captured: the
    // extension header at 8 + 128 has a nonzero checksum, verified over all 84 bytes.
    const [cut] = decodeFile('icmp_inft_name_length_zero.pcap') as [Decoded];
    expect(range(cut.tree, 'icmp.ext')).toEqual([160, 11]);
    expect(value(cut.tree, 'icmp.ext.version')).toBe(2);
    expect(has(cut.tree, 'icmp.ext.checksum')).toBe(false);
    expect(has(cut.tree, '_ws.short')).toBe(true);
    expect(has(cut.tree, '_ws.malformed')).toBe(false);
  });

  it('reads the probe of an extended echo request as an extension structure and names RFC 8335 codes', () => {
    const [req] = decodeFile('icmp-rfc8335.pcap') as [Decoded];
    expect(req.pinfo.info).toBe('Extended Echo request (No error)');
    expect(value(req.tree, 'icmp.ext.version')).toBe(2);
    expect(values(req.tree, 'icmp.ext.class')).toEqual([3, 58]);
    expect(values(req.tree, 'icmp.ext')).toHaveLength(1);
    const [odd] = decodeFile('icmp-rfc8335-missing-bytes.pcap') as [Decoded];
    expect(odd.pinfo.info).toBe('Extended Echo request (Unknown code: 43)');
  });
});
