import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ProtocolHierarchy, hierarchyText } from '../../native-bridge/stats/index.js';
import { FIXTURES } from '../helpers/corpus.js';
import { checkAgainstTshark, frameDecoder, tsharkText } from './app-layer.js';

/**
 * Rx and AFS on the corpus's AFS session (fetches, directory changes, protection and volume
 * location lookups, backup database calls, an ICMP-quoted call) against TShark 4.0's reading
 * stored in test/fixtures/dissect/rx-afs.tsv (regen-rx-openflow.sh).
 */
describe('Rx and AFS against TShark 4.0 (test/fixtures/dissect/rx-afs.tsv)', () => {
  it('afs.pcap: every Rx packet type, AFS services and operations, replies matched to requests', () =>
    checkAgainstTshark('rx-afs.tsv', 'afs.pcap', frameDecoder, { stack: true }));

  it('rx_serviceid_oobr.pcap: an ABORT cut short by the capture', () =>
    checkAgainstTshark('rx-afs.tsv', 'rx_serviceid_oobr.pcap', frameDecoder, { stack: true }));

  const afs = frameDecoder('afs.pcap');

  it('names a reply by its request: the opcode is only in the request', () => {
    // Frame 97 asks the protection server for names (id-to-name); 98 answers without an opcode.
    expect(afs.get(97)!.pinfo.info).toBe('PROT Request: id-to-name (505)');
    expect(afs.get(98)!.pinfo.info).toBe('PROT Reply: id-to-name (505)[Malformed Packet]');
    expect(tsharkText(afs.get(98)!.tree, 'afs.reqframe')).toBe('97');
    expect(tsharkText(afs.get(98)!.tree, 'afs.prot.opcode')).toBe('505');
  });

  it('marks malformed where the reply announces more 256-byte names than it holds', () => {
    const reply = afs.get(98)!;
    expect(reply.pinfo.malformed?.protocol).toBe('afs');
    expect(tsharkText(reply.tree, 'afs.prot.count')).toBe('11');
    expect(tsharkText(reply.tree, 'afs.prot.name').split(',')).toHaveLength(5);
  });

  it('takes AFS off the stack of a call with an empty body, as TShark does', () => {
    expect(afs.get(6)!.pinfo.stack).toBe('eth:ethertype:ip:udp:rx');
    expect(afs.get(6)!.pinfo.info).toBe('CB Reply: callback (204)');
  });

  it('counts the calls an ICMP error quotes under icmp in the hierarchy, as tshark -z io,phs (afs.phs)', () => {
    const h = new ProtocolHierarchy();
    for (const d of afs.values()) h.add(d);
    const phs = readFileSync(path.join(FIXTURES, 'dissect/afs.phs'), 'utf8');
    expect([...hierarchyText(h.snapshot())].join('\n').trim()).toBe(phs.trim());
  });
});
