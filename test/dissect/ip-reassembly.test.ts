import { describe, expect, it } from 'vitest';
import { DissectSession } from '../../native-bridge/dissect/index.js';
import { Reassembler } from '../../native-bridge/dissect/protocols/ip-reassembly.js';
import { BufferPool } from '../../native-bridge/pool/index.js';
import { Packet } from '../../native-bridge/craft/index.js';
import { decode, decodeFile, LINK_FIXTURE, range, value, values } from './link-helpers.js';

const SRC = '192.0.2.10';
const DST = '198.51.100.20';
const ETH = { src: '02:00:00:00:00:0a', dst: '02:00:00:00:00:01' };

/** An IPv4 fragment, made by hand (id, offset, more fragments), in an Ethernet frame. */
function frag(id: number, off: number, more: boolean, piece: Uint8Array, proto = 17): Uint8Array {
  return new Packet({ eth: ETH, ip: { src: SRC, dst: DST, id, proto, df: false, mf: more, frag_offset: off }, payload: piece }).build();
}

/** A UDP datagram (header and payload, no checksum) of `size` bytes, to be cut into fragments. */
function datagram(size: number): Uint8Array {
  const payload = new Uint8Array(size - 8).map((_, i) => (i * 13) & 0xff);
  return new Packet({ ip: { src: SRC, dst: DST }, udp: { srcport: 40000, dstport: 7777, checksum: false }, payload }).build().subarray(20);
}

function split(d: Uint8Array, size: number): [number, Uint8Array][] {
  const out: [number, Uint8Array][] = [];
  for (let o = 0; o < d.length; o += size) out.push([o, d.subarray(o, Math.min(d.length, o + size))]);
  return out;
}

function run(session: DissectSession, id: number, pieces: [number, Uint8Array][], total: number, start = 1, sec?: number) {
  return pieces.map(([off, piece], i) => decode(1, frag(id, off, off + piece.length < total, piece), session, start + i, sec));
}

