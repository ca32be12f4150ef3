import { describe, expect, it } from 'vitest';
import { heuristicList } from '../../native-bridge/dissect/core/tables.js';
import { checkAgainstTshark, fixtureFiles, frameDecoder, payloadDecoder, tsharkText, type CheckOptions } from './app-layer.js';

const byPayload = payloadDecoder({ tcp: heuristicList('tcp').find((h) => h.name === 'http') });
// TShark shows this response reassembled from 42 segments; Wirepool decodes one segment at a time.
const skip = new Set(['sample.pcapng 49']);
const ignore: CheckOptions['ignore'] = (abbrev, want, row, fields) => {
  const protocol = row[fields.indexOf('_ws.col.Protocol') + 2]!;
  // A body decoder Wirepool lacks (XML) changed TShark's columns ("HTTP/XML") and stack.
  if (protocol.includes('/') && abbrev.startsWith('_ws.col.')) return true;
  // The body's decoder: TShark's data-text-lines, xml; Wirepool's data.
  return abbrev === 'frame.protocols' && /:http:./.test(want);
};

describe('HTTP against TShark 4.0 (test/fixtures/dissect/http.tsv)', () => {
  it.each(fixtureFiles('http.tsv'))('decoder alone: %s', (file) =>
    checkAgainstTshark('http.tsv', file, byPayload, { skip, ignore, stack: false }),
  );
  it.each(fixtureFiles('http.tsv'))('end to end: %s', (file) =>
    checkAgainstTshark('http.tsv', file, frameDecoder, { skip, ignore, stack: true }),
  );

  it('bodies go to their media type decoder, and Info names the type as TShark does', () => {
    const d = frameDecoder('print-flags.pcap').get(6)!;
    expect(d.pinfo.protocols.join(':')).toBe('eth:ethertype:ip:tcp:http:data-text-lines');
    expect(d.pinfo.info).toBe('HTTP/1.1 200 OK  (text/html)');
  });
});

describe('HTTP on crafted frames (test/fixtures/dissect/app-crafted.tsv)', () => {
  // 8 the heuristic on port 8000 (query parameters, cookies), 11 HTTP/1.0 on port 8001,
  // 12 two pipelined requests in one segment.
  const frames = [8, 11, 12];
  it('decoder alone', () => checkAgainstTshark('app-crafted.tsv', 'app-crafted.pcap', byPayload, { frames, stack: false }));
  it('end to end', () => checkAgainstTshark('app-crafted.tsv', 'app-crafted.pcap', frameDecoder, { frames, stack: true }));

  it('the conversation the heuristic found is reassembled: frames 9-10 make one response', () => {
    // tshark -n -r app-crafted.pcap: 9 "HTTP/1.1 200 OK  [TCP segment of a reassembled PDU]", 10 the response.
    const d = frameDecoder('app-crafted.pcap');
    expect(d.get(9)!.pinfo.info).toBe('HTTP/1.1 200 OK  [TCP segment of a reassembled PDU]');
    expect(d.get(9)!.pinfo.protocols.join(':')).toBe('eth:ethertype:ip:tcp');
    expect(d.get(10)!.pinfo.info).toBe('HTTP/1.1 200 OK  (text/plain)');
    expect(d.get(10)!.pinfo.protocols.join(':')).toBe('eth:ethertype:ip:tcp:http:data-text-lines');
  });
});

describe('HTTP across segments (TCP reassembly, as tshark -n -r sample.pcapng)', () => {
  it('the segments before the last are marked, the first keeps its status line in Info', () => {
    const d = frameDecoder('sample.pcapng');
    const first = d.get(9)!;
    expect(first.pinfo.info).toBe('HTTP/1.1 200 OK  [TCP segment of a reassembled PDU]');
    expect(first.pinfo.protocol).toBe('TCP');
    expect(first.pinfo.protocols.join(':')).toBe('eth:ethertype:ip:tcp');
    const later = d.get(10)!;
    expect(later.pinfo.info).toBe('80 → 49152 [ACK] Seq=1449 Ack=94 Win=65535 Len=1448 [TCP segment of a reassembled PDU]');
    expect(later.pinfo.protocols.join(':')).toBe('eth:ethertype:ip:tcp');
  });

  it('the last segment shows the whole response from a "Reassembled TCP" data source', () => {
    const d = frameDecoder('sample.pcapng').get(49)!;
    expect(d.pinfo.info).toBe('HTTP/1.1 200 OK  (text/html)');
    expect(d.pinfo.protocols.join(':')).toBe('eth:ethertype:ip:tcp:http:data-text-lines');
    expect(tsharkText(d.tree, 'http.content_length')).toBe('39600');
    // tshark -e tcp.reassembled.length -e tcp.segment.count: 39667, 28
    expect(tsharkText(d.tree, 'tcp.reassembled.length')).toBe('39667');
    expect(tsharkText(d.tree, 'tcp.segment.count')).toBe('28');
    const source = d.tree.extraSources.find((s) => s.name.startsWith('Reassembled TCP'));
    expect(source?.bytes.length).toBe(39667);
    expect(new TextDecoder().decode(source!.bytes.subarray(0, 15))).toBe('HTTP/1.1 200 OK');
  });
});
