import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { PacketMeta } from '../../native-bridge/common/index.js';
import { Packet } from '../../native-bridge/craft/index.js';
import { DissectSession, type Dissection, dissectFrame, fieldTable, fieldValueText } from '../../native-bridge/dissect/index.js';
import { openCapture } from '../../native-bridge/formats/index.js';
import { BufferPool } from '../../native-bridge/pool/index.js';
import { ProtocolHierarchy, hierarchyText } from '../../native-bridge/stats/index.js';
import { CAPTURES, FIXTURES, readAll, readTsv } from '../helpers/corpus.js';

/**
 * TCP desegmentation against TShark 4.0 on a real recording (test/fixtures/dissect/loopback.pcap:
 * HTTP/1.0 and 1.1 with text, JSON, form, gzip and chunked bodies, TLS 1.2/1.3 records over
 * segments, DNS over UDP and TCP, pings and IP fragments, made by scripts/record-loopback.sh;
 * TShark's reading in loopback.tsv and loopback.phs, regen-loopback.sh), and on crafted
 * segments for what a recording does not show (limits, hostile lengths, revisits).
 */
const LOOPBACK = path.join(FIXTURES, 'dissect/loopback.pcap');
const COLUMNS = ['frame.number', 'frame.protocols', '_ws.col.Protocol', '_ws.col.Info'];
const FIELDS = [
  'http.request.uri',
  'http.response.code',
  'http.content_type',
  'http.content_length',
  'tcp.reassembled.length',
  'tcp.segment.count',
  'tcp.segment',
  'dns.qry.name',
  'tls.record.content_type',
  'urlencoded-form.key',
  'json.key',
  'http.prev_request_in',
  'http.prev_response_in',
  'http.request_in',
  'json.member_with_value',
  'x509af.utcTime',
  'x509ce.dNSName',
];

/** Frames where we differ from TShark on purpose or for want of a decoder, with why. */
const KNOWN: Readonly<Record<number, string>> = {};

function frames(file: string): { meta: PacketMeta; bytes: Uint8Array }[] {
  const pool = new BufferPool();
  return readAll(openCapture(file, { pool })).frames.map(({ bytes, ...meta }) => ({ meta, bytes }));
}

const values = (d: Dissection, abbrev: string): string => {
  const field = fieldTable.get(abbrev)!;
  return d.tree
    .find(field)
    .map((i) => fieldValueText(field, d.tree.values[i]))
    .join(',');
};

