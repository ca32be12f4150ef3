import { describe, expect, it } from 'vitest';
import { checkAgainstTshark, fixtureFiles, frameDecoder } from './app-layer.js';

/**
 * TFTP against TShark 4.0's reading stored in test/fixtures/dissect/tftp.tsv (regen-tftp.sh): a
 * real loopback recording (tftp-loopback.pcap: options, an option acknowledgement, a block size
 * of 8, netascii, a missing file) and the corpus's tftp.pcap and tftp-heapoverflow.pcap.
 */
describe('TFTP against TShark 4.0 (test/fixtures/dissect/tftp.tsv)', () => {
  for (const file of fixtureFiles('tftp.tsv'))
    it(`${file}: stack, columns and fields of every TFTP frame`, () => checkAgainstTshark('tftp.tsv', file, frameDecoder, { stack: true }));

  it("follows a transfer to the server's own port from its request", () => {
    const d = frameDecoder('tftp.pcap');
    // The request goes to port 69; the data comes from another port, found by the request.
    expect(d.get(1)!.pinfo.info).toBe('Read Request, File: file1, Transfer type: octet');
    expect(d.get(2)!.pinfo.srcPort).not.toBe(69);
    expect(d.get(2)!.pinfo.stack).toBe('eth:ethertype:ip:udp:tftp:data');
    expect(d.get(6)!.pinfo.info).toBe('Data Packet, Block: 3 (last)');
  });
});
