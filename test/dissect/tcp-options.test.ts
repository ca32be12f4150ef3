import { describe, expect, it } from 'vitest';
import { checkAgainstTshark, fixtureFiles, frameDecoder } from './app-layer.js';

/**
 * TCP's rarer options and AccECN's flags against TShark 4.0's reading stored in
 * test/fixtures/dissect/tcp-options.tsv (regen-tcp-options.sh): tcp-options-crafted.pcap
 * (tcp-options-crafted.py: Accurate ECN and Fast Open in their own kinds and as RFC 6994
 * experiments, bad lengths, an unknown experiment; handshakes that set AccECN up and ones that
 * do not), and the corpus's accecn_handshake.pcap and tfo-5c1fa7f9ae91.pcap.
 */
// tfo #13: a SYN carrying 4 bytes of data to an unknown port, which TShark 4.0 holds for
// reassembly ("[TCP segment of a reassembled PDU]", no data layer); we show the data.
const SKIP = new Set(['tfo-5c1fa7f9ae91.pcap 13']);

describe('TCP options and AccECN flags against TShark 4.0 (test/fixtures/dissect/tcp-options.tsv)', () => {
  for (const file of fixtureFiles('tcp-options.tsv'))
    it(`${file}: stack, columns, flags, option fields and expert notes of every TCP frame`, () =>
      checkAgainstTshark('tcp-options.tsv', file, frameDecoder, { stack: true, skip: SKIP }));

  it('shows the ACE counter on both directions once a SYN and its SYN-ACK set AccECN up', () => {
    const d = frameDecoder('tcp-options-crafted.pcap');
    // The handshake with both directions and other flags: frames 57-60.
    expect(d.get(59)!.pinfo.info).toBe('41100 → 80 [FIN, PSH, ACK, ACE=1] Seq=1 Ack=1 Win=65535 Len=0');
    expect(d.get(60)!.pinfo.info).toMatch(/^80 → 41100 \[ACK, URG, ACE=7\] /);
    // Classic ECN (frames 61-64): the flags by name.
    expect(d.get(63)!.pinfo.info).toMatch(/^41101 → 80 \[ACK, CWR\] /);
  });
});