describe('TCP reassembly on a real loopback recording, against TShark 4.0', () => {
  const want = readTsv(path.join(FIXTURES, 'dissect/loopback.tsv'));
  const capture = frames(LOOPBACK);
  const session = new DissectSession(new BufferPool());
  const got = capture.map((f) => dissectFrame(f.meta, f.bytes, session));

  it('agrees on every frame’s protocol stack, Protocol and Info', () => {
    expect(got.length).toBe(want.length);
    const bad: string[] = [];
    for (let i = 0; i < got.length; i++) {
      const { pinfo } = got[i]!;
      const [n, stack, protocol, info] = want[i]!;
      const ours = [String(pinfo.frame.number), pinfo.protocols.join(':'), pinfo.protocol, pinfo.info];
      if (KNOWN[pinfo.frame.number] !== undefined) continue;
      ours.forEach((v, k) => {
        if (v !== [n, stack, protocol, info][k])
          bad.push(`frame ${n} ${COLUMNS[k]}: ours «${v}» tshark «${[n, stack, protocol, info][k]}»`);
      });
    }
    expect(bad).toEqual([]);
  });

  it('puts HTTP, DNS, TLS and body fields on the frames TShark puts them', () => {
    const bad: string[] = [];
    for (let i = 0; i < got.length; i++) {
      FIELDS.forEach((abbrev, k) => {
        const theirs = want[i]![COLUMNS.length + k] ?? '';
        const ours = values(got[i]!, abbrev);
        if (ours !== theirs) bad.push(`frame ${i + 1} ${abbrev}: ours «${ours}» tshark «${theirs}»`);
      });
    }
    expect(bad).toEqual([]);
    // The recording has what the test is for.
    const column = (abbrev: string): string[] => want.map((r) => r[COLUMNS.length + FIELDS.indexOf(abbrev)] ?? '').filter(Boolean);
    expect(column('tcp.reassembled.length').length).toBeGreaterThan(15);
    expect(column('http.content_type')).toEqual(expect.arrayContaining(['application/json', 'application/x-www-form-urlencoded']));
  });

  it('counts the protocol hierarchy as tshark -z io,phs does', () => {
    const h = new ProtocolHierarchy();
    for (const d of got) h.add(d);
    const phs = readFileSync(path.join(FIXTURES, 'dissect/loopback.phs'), 'utf8');
    expect([...hierarchyText(h.snapshot())].join('\n').trim()).toBe(phs.trim());
  });

  it('shows a reassembled PDU as a data source with its segments', () => {
    const d = got.find((x) => values(x, 'http.content_type') === 'application/json' && values(x, 'tcp.segment.count') !== '')!;
    const source = d.tree.extraSources.find((s) => s.name.startsWith('Reassembled TCP'))!;
    expect(source.bytes.length).toBe(Number(values(d, 'tcp.reassembled.length')));
    expect(new TextDecoder().decode(source.bytes.subarray(0, 5))).toBe('HTTP/');
    // The segments subtree lists every frame that carried a piece, as TShark's text does.
    const segments = values(d, 'tcp.segment').split(',');
    const label = d.tree.texts[d.tree.find(fieldTable.get('tcp.segments')!)[0]!]!;
    expect(label).toMatch(
      new RegExp(`^\\[${segments.length} Reassembled TCP Segments \\(${source.bytes.length} bytes\\): #${segments[0]}\\(`),
    );
  });

  it('decodes gzip and chunked bodies into data sources of their own', () => {
    const names = got.flatMap((d) => d.tree.extraSources.map((s) => s.name));
    expect(names).toContain('Uncompressed entity body');
    expect(names).toContain('De-chunked entity body');
    const gz = got.find((d) => d.tree.extraSources.some((s) => s.name === 'Uncompressed entity body'))!;
    const body = gz.tree.extraSources.find((s) => s.name === 'Uncompressed entity body')!.bytes;
    // The server sent 4000 copies of one line, gzip-compressed.
    expect(body.length).toBe(4000 * 'compressed line of text for the inspector\n'.length);
    expect(gz.tree.texts.some((t) => /^Content-encoded entity body \(gzip\): \d+ bytes -> 168000 bytes$/.test(t ?? ''))).toBe(true);
  });
});

describe('an HTTP/1.0 response without a length, against TShark 4.0', () => {
  it('is collected until the server closes, and shown on its empty FIN (http-until-fin.pcap)', () => {
    const want = readTsv(path.join(FIXTURES, 'dissect/http-until-fin.tsv'));
    const session = new DissectSession(new BufferPool());
    const got = frames(path.join(FIXTURES, 'dissect/http-until-fin.pcap')).map((f) => dissectFrame(f.meta, f.bytes, session));
    const rows = got.map((d) => [
      String(d.pinfo.frame.number),
      d.pinfo.protocols.join(':'),
      d.pinfo.protocol,
      d.pinfo.info,
      values(d, 'tcp.reassembled.length'),
    ]);
    expect(rows).toEqual(want.map((r) => [...r, '', '', '', '', ''].slice(0, 5)));
    // The segments list ends with the FIN's empty piece, as TShark lists "#18(0)".
    expect(got[17]!.tree.texts.some((t) => t?.endsWith('#16(34), #18(0)]'))).toBe(true);
  });
});

