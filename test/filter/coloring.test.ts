import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { packetMeta } from '../../native-bridge/common/index.js';
import { DissectSession, dissectFrame } from '../../native-bridge/dissect/index.js';
import { checkFilter, Colorizer, DEFAULT_COLORING_RULES } from '../../native-bridge/filter/index.js';
import { openCapture } from '../../native-bridge/formats/index.js';
import { BufferPool } from '../../native-bridge/pool/index.js';
import { wirepool } from '../e2e/support.js';
import { CAPTURES, FIXTURES, ROOT } from '../helpers/corpus.js';

const ORACLES = path.join(FIXTURES, 'coloring');
const FILES = [
  'sample.pcapng',
  'dhcp-rfc4388.pcap',
  'dns_tcp.pcap',
  'tcp_rst_data.pcap',
  'tcp-handshake-nano.pcap',
  'fletcher-checksum-negative-shift.pcap',
  'icmp-cksum-oobr-1.pcap',
];
const where = (name: string) => (name === 'sample.pcapng' ? path.join(ROOT, 'samples', name) : path.join(CAPTURES, name));

/** Each frame's rule name under the default rules, as `frame.number\tname` lines. */
function colored(file: string): string {
  const rules = new Colorizer(DEFAULT_COLORING_RULES.map((r) => r.filter));
  const session = new DissectSession(new BufferPool(), { revisits: false });
  const reader = openCapture(file);
  let out = '';
  let n = 0;
  for (let f = reader.next(); f !== undefined; f = reader.next()) {
    const i = rules.ruleOf(dissectFrame(packetMeta(f, ++n), f.data.bytes, session).tree);
    out += `${n}\t${i < 0 ? '' : DEFAULT_COLORING_RULES[i]!.name}\n`;
  }
  reader.close();
  return out;
}

describe('default coloring rules', () => {
  it("are TShark 4.0's list, in its order; the rules whose protocols are not dissected say so and never match", () => {
    expect(DEFAULT_COLORING_RULES.map((r) => r.name)).toEqual([
      'Bad TCP',
      'HSRP State Change',
      'Spanning Tree Topology  Change',
      'OSPF State Change',
      'ICMP errors',
      'ARP',
      'ICMP',
      'TCP RST',
      'SCTP ABORT',
      'TTL low or unexpected',
      'Checksum Errors',
      'SMB',
      'HTTP',
      'DCERPC',
      'Routing',
      'TCP SYN/FIN',
      'TCP',
      'UDP',
      'Broadcast',
      'System Event',
    ]);
    const c = new Colorizer(DEFAULT_COLORING_RULES.map((r) => r.filter));
    const broken = DEFAULT_COLORING_RULES.filter((_, i) => c.errors[i] !== '').map((r) => r.name);
    expect(broken).toEqual(['DCERPC', 'System Event']);
    for (const r of DEFAULT_COLORING_RULES) if (checkFilter(r.filter) !== undefined) expect(r.note).toMatch(/does not dissect/);
    expect(DEFAULT_COLORING_RULES[0]).toMatchObject({ background: '#12272e', foreground: '#f78787' });
  });

  it('color every frame of the sample and of corpus files as `tshark --color` does', () => {
    for (const name of FILES) expect(colored(where(name)), name).toBe(readFileSync(path.join(ORACLES, `${name}.tshark.tsv`), 'utf8'));
  });

  it('`wirepool read -e frame.coloring_rule.name` prints them', () => {
    expect(wirepool('read', '-e', 'frame.number', '-e', 'frame.coloring_rule.name', 'samples/sample.pcapng')).toBe(
      readFileSync(path.join(ORACLES, 'sample.pcapng.tshark.tsv'), 'utf8'),
    );
  });
});