describe('IPv4 reassembly', () => {
  it('reassembles in order and decodes the whole datagram in the completing frame', () => {
    const d = datagram(1200);
    const out = run(new DissectSession(), 1, split(d, 512), d.length);
    expect(out.map((o) => o.pinfo.protocols.join(':'))).toEqual([
      'eth:ethertype:ip:data',
      'eth:ethertype:ip:data',
      'eth:ethertype:ip:udp:data',
    ]);
    expect(out[0]!.pinfo.info).toBe('Fragmented IP protocol (proto=UDP 17, off=0, ID=0001)');
    const last = out[2]!;
    expect(value(last.tree, 'ip.reassembled.length')).toBe(1200);
    expect(values(last.tree, 'ip.fragment')).toEqual([1, 2, 3]);
    expect(value(last.tree, 'udp.length')).toBe(1200);
    // The UDP layer points into the reassembled buffer (data source 1), from its start.
    const udpNode = last.tree.find(last.tree.fields.find((f) => f.abbrev === 'udp')!)[0]!;
    expect(last.tree.sources[udpNode]).toBe(1);
    expect(range(last.tree, 'udp')).toEqual([0, 8]);
    expect(range(last.tree, 'udp.payload')).toEqual([8, 1192]);
    expect(last.tree.extraSources[0]!.name).toBe('Reassembled IPv4');
    expect([...last.tree.extraSources[0]!.bytes]).toEqual([...d]);
  });

  it('reassembles out of order', () => {
    const d = datagram(1500);
    const p = split(d, 400);
    const out = run(new DissectSession(), 2, [p[3]!, p[1]!, p[0]!, p[2]!], d.length);
    expect(out.map((o) => o.pinfo.protocols.at(-2))).toEqual(['ip', 'ip', 'ip', 'udp']);
    expect([...out[3]!.tree.extraSources[0]!.bytes]).toEqual([...d]);
  });

  it('keeps the first copy of overlapping bytes and flags overlaps, conflicts and duplicates', () => {
    const d = datagram(800);
    const s = new DissectSession();
    const a = decode(1, frag(3, 0, true, d.subarray(0, 400)), s, 1);
    const dup = decode(1, frag(3, 0, true, d.subarray(0, 400)), s, 2);
    expect(values(dup.tree, 'ip.fragment.overlap')).toEqual([true]);
    const bad = d.slice(200, 600);
    bad[0] = bad[0]! ^ 0xff;
    const conflict = decode(1, frag(3, 200, true, bad), s, 3);
    expect(values(conflict.tree, 'ip.fragment.overlap.conflict')).toEqual([true]);
    const last = decode(1, frag(3, 600, false, d.subarray(600)), s, 4);
    expect(a.pinfo.protocols.at(-1)).toBe('data');
    expect(last.pinfo.protocols.at(-2)).toBe('udp');
    expect([...last.tree.extraSources[0]!.bytes]).toEqual([...d]);
  });

  it('drops a datagram with a missing fragment once it is too old, and bounds what it holds', () => {
    const pool = new BufferPool();
    const session = new DissectSession(pool);
    const d = datagram(1200);
    const p = split(d, 512);
    run(session, 4, [p[0]!, p[2]!], d.length, 1, 1000);
    const table = session.state('ip.reassembly', () => new Reassembler(session));
    expect(table.pendingCount).toBe(1);
    // 61 s later (capture time) the incomplete datagram is given up and its buffer returned.
    run(session, 5, [p[0]!], d.length, 10, 1061);
    expect(table.dropped).toBe(1);
    expect(table.pendingCount).toBe(1);
    const late = decode(1, frag(4, 512, true, p[1]![1]), session, 20, 1061);
    expect(late.pinfo.protocols.at(-1)).toBe('data');
  });

  it('holds at most maxDatagrams incomplete datagrams and maxFragments per datagram', () => {
    const pool = new BufferPool();
    const r = new Reassembler(new DissectSession(pool), { maxDatagrams: 4, maxFragments: 3 });
    for (let i = 0; i < 10; i++) r.add(`k${i}`, 0, i + 1, 0, new Uint8Array(8), true);
    expect(r.pendingCount).toBe(4);
    expect(r.dropped).toBe(6);
    for (let i = 0; i < 3; i++) r.add('many', 0, 20 + i, 8 * (i + 1), new Uint8Array(8), true);
    expect(r.add('many', 0, 30, 64, new Uint8Array(8), true).status).toBe('error');
    r.clear();
    expect(pool.stats().tiers.reduce((a, t) => a + t.outstanding, 0)).toBe(0);
  });

  it('reassembles a 60 KiB datagram in the 64 KiB tier and returns buffers it no longer needs', () => {
    const pool = new BufferPool();
    const session = new DissectSession(pool);
    const d = datagram(60 * 1024);
    const out = run(session, 6, split(d, 1480), d.length);
    const last = out.at(-1)!;
    expect(last.pinfo.protocols.join(':')).toBe('eth:ethertype:ip:udp:data');
    expect(value(last.tree, 'ip.reassembled.length')).toBe(60 * 1024);
    expect(Buffer.compare(last.tree.extraSources[0]!.bytes, d)).toBe(0);
    const tiers = pool.stats().tiers;
    expect(tiers[2]!.outstanding).toBe(1); // the completed datagram, kept while its tree is in use
    expect(tiers[0]!.outstanding + tiers[1]!.outstanding).toBe(0); // the smaller buffers it outgrew went back
    session.state('ip.reassembly', () => new Reassembler(session)).clear();
    expect(pool.stats().tiers[2]!.outstanding).toBe(0);
  });

  it('refuses fragments past the largest datagram and more than one last fragment', () => {
    const r = new Reassembler(new DissectSession());
    expect(r.add('x', 0, 1, 65528, new Uint8Array(16), false).status).toBe('error');
    r.add('y', 0, 1, 0, new Uint8Array(16), false);
    expect(r.add('y', 0, 2, 8, new Uint8Array(16), false).status).not.toBe('complete');
  });

  it('matches TShark on the corpus: fragments show as data, the last as the whole datagram', () => {
    const frames = decodeFile('afs.pcap');
    expect(frames[124]!.pinfo.protocols.join(':')).toBe('eth:ethertype:ip:data');
    expect(frames[127]!.pinfo.protocols.slice(0, 4).join(':')).toBe('eth:ethertype:ip:udp');
    expect(values(frames[127]!.tree, 'ip.fragment')).toEqual([125, 126, 127, 128]);
  });
});

describe('IPv6 reassembly', () => {
  it('reassembles fragment headers into the upper layer (fixture, as TShark shows it)', () => {
    const frames = decodeFile(LINK_FIXTURE);
    const first = frames[19]!;
    const last = frames[20]!;
    expect(first.pinfo.protocols.join(':')).toBe('eth:ethertype:ipv6:ipv6.fraghdr:data');
    expect(first.pinfo.info).toBe('IPv6 fragment (off=0 more=y ident=0xabcdef01 nxt=17)');
    expect(last.pinfo.protocols.join(':')).toBe('eth:ethertype:ipv6:ipv6.fraghdr:udp:data');
    expect(value(last.tree, 'ipv6.reassembled.length')).toBe(908);
    expect(value(last.tree, 'udp.srcport')).toBe(40004);
  });
});
