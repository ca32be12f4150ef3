import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DissectSession, dissectFrame, expertFields, fieldTable, shownTree } from '../../native-bridge/dissect/index.js';
import { compileFilter } from '../../native-bridge/filter/index.js';
import { openCapture } from '../../native-bridge/formats/index.js';
import { BufferPool } from '../../native-bridge/pool/index.js';
import { ExpertTable, expertText } from '../../native-bridge/stats/index.js';
import { coveredRows } from '../../scripts/expert-rows.js';
import { CAPTURES, FIXTURES, ROOT } from '../helpers/corpus.js';

/** TShark 4.0's `-z expert` rows for the items Wirepool adds, per file (scripts/expert-oracle.ts --write). */
const ORACLE: Record<string, string[]> = JSON.parse(readFileSync(path.join(FIXTURES, 'stats/expert-tshark.json'), 'utf8'));
const fileOf = (name: string): string => (name === 'sample.pcapng' ? path.join(ROOT, 'samples', name) : path.join(CAPTURES, name));

function expertOf(file: string): ExpertTable {
  const pool = new BufferPool();
  const reader = openCapture(file, { pool });
  const session = new DissectSession(pool, { revisits: false });
  const table = new ExpertTable();
  try {
    for (let f = reader.next(); f !== undefined; f = reader.next()) table.add(dissectFrame(f, f.data.bytes, session), f.number);
  } finally {
    reader.close();
  }
  return table;
}

describe('expert information against TShark 4.0', () => {
  for (const [name, want] of Object.entries(ORACLE)) {
    it(`${name}: the rows of -z expert for the items we add`, () => {
      expect(coveredRows(expertText(expertOf(fileOf(name)).snapshot()))).toEqual(want);
    });
  }

  it('prints the sample exactly as tshark -q -z expert does', () => {
    const text = [...expertText(expertOf(fileOf('sample.pcapng')).snapshot())];
    expect(text).toEqual([
      '',
      'Notes (3)',
      '=============',
      '   Frequency      Group           Protocol  Summary',
      '           1   Protocol                TCP  The acknowledgment number field is nonzero while the ACK flag is not set',
      '           1   Sequence                TCP  This frame initiates the connection closing',
      '           1   Sequence                TCP  This frame undergoes the connection closing',
      '',
      'Chats (6)',
      '=============',
      '   Frequency      Group           Protocol  Summary',
      '           1   Sequence                TCP  Connection establish request (SYN): server port 80',
      '           1   Sequence                TCP  Connection establish acknowledge (SYN+ACK): server port 80',
      '           1   Sequence               HTTP  GET /index.html HTTP/1.1\\r\\n',
      '           1   Sequence               HTTP  HTTP/1.1 200 OK\\r\\n',
      '           2   Sequence                TCP  Connection finish (FIN)',
    ]);
  });

  it('lists the frames of each row and counts per severity', () => {
    const s = expertOf(path.join(CAPTURES, 'pptp.pcap')).snapshot();
    expect(s.counts).toEqual({ comment: 0, chat: 6, note: 11, warn: 0, error: 0 });
    // tshark -T fields -e frame.number -e _ws.expert.message: retransmissions in 3, 9, 14, 20.
    expect(s.rows.find((r) => r.summary === 'This frame is a (suspected) retransmission')?.frames).toEqual([3, 9, 14, 20]);
    expect(s.rows.map((r) => r.severity)).toEqual([...s.rows.map((r) => r.severity)].sort((a, b) => rank(a) - rank(b)));
  });
});

const rank = (s: string): number => ['error', 'warn', 'note', 'chat', 'comment'].indexOf(s);

describe('expert items in the tree', () => {
  const sample = (n: number) => {
    const pool = new BufferPool();
    const reader = openCapture(fileOf('sample.pcapng'), { pool });
    const session = new DissectSession(pool, { revisits: false });
    try {
      for (let f = reader.next(); f !== undefined; f = reader.next()) {
        const d = dissectFrame(f, f.data.bytes, session);
        if (f.number === n) return d;
      }
    } finally {
      reader.close();
    }
    throw new Error(`no frame ${n}`);
  };

  it('shows as tshark -V: under the field, generated, with message, severity and group', () => {
    const nodes = shownTree(sample(5).tree);
    const syn = nodes.findIndex((n) => n.abbrev === 'tcp.flags.syn');
    expect(nodes[syn]!.label).toBe('.... .... ..1. = Syn: Set');
    expect(nodes[syn]!.expert).toBe('chat');
    const under = nodes.filter((n) => n.parent === syn);
    expect(under.map((n) => n.label)).toEqual(['[Expert Info (Chat/Sequence): Connection establish request (SYN): server port 80]']);
    const ei = nodes.indexOf(under[0]!);
    expect(nodes.filter((n) => n.parent === ei).map((n) => n.label)).toEqual([
      '[Connection establish request (SYN): server port 80]',
      '[Severity level: Chat]',
      '[Group: Sequence]',
    ]);
    expect(nodes.find((n) => n.abbrev === 'tcp.stream')).toMatchObject({ label: '[Stream index: 0]', generated: true, length: 0 });
    expect(nodes.find((n) => n.abbrev === 'tcp.hdr_len')?.label).toBe('0101 .... = Header Length: 20 bytes (5)');
    expect(nodes.find((n) => n.abbrev === 'ip.version')?.label).toBe('0100 .... = Version: 4');
    expect(nodes.find((n) => n.abbrev === 'ip.frag_offset')?.label).toBe('...0 0000 0000 0000 = Fragment Offset: 0');
  });

  it('is filterable by every part, as TShark takes it', () => {
    const d = sample(5);
    const yes = [
      '_ws.expert',
      'tcp.connection.syn',
      '_ws.expert.severity == note',
      '_ws.expert.severity == 0x00200000',
      '_ws.expert.group == protocol',
      '_ws.expert.message contains "SYN"',
      'tcp.ack.nonzero',
    ];
    for (const f of yes) expect(compileFilter(f).matches(d.tree), f).toBe(true);
    for (const f of ['tcp.connection.fin', '_ws.expert.severity == error', '_ws.malformed'])
      expect(compileFilter(f).matches(d.tree), f).toBe(false);
    expect(compileFilter('_ws.expert').matches(sample(1).tree)).toBe(false);
  });

  it('registers each item once, its field under its protocol', () => {
    expect(fieldTable.get('tcp.connection.syn')).toMatchObject({ protocol: 'tcp', generated: true, type: 'none' });
    expect(fieldTable.get('http.chat')).toMatchObject({ protocol: 'http' });
    expect(fieldTable.get('_ws.expert')).toBe(expertFields.proto);
  });
});