/** Frames of one TCP connection from 10.0.0.1:40000 to 10.0.0.2:80: the handshake, then the segments given. */
function connection(segments: readonly { from: 'client' | 'server'; data: Uint8Array }[]): { meta: PacketMeta; bytes: Uint8Array }[] {
  const client = { ip: { src: '10.0.0.1', dst: '10.0.0.2' }, port: [40000, 80] as const };
  const server = { ip: { src: '10.0.0.2', dst: '10.0.0.1' }, port: [80, 40000] as const };
  const seq = { client: 1000, server: 5000 };
  const out: Uint8Array[] = [];
  const eth = { src: '02:00:00:00:00:01', dst: '02:00:00:00:00:02' };
  const seg = (who: 'client' | 'server', flags: string, payload: Uint8Array): void => {
    const s = who === 'client' ? client : server;
    const other = who === 'client' ? 'server' : 'client';
    out.push(
      new Packet({
        eth,
        ip: s.ip,
        tcp: { srcport: s.port[0], dstport: s.port[1], seq: seq[who], ack: seq[other], flags },
        payload,
      }).build(),
    );
    seq[who] = (seq[who] + payload.length + (flags.includes('S') ? 1 : 0)) >>> 0;
  };
  seg('client', 'S', new Uint8Array(0));
  // The server's ISN is acknowledged from its SYN on.
  seg('server', 'SA', new Uint8Array(0));
  seg('client', 'A', new Uint8Array(0));
  for (const s of segments) seg(s.from, 'PA', s.data);
  return out.map((bytes, i) => ({
    meta: { number: i + 1, sec: 1_767_225_600, nsec: i * 1000, wireLen: bytes.length, capLen: bytes.length, interfaceId: 0, linkType: 1 },
    bytes,
  }));
}

const text = (s: string): Uint8Array => new TextEncoder().encode(s);

describe('TCP reassembly on crafted segments', () => {
  it('collects a response over many segments and shows it on the last', () => {
    const body = 'x'.repeat(5000);
    const response = text(`HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: ${body.length}\r\n\r\n${body}`);
    const parts = [];
    for (let at = 0; at < response.length; at += 1000) parts.push({ from: 'server' as const, data: response.subarray(at, at + 1000) });
    const fs = connection([{ from: 'client', data: text('GET / HTTP/1.1\r\nHost: a\r\n\r\n') }, ...parts]);
    const session = new DissectSession(new BufferPool());
    const ds = fs.map((f) => dissectFrame(f.meta, f.bytes, session));
    const last = ds.at(-1)!;
    expect(last.pinfo.info).toBe('HTTP/1.1 200 OK  (text/plain)');
    expect(values(last, 'tcp.segment.count')).toBe(String(parts.length));
    expect(values(last, 'http.request_in')).toBe('4');
    for (const d of ds.slice(4, -1)) expect(d.pinfo.info).toMatch(/\[TCP segment of a reassembled PDU\]$/);
  });

  it('waits for a PDU longer than the limit, gives it up once its bytes pass it, and holds no buffer', () => {
    // A Content-Length of 1 GB: HTTP asks for it and TCP waits, as TShark does; the bytes it
    // collects stop at 16 MiB, with a note, and none of them stay held.
    const head = text('HTTP/1.1 200 OK\r\nContent-Length: 1000000000\r\n\r\nabc');
    const chunk = new Uint8Array(60000).fill(0x61);
    const body = Array.from({ length: 290 }, () => ({ from: 'server' as const, data: chunk }));
    const pool = new BufferPool();
    const fs = connection([{ from: 'client', data: text('GET / HTTP/1.1\r\n\r\n') }, { from: 'server', data: head }, ...body]);
    const session = new DissectSession(pool);
    const ds = fs.map((f) => dissectFrame(f.meta, f.bytes, session));
    expect(ds[4]!.pinfo.info).toMatch(/\[TCP segment of a reassembled PDU\]$/);
    expect(ds[5]!.pinfo.info).toMatch(/\[TCP segment of a reassembled PDU\]$/);
    // 16 MiB / 60000 bytes: the 280th segment of the body passes the limit.
    const gaveUp = ds.findIndex((d) => d.tree.texts.some((t) => t?.includes('Reassembly given up')));
    expect(gaveUp).toBe(4 + Math.ceil((16 << 20) / 60000));
    // Without a PDU to wait for, the next segment is shown on its own.
    expect(ds[gaveUp + 1]!.pinfo.info).toBe('Continuation');
    session.close();
    expect(pool.stats().tiers.every((t) => t.outstanding === 0)).toBe(true);
  });

  it('survives hostile lengths and garbage without throwing or holding memory', () => {
    const pool = new BufferPool();
    const session = new DissectSession(pool);
    const noise = (n: number, seed: number): Uint8Array => new Uint8Array(n).map((_, i) => (i * 31 + seed * 7) & 0xff);
    const fs = connection([
      { from: 'client', data: text('POST / HTTP/1.1\r\nContent-Length: 99999999999999999999\r\n\r\n') },
      { from: 'client', data: text('POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nfffffffffff\r\n') },
      { from: 'server', data: Uint8Array.of(0x16, 0x03, 0x03, 0xff, 0xff, 1, 2, 3) },
      ...Array.from({ length: 20 }, (_, i) => ({ from: (i % 2 ? 'client' : 'server') as 'client' | 'server', data: noise(700, i) })),
    ]);
    for (const f of fs) expect(() => dissectFrame(f.meta, f.bytes, session)).not.toThrow();
    // Revisit everything backwards: same trees (no state moved by the second look).
    for (const f of [...fs].reverse()) expect(() => dissectFrame(f.meta, f.bytes, session)).not.toThrow();
    session.close();
    expect(pool.stats().tiers.every((t) => t.outstanding === 0)).toBe(true);
  });
});

