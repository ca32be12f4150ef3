import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DissectSession, ProtoTree, dissectFrame, fieldTable, fieldText, nodeLabel } from '../../native-bridge/dissect/index.js';
import { Colorizer, compileFilter, DEFAULT_COLORING_RULES } from '../../native-bridge/filter/index.js';
import { openCapture } from '../../native-bridge/formats/index.js';
import { BufferPool } from '../../native-bridge/pool/index.js';
import type { PacketMeta } from '../../native-bridge/common/index.js';
import { CAPTURES, FIXTURES, ROOT } from '../helpers/corpus.js';

/**
 * The two cheap ways to dissect that readers use (`wirepool read`, the app's packet store): a
 * summary-only dissection (a tree that keeps nothing) and one tree reused frame after frame.
 * Both must give exactly what a fresh full dissection gives, on every corpus file and on real
 * loopback recordings (TCP reassembly, HTTP bodies, TLS, DNS, IP fragments).
 */
const REAL = [
  path.join(FIXTURES, 'dissect/loopback.pcap'),
  path.join(FIXTURES, 'dissect/tls-sessions.pcap'),
  path.join(FIXTURES, 'dissect/tls-kex.pcap'),
  path.join(FIXTURES, 'dissect/sctp-dccp-crafted.pcap'),
  path.join(FIXTURES, 'dissect/http-until-fin.pcap'),
  path.join(FIXTURES, 'dissect/sip-call.pcap'),
  path.join(FIXTURES, 'dissect/kerberos.pcap'),
  path.join(FIXTURES, 'dissect/http-brotli.pcap'),
  path.join(FIXTURES, 'dissect/quic-loopback.pcap'),
  path.join(ROOT, 'samples/sample.pcapng'),
];
const corpus = existsSync(CAPTURES) ? readdirSync(CAPTURES).map((n) => path.join(CAPTURES, n)) : [];

type Mode = 'fresh' | 'reused' | 'summary';

/** Per frame: the columns, and (but in summary mode) every node's field, value and label. */
function dissectAll(file: string, mode: Mode): { columns: string[]; trees: string[] } | undefined {
  let reader: ReturnType<typeof openCapture>;
  try {
    reader = openCapture(file, { pool: new BufferPool() });
  } catch {
    return undefined; // not a capture Wirepool opens (the corpus has a few)
  }
  const session = new DissectSession(new BufferPool(), { revisits: false });
  const into = mode === 'fresh' ? undefined : new ProtoTree({ summary: mode === 'summary' });
  const columns: string[] = [];
  const trees: string[] = [];
  try {
    for (let f = reader.next(); f !== undefined; f = reader.next()) {
      const { tree, pinfo } = dissectFrame(f, f.data.bytes, session, into);
      columns.push([pinfo.stack, pinfo.src, pinfo.dst, pinfo.protocol, pinfo.info].join('\t'));
      if (mode === 'summary') {
        expect(tree.size).toBe(0);
        continue;
      }
      const nodes: string[] = [];
      for (let i = 0; i < tree.size; i++) nodes.push(`${tree.parents[i]} ${tree.fields[i]!.abbrev} ${nodeLabel(tree, i)}`);
      trees.push(nodes.join('\n'));
    }
  } catch (e) {
    columns.push(`reader stopped: ${(e as Error).message}`);
  } finally {
    reader.close();
  }
  return { columns, trees };
}

