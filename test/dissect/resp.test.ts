import { describe, expect, it } from 'vitest';
import { frameDecoder, tsharkText } from './app-layer.js';

/**
 * Redis's RESP against what TShark 4.0.17 shows for the corpus's Redis captures (its values
 * written here; the Info columns of all four files are checked by conformance.test.ts).
 */
describe('RESP (Redis) as TShark 4.0 reads it', () => {
  it('names a command by the bulk strings of its array, and decodes the lengths', () => {
    const { tree, pinfo } = frameDecoder('resp_1_benchmark.pcap').get(24)!;
    expect(pinfo.info).toBe('Request: SET key:000000000943 xxx');
    expect(tsharkText(tree, 'resp.array.length')).toBe('3');
    expect(tsharkText(tree, 'resp.bulk_string.length')).toBe('3,16,3');
  });

  it('asks TCP for the rest of an array cut by the segment, and a FIN without payload completes nothing', () => {
    const d = frameDecoder('resp_3_malicious.pcap');
    const cut = d.get(57)!;
    expect(cut.pinfo.info).toBe('Request: [continuation] [TCP segment of a reassembled PDU]');
    expect(tsharkText(cut.tree, 'resp.array.length')).toBe('9223372036854775807');
    // The FIN that follows carries no byte: the array still waits, and the FIN is TCP's alone.
    const fin = d.get(62)!;
    expect(fin.pinfo.stack).toBe('sll:ethertype:ip:tcp');
    expect(fin.pinfo.info).toMatch(/^52767 → 6379 \[FIN, ACK\] /);
  });

  it("cuts Info where TShark's column ends (4,095 bytes): a segment of many fragments", () => {
    // The sample's bulk segments to port 6379 are thousands of lines, each a `[fragment]`.
    const { pinfo } = frameDecoder('sample.pcapng').get(94)!;
    expect(pinfo.info.length).toBe(4095);
    expect(pinfo.info.startsWith('Request: [fragment] [fragment]')).toBe(true);
  });
});
