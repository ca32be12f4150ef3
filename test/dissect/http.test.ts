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

  it('bodies go to data (no media decoders yet), and Info names their type as TShark does', () => {
    const d = frameDecoder('print-flags.pcap').get(6)!;
    expect(d.pinfo.protocols.join(':')).toBe('eth:ethertype:ip:tcp:http:data');
    expect(d.pinfo.info).toBe('HTTP/1.1 200 OK  (text/html)');
  });
});

describe('HTTP on crafted frames (test/fixtures/dissect/app-crafted.tsv)', () => {
  // 8 the heuristic on port 8000 (query parameters, cookies), 11 HTTP/1.0 on port 8001,
  // 12 two pipelined requests in one segment.
  const frames = [8, 11, 12];
  it('decoder alone', () => checkAgainstTshark('app-crafted.tsv', 'app-crafted.pcap', byPayload, { frames, stack: false }));
  it('end to end', () => checkAgainstTshark('app-crafted.tsv', 'app-crafted.pcap', frameDecoder, { frames, stack: true }));

  it('the conversation the heuristic found stays HTTP (TShark reassembles frames 9-10 instead)', () => {
    const d = frameDecoder('app-crafted.pcap');
    expect(d.get(9)!.pinfo.info).toBe('HTTP/1.1 200 OK  (text/plain)');
    expect(d.get(10)!.pinfo.info).toBe('Continuation');
    expect(d.get(10)!.pinfo.protocols.join(':')).toBe('eth:ethertype:ip:tcp:http:data');
  });
});

describe('HTTP across segments (no TCP reassembly yet)', () => {
  it('the first segment of a long response shows its headers and the part of the body it holds', () => {
    // TShark waits for all 39600 bytes and shows them in frame 49; frame 9 is its first segment.
    const d = frameDecoder('sample.pcapng').get(9)!;
    expect(d.pinfo.info).toBe('HTTP/1.1 200 OK  (text/html)');
    expect(tsharkText(d.tree, 'http.content_length')).toBe('39600');
    expect(d.tree.texts.some((t) => t?.startsWith('[Body: 1381 of 39600 bytes'))).toBe(true);
  });

  it('a later segment of the body is a continuation', () => {
    const d = frameDecoder('sample.pcapng').get(10)!;
    expect(d.pinfo.info).toBe('Continuation');
    expect(d.pinfo.protocols.join(':')).toBe('eth:ethertype:ip:tcp:http:data');
  });
});