describe('summary-only and reused-tree dissection', () => {
  it.each(REAL)('%s: the same columns without a tree, the same trees in one reused tree', (file) => {
    const fresh = dissectAll(file, 'fresh')!;
    expect(fresh.columns.length).toBeGreaterThan(10);
    expect(dissectAll(file, 'summary')!.columns).toEqual(fresh.columns);
    expect(dissectAll(file, 'reused')!.trees).toEqual(fresh.trees);
  });

  it.skipIf(corpus.length === 0)(
    'every corpus file: summary columns and reused trees equal a fresh dissection',
    () => {
      let files = 0;
      let frames = 0;
      for (const file of corpus) {
        const fresh = dissectAll(file, 'fresh');
        if (fresh === undefined) continue;
        const name = path.basename(file);
        expect({ name, columns: dissectAll(file, 'summary')!.columns }).toEqual({ name, columns: fresh.columns });
        expect({ name, trees: dissectAll(file, 'reused')!.trees }).toEqual({ name, trees: fresh.trees });
        files++;
        frames += fresh.columns.length;
      }
      expect(files).toBeGreaterThan(800);
      expect(frames).toBeGreaterThan(10_000);
    },
    300_000,
  );

  const COLORING_FILTERS = DEFAULT_COLORING_RULES.map((r) => r.filter);
  const COLORING = new Colorizer(COLORING_FILTERS);
  // What display filters and -e read, in kinds: protocols, numbers, addresses and nets, strings,
  // byte slices, lengths, expert and analysis items, the frame's bytes, layers.
  const FILTERS = [
    'tcp',
    'udp.port == 53 || dns',
    'ip.addr == 10.0.0.0/8 || ipv6.addr == ::1',
    'frame.len > 100 && !arp',
    'dns.qry.name contains "a"',
    'tcp.analysis.flags || tcp.analysis.retransmission',
    '_ws.malformed || _ws.short || _ws.expert.severity >= 4',
    'http.request.method == "GET" || http.response.code == 200',
    'frame contains "HTTP"',
    'tcp.len > 0 && !(tcp.port == 80)',
    'eth.addr[0] == 0 && ip.ttl < 64',
    'len(tcp.payload) > 10 || udp.length > 100',
    'ip.src#2 == 127.0.0.1 || icmp.type == 3',
    'tls.handshake.type == 1 || tls.record.content_type == 23',
    'frame.protocols contains "tcp:tls"',
    // State a summary pass skips (PacketInfo.tracks): kept again when a filter reads it.
    'udp.stream == 2 || dns.time > 0.0001 || dns.unsolicited',
    // Bodies a summary does not walk (JSON, text lines): walked again when a filter reads them.
    'json.key == "query" || json.value.number == "1000" || (data-text-lines && http.response.code == 200)',
    // The default coloring rules (those naming protocols Wirepool knows): the app's rows are
    // colored with a tree keeping their fields alone.
    ...COLORING_FILTERS.filter((_, i) => COLORING.errors[i] === ''),
  ];
  const FIELDS = [
    'frame.number',
    'ip.src',
    'tcp.stream',
    'tcp.seq',
    'udp.stream',
    'dns.qry.name',
    'dns.response_to',
    'http.request.uri',
    'json.key',
    '_ws.expert.message',
  ].map((n) => fieldTable.get(n)!);

  /** Per frame: which filters match and the -e fields' text, with a full tree or one that keeps what they read. */
  function readAll(file: string, keep: boolean): string[] | undefined {
    let reader: ReturnType<typeof openCapture>;
    try {
      reader = openCapture(file, { pool: new BufferPool() });
    } catch {
      return undefined;
    }
    const filters = FILTERS.map((f) => compileFilter(f));
    const ids = [...filters.flatMap((f) => f.fields), ...FIELDS.map((f) => f.id)];
    // The reference keeps all state (a session that revisits, as the app's packet store); the
    // one-pass reader keeps only what its fields read (PacketInfo.tracks).
    const session = new DissectSession(new BufferPool(), { revisits: !keep });
    const into = new ProtoTree(keep ? { summary: true, keep: ids } : {});
    const out: string[] = [];
    try {
      for (let f = reader.next(); f !== undefined; f = reader.next()) {
        const { tree } = dissectFrame(f, f.data.bytes, session, into);
        out.push(`${filters.map((x) => (x.matches(tree) ? 1 : 0)).join('')} ${FIELDS.map((x) => fieldText(tree, x)).join('|')}`);
      }
    } catch (e) {
      out.push(`reader stopped: ${(e as Error).message}`);
    } finally {
      reader.close();
    }
    return out;
  }

  it("a tree that keeps only the filters' and fields' nodes gives the same matches and -e text", () => {
    let matched = 0;
    for (const file of [...REAL, ...corpus]) {
      const full = readAll(file, false);
      if (full === undefined) continue;
      const name = path.basename(file);
      expect({ name, frames: readAll(file, true) }).toEqual({ name, frames: full });
      for (const line of full) matched += (line.match(/1/g) ?? []).length;
    }
    expect(matched).toBeGreaterThan(1000); // the filters match something
  }, 300_000);

  it('a one-pass session refuses a tree that keeps other fields than its first frame had', () => {
    const reader = openCapture(path.join(FIXTURES, 'dissect/loopback.pcap'), { pool: new BufferPool() });
    const frames: { meta: PacketMeta; bytes: Uint8Array }[] = [];
    try {
      for (let f = reader.next(); f !== undefined && frames.length < 3; f = reader.next())
        frames.push({ meta: f, bytes: f.data.bytes.slice() });
    } finally {
      reader.close();
    }
    const [a, b, c] = frames as [(typeof frames)[0], (typeof frames)[0], (typeof frames)[0]];
    const session = new DissectSession(new BufferPool(), { revisits: false });
    const stream = fieldTable.get('udp.stream')!.id;
    dissectFrame(a.meta, a.bytes, session, new ProtoTree({ summary: true }));
    // The same fields in another tree object: fine.
    dissectFrame(b.meta, b.bytes, session, new ProtoTree({ summary: true, keep: [] }));
    // udp.stream asked for part-way would be counted from the middle of the capture.
    expect(() => dissectFrame(c.meta, c.bytes, session, new ProtoTree({ summary: true, keep: [stream] }))).toThrow(/one-pass session/);
    expect(() => dissectFrame(c.meta, c.bytes, session)).toThrow(/one-pass session/);
    // A session that revisits keeps all its state whatever tree comes.
    const full = new DissectSession(new BufferPool());
    dissectFrame(a.meta, a.bytes, full, new ProtoTree({ summary: true }));
    expect(dissectFrame(b.meta, b.bytes, full).tree.size).toBeGreaterThan(0);
  });
});
