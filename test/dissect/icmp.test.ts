import { describe, expect, it } from 'vitest';
import { decodeFile, LINK_FIXTURE, range, SAMPLE, value, values } from './link-helpers.js';

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
});
