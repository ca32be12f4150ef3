import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DissectSession, dissectFrame, fieldTable, isAlias } from '../../native-bridge/dissect/index.js';
import { compileFilter, fieldFilter, quoteString } from '../../native-bridge/filter/index.js';
import { openCapture } from '../../native-bridge/formats/index.js';
import { BufferPool } from '../../native-bridge/pool/index.js';
import { packetMeta } from '../../native-bridge/common/index.js';
import { CAPTURES, ROOT } from '../helpers/corpus.js';

/**
 * Corpus files over the protocols the dissectors know (a few, to stay quick); FIELD_FILTER_PICK,
 * a regular expression over the corpus's names, picks others (`.`: all 830, which pass).
 */
const PICK = process.env.FIELD_FILTER_PICK;
const CORPUS_FILES = PICK
  ? readdirSync(CAPTURES).filter((n) => new RegExp(PICK, 'i').test(n))
  : [
      'dhcp-rfc4388.pcap',
      'dns_tcp.pcap',
      'tcp_rst_data.pcap',
      'tcp-handshake-nano.pcap',
      'icmp-cksum-oobr-1.pcap',
      'dhcpv6-ia-na.pcap',
      'ipv6-srh-insert-cksum.pcap',
      '802.1ad_QinQ.pcap',
      'ipv6-routing-header.pcap',
      'dns-uri.pcap',
    ];

/** Every shown node of every frame of `file`: its filter must compile and match the packet it came from. */
function checkFile(file: string): { nodes: number; filters: Set<string> } {
  const session = new DissectSession(new BufferPool(), { revisits: false });
  const reader = openCapture(file);
  const compiled = new Map<string, ReturnType<typeof compileFilter>>();
  const seen = new Set<string>();
  let nodes = 0;
  try {
    let n = 0;
    for (let f = reader.next(); f !== undefined; f = reader.next()) {
      const { tree } = dissectFrame(packetMeta(f, ++n), f.data.bytes, session);
      for (let i = 0; i < tree.size; i++) {
        if (isAlias(tree, i)) continue;
        const text = fieldFilter(tree.fields[i]!, tree.values[i]);
        if (text === undefined) continue;
        nodes++;
        seen.add(text.split(' ')[0]!);
        let c = compiled.get(text);
        if (c === undefined) {
          c = compileFilter(text);
          compiled.set(text, c);
        }
        if (!c.matches(tree)) throw new Error(`${path.basename(file)} frame ${n}: ${text} does not match its own packet`);
      }
    }
  } finally {
    reader.close();
    session.close();
  }
  return { nodes, filters: seen };
}

describe("a detail field's filter (Apply as Filter)", () => {
  it('is written as Wireshark writes it', () => {
    const f = (abbrev: string) => fieldTable.get(abbrev)!;
    expect(fieldFilter(f('ip.src'), 0x0a000001)).toBe('ip.src == 10.0.0.1');
    expect(fieldFilter(f('tcp.flags.syn'), true)).toBe('tcp.flags.syn == 1');
    expect(fieldFilter(f('tcp'), undefined)).toBe('tcp');
    expect(fieldFilter(f('http.request.method'), 'GET')).toBe('http.request.method == "GET"');
    expect(fieldFilter(f('eth.src'), Uint8Array.of(2, 0, 0, 0, 0, 1))).toBe('eth.src == 02:00:00:00:00:01');
    expect(fieldFilter(f('text'), undefined)).toBeUndefined();
    expect(quoteString('a"b\\c\r\n\x01')).toBe('"a\\"b\\\\c\\r\\n\\x01"');
  });

  it('compiles and matches its packet for every field of the sample and of corpus files', () => {
    const files = [path.join(ROOT, 'samples/sample.pcapng'), ...CORPUS_FILES.map((n) => path.join(CAPTURES, n))];
    let total = 0;
    for (const file of files) {
      total += checkFile(file).nodes;
    }
    expect(total).toBeGreaterThan(2000);
  });
});
