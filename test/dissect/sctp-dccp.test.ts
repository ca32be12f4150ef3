import { describe, expect, it } from 'vitest';
import { checkAgainstTshark, fixtureFiles, frameDecoder, tsharkText } from './app-layer.js';

/**
 * SCTP's relative TSNs and DCCP's relative sequence numbers, TShark 4.0's defaults, against its
 * readings (test/fixtures/dissect/transport-seq.tsv): the corpus's ForCES-over-SCTP and DCCP
 * captures, and sctp-dccp-crafted.pcap (sctp-dccp-crafted.py: no INIT, tag 0, a second tag on
 * the same ports, numbers below the base, DCCP without Request, every DCCP type).
 */
describe('SCTP and DCCP sequence numbers against TShark 4.0 (transport-seq.tsv)', () => {
  it.each(fixtureFiles('transport-seq.tsv'))('%s', (file) => checkAgainstTshark('transport-seq.tsv', file, frameDecoder, { stack: true }));

  it('counts from the first DATA a half association sent, not the INIT (forces2.pcap, crafted)', () => {
    const forces = frameDecoder('forces2.pcap').get(13)!;
    expect([tsharkText(forces.tree, 'sctp.data_tsn'), tsharkText(forces.tree, 'sctp.data_tsn_raw')]).toEqual(['0', '3848071494']);
    const crafted = frameDecoder('sctp-dccp-crafted.pcap');
    // INIT said 1000, the first DATA 1005: 999 comes out 2^32 - 6.
    expect(crafted.get(7)!.pinfo.info).toBe('DATA (TSN=4294967290) ');
    // Tag 0 belongs to no association: the TSN as sent, no relative field.
    expect(crafted.get(14)!.pinfo.info).toBe('DATA (TSN=7) ');
    expect(tsharkText(crafted.get(14)!.tree, 'sctp.data_tsn')).toBe('');
  });

  it('DCCP counts from the first Request and Response; below the base it wraps at 2^64', () => {
    const d = frameDecoder('sctp-dccp-crafted.pcap');
    const first = 24; // the first DCCP frame
    expect(d.get(first)!.pinfo.info).toBe('3000 → 4000 [Request] Seq=1000 (service=not specified)');
    expect(d.get(first + 2)!.pinfo.info).toBe('3000 → 4000 [Ack] Seq=1 (Ack=0)');
    expect(d.get(first + 4)!.pinfo.info).toBe('3000 → 4000 [DataAck] Seq=18446744073709551516 (Ack=18446744073709550616)');
  });
});