/**
 * bgp-as-path-oobr.pcap, as TShark 4.0 reads it: frame 1 leaves a BGP message waiting for one
 * more segment (its last 390 bytes), frame 2 starts one byte before frame 1's end, frame 3 (out
 * of order) 37 bytes before the end of what frame 2 left waiting, with other bytes there.
 */
describe('TCP segments that overlap a waiting PDU (bgp-as-path-oobr.pcap), against TShark 4.0', () => {
  const capture = frames(path.join(CAPTURES, 'bgp-as-path-oobr.pcap'));
  const byNumber = new Map(capture.map((f) => [f.meta.number, f.bytes]));
  const pass = (): { session: DissectSession; got: Dissection[] } => {
    const session = new DissectSession(new BufferPool(), { frameBytes: (n) => byNumber.get(n) });
    return { session, got: capture.map((f) => dissectFrame(f.meta, f.bytes, session)) };
  };
  // The TCP payloads: after Ethernet, IPv4 and the 44-byte TCP header.
  const payload = (n: number): Uint8Array => byNumber.get(n)!.subarray(14 + 20 + 44);
  const source = (d: Dissection): Uint8Array => d.tree.extraSources.find((x) => x.name === 'Reassembled TCP')!.bytes;
  const label = (d: Dissection): string => d.tree.texts[d.tree.find(fieldTable.get('tcp.segments')!)[0]!]!;
  const { session, got } = pass();

  it('continues the PDU with a segment that starts inside its bytes, keeping the bytes first held', () => {
    const [, second] = got;
    expect(label(second!)).toBe('[2 Reassembled TCP Segments (1208 bytes): #1(390), #2(44)]');
    expect(values(second!, 'tcp.segment')).toBe('1,2');
    expect(values(second!, 'tcp.segment.overlap')).toBe('1');
    expect(values(second!, 'tcp.segment.overlap.conflict')).toBe('');
    const bytes = source(second!);
    expect(bytes).toEqual(Uint8Array.from([...payload(1).subarray(827), ...payload(2).subarray(1)]));
    expect(second!.pinfo.info).toBe('UPDATE Message[Malformed Packet], UPDATE Message, UPDATE Message[Malformed Packet]');
  });

  it('adds an out-of-order segment to the PDU it falls in, hands nothing up and marks conflicting bytes', () => {
    const third = got[2]!;
    expect(third.pinfo.protocols.join(':')).toBe('eth:ethertype:ip:tcp');
    expect(third.pinfo.info).toBe('[TCP Out-Of-Order] [Illegal Segments]');
    expect(label(third)).toBe('[2 Reassembled TCP Segments (1953 bytes): #2(775), #3(1215)]');
    expect(values(third, 'tcp.segment')).toBe('2');
    expect(values(third, 'tcp.segment.error')).toBe('3');
    expect(values(third, 'tcp.segment.overlap.conflict')).toBe('1');
    // The 37 overlapping bytes stay frame 2's; they differ from frame 3's.
    const bytes = source(third);
    expect(bytes.subarray(738, 775)).toEqual(payload(2).subarray(44 + 738));
    expect(bytes.subarray(738, 775)).not.toEqual(payload(3).subarray(0, 37));
    expect(bytes.subarray(775)).toEqual(payload(3).subarray(37));
  });

  it('rebuilds the same bytes and marks on a revisit, from the frames read again', () => {
    for (const i of [2, 1]) {
      const again = dissectFrame(capture[i]!.meta, capture[i]!.bytes, session);
      expect(source(again)).toEqual(source(got[i]!));
      expect([label(again), again.pinfo.info]).toEqual([label(got[i]!), got[i]!.pinfo.info]);
    }
    expect(session.stats().keptBytes).toBe(0);
  });

  it('leaves a waiting PDU alone when an out-of-order segment starts before it', () => {
    const first = text('HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n0123456789');
    const fs = connection([
      { from: 'server', data: first },
      { from: 'server', data: text('HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n0123456789') },
      { from: 'server', data: text('x'.repeat(90)) },
    ]);
    // The first response again, 5 bytes on: it runs 5 bytes into the second, which waits for its body.
    const again = fs[3]!.bytes.slice();
    const view = new DataView(again.buffer);
    view.setUint32(14 + 20 + 4, view.getUint32(14 + 20 + 4) + 5);
    const order = [
      ...fs.slice(0, 5),
      { meta: { ...fs[4]!.meta, number: 6 }, bytes: again },
      { ...fs[5]!, meta: { ...fs[5]!.meta, number: 7 } },
    ];
    const s = new DissectSession(new BufferPool());
    const ds = order.map((f) => dissectFrame(f.meta, f.bytes, s));
    expect(ds[5]!.pinfo.info).toMatch(/^\[TCP Out-Of-Order\] 80 → 40000 /);
    expect(ds[6]!.pinfo.info).toBe('HTTP/1.1 200 OK ');
    expect(values(ds[6]!, 'tcp.segment')).toBe('5,7');
  });

  it('replaces Info with "[Illegal Segments]" when an in-order segment brings other bytes where it overlaps', () => {
    // A BGP KEEPALIVE's first 10 bytes, then a segment one byte back: that byte, the rest and a
    // second KEEPALIVE (TShark 4.0 reads the crafted pair so, with 0xff or 0x00 there).
    const keepalive = [...new Array<number>(16).fill(0xff), 0x00, 0x13, 0x04];
    const read = (first: number): Dissection => {
      const segment = (seq: number, payload: number[]): Uint8Array =>
        new Packet({
          eth: { src: '02:00:00:00:00:01', dst: '02:00:00:00:00:02' },
          ip: { src: '10.0.0.2', dst: '10.0.0.1' },
          tcp: { srcport: 179, dstport: 40000, seq, ack: 1, flags: 'PA' },
          payload: Uint8Array.from(payload),
        }).build();
      const s = new DissectSession(new BufferPool());
      const fs = [segment(1000, keepalive.slice(0, 10)), segment(1009, [first, ...keepalive.slice(10), ...keepalive])];
      const meta = (n: number, b: Uint8Array): PacketMeta => ({
        number: n,
        sec: 1_767_225_600,
        nsec: n * 1000,
        wireLen: b.length,
        capLen: b.length,
        interfaceId: 0,
        linkType: 1,
      });
      return fs.map((b, i) => dissectFrame(meta(i + 1, b), b, s))[1]!;
    };
    const same = read(0xff);
    expect([same.pinfo.protocol, same.pinfo.info]).toEqual(['BGP', 'KEEPALIVE Message, KEEPALIVE Message']);
    expect([values(same, 'tcp.segment'), values(same, 'tcp.segment.overlap.conflict')]).toEqual(['1,2', '']);
    const other = read(0x00);
    expect([other.pinfo.protocol, other.pinfo.info]).toEqual(['BGP', '[Illegal Segments]']);
    expect([values(other, 'tcp.segment'), values(other, 'tcp.segment.error'), values(other, 'tcp.segment.overlap.conflict')]).toEqual([
      '1',
      '2',
      '1',
    ]);
  });
});
