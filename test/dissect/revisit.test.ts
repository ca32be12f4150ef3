import { createHash } from 'node:crypto';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { PacketMeta } from '../../native-bridge/common/index.js';
import {
  DissectSession,
  type DissectSessionOptions,
  type Dissection,
  dissectFrame,
  fieldValueText,
  nodeLabel,
} from '../../native-bridge/dissect/index.js';
import { openCapture } from '../../native-bridge/formats/index.js';
import { TrafficGenerator, prng, type ProfileName } from '../../native-bridge/generate/index.js';
import { Packet } from '../../native-bridge/craft/index.js';
import { BufferPool } from '../../native-bridge/pool/index.js';
import { CAPTURES, FIXTURES, ORACLE, ROOT, readAll, readTsv } from '../helpers/corpus.js';

/**
 * Revisits (Wireshark's visited flag): after a first pass in capture order, dissecting any frame
 * again on the same session, in any order, gives exactly the tree and columns of the first pass
 * and leaves the session's state alone (a first pass that goes on between revisits, as in a live
 * capture where the user selects old frames, gives what a clean first pass gives).
 */

interface Frame {
  meta: PacketMeta;
  bytes: Uint8Array;
}

interface Capture {
  name: string;
  frames: Frame[];
}

/** Length and SHA-1 of bytes (payloads and datagrams run to 64 KiB: their hex would dominate the test's time). */
const digest = (b: Uint8Array): string => `${b.length} bytes sha1 ${createHash('sha1').update(b).digest('hex')}`;

/** Everything a dissection shows: every node (shape, field, range, data source, label, value) and the columns. */
function render({ tree, pinfo }: Dissection): string {
  const lines: string[] = [];
  for (let i = 0; i < tree.size; i++) {
    const field = tree.fields[i]!;
    const value = tree.values[i];
    const shown = value instanceof Uint8Array ? digest(value) : fieldValueText(field, value);
    lines.push(
      `${tree.parents[i]} ${field.abbrev} ${tree.sources[i]}:${tree.starts[i]}+${tree.lengths[i]} | ${nodeLabel(tree, i)} | ${shown}`,
    );
  }
  for (const s of tree.extraSources) lines.push(`source ${s.name}: ${digest(s.bytes)}`);
  const m = pinfo.malformed;
  lines.push(`columns ${pinfo.src} | ${pinfo.dst} | ${pinfo.protocol} | ${pinfo.info} | ${pinfo.protocols.join(':')}`);
  lines.push(`malformed ${m === undefined ? '-' : `${m.offset} ${m.protocol} ${m.reason}`}`);
  return lines.join('\n');
}

function dissect(f: Frame, session: DissectSession): string {
  return render(dissectFrame(f.meta, f.bytes, session));
}

/** Where two renderings first differ, for the failure message. */
function firstDifference(got: string, want: string): string {
  const a = got.split('\n');
  const b = want.split('\n');
  for (let i = 0; i < Math.max(a.length, b.length); i++) if (a[i] !== b[i]) return `line ${i}: got "${a[i]}", want "${b[i]}"`;
  return 'same';
}

/** Seeded Fisher–Yates. */
function shuffled<T>(xs: readonly T[], seed: number): T[] {
  const next = prng(seed);
  const out = [...xs];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

function fromFile(file: string, name = path.basename(file)): Capture {
  const { frames, error } = readAll(openCapture(file, { pool }));
  // A file that breaks off still gives its frames before the fault.
  void error;
  return { name, frames: frames.map(({ bytes, ...meta }) => ({ meta, bytes })) };
}

const generatedCaptures = new Map<string, Capture>();

function generated(profile: ProfileName, packets: number): Capture {
  const name = `generated ${profile} ${packets}`;
  const hit = generatedCaptures.get(name);
  if (hit !== undefined) return hit;
  const gen = new TrafficGenerator({ profile, packets, seed: 7 });
  const frames: Frame[] = [];
  for (let g = gen.next(), n = 1; g !== undefined; g = gen.next(), n++) {
    const bytes = g.bytes.slice();
    frames.push({
      meta: { number: n, sec: g.sec, nsec: g.nsec, wireLen: g.wireLen, capLen: bytes.length, interfaceId: 0, linkType: 1 },
      bytes,
    });
  }
  const c = { name, frames };
  generatedCaptures.set(name, c);
  return c;
}

const pool = new BufferPool();

/**
 * IPv4 fragments made by hand: two datagrams, one in order with a duplicate and a conflicting
 * overlap (the first copy of a byte wins), one out of order, interleaved with each other.
 */
function crafted(): Capture {
  const eth = { src: '02:00:00:00:00:0a', dst: '02:00:00:00:00:01' };
  const datagram = (size: number, salt: number): Uint8Array => {
    const payload = new Uint8Array(size - 8).map((_, i) => (i * 13 + salt) & 0xff);
    return new Packet({ ip: { src: '192.0.2.10', dst: '198.51.100.20' }, udp: { srcport: 40000, dstport: 7777, checksum: false }, payload })
      .build()
      .subarray(20);
  };
  const frag = (id: number, off: number, more: boolean, piece: Uint8Array): Uint8Array =>
    new Packet({
      eth,
      ip: { src: '192.0.2.10', dst: '198.51.100.20', id, proto: 17, df: false, mf: more, frag_offset: off },
      payload: piece,
    }).build();
  const a = datagram(800, 1);
  const b = datagram(1200, 2);
  const bad = a.slice(200, 600);
  bad[10] = bad[10]! ^ 0xff;
  const list = [
    frag(1, 0, true, a.subarray(0, 400)),
    frag(2, 800, false, b.subarray(800)),
    frag(1, 0, true, a.subarray(0, 400)),
    frag(1, 200, true, bad),
    frag(2, 0, true, b.subarray(0, 400)),
    frag(1, 600, false, a.subarray(600)),
    frag(2, 400, true, b.subarray(400, 800)),
  ];
  const frames = list.map((bytes, i) => ({
    meta: { number: i + 1, sec: 1_767_225_600, nsec: i * 1000, wireLen: bytes.length, capLen: bytes.length, interfaceId: 0, linkType: 1 },
    bytes,
  }));
  return { name: 'crafted fragments', frames };
}

/** Every field abbrev seen in a first pass: shows which stateful protocols the captures exercised. */
const seen = new Set<string>();

interface FirstPass {
  session: DissectSession;
  renders: string[];
}

function firstPass(c: Capture, options?: DissectSessionOptions): FirstPass {
  const session = new DissectSession(pool, options);
  const renders = c.frames.map((f) => dissect(f, session));
  for (const r of renders) for (const line of r.split('\n')) seen.add(line.split(' ')[1]!);
  return { session, renders };
}

/** Revisits `order` (indexes into the capture) and lists the frames whose rendering changed. */
function revisit(c: Capture, pass: FirstPass, order: readonly number[]): string[] {
  const bad: string[] = [];
  for (const i of order) {
    const got = dissect(c.frames[i]!, pass.session);
    if (got !== pass.renders[i]) bad.push(`frame ${c.frames[i]!.meta.number}: ${firstDifference(got, pass.renders[i]!)}`);
  }
  return bad;
}

/** A first pass on a new session that revisits a random earlier frame (or the same) after each frame. */
function interleaved(c: Capture, want: readonly string[], seed: number): string[] {
  const session = new DissectSession(pool);
  const next = prng(seed);
  const bad: string[] = [];
  c.frames.forEach((f, i) => {
    const got = dissect(f, session);
    if (got !== want[i]) bad.push(`first pass, frame ${f.meta.number}: ${firstDifference(got, want[i]!)}`);
    const j = Math.floor(next() * (i + 1));
    const again = dissect(c.frames[j]!, session);
    if (again !== want[j])
      bad.push(`revisit of frame ${c.frames[j]!.meta.number} after ${f.meta.number}: ${firstDifference(again, want[j]!)}`);
  });
  return bad;
}

/** Captures seen to complete an IP datagram (filled as captures are checked). */
const reassembling = new Map<string, Capture>();
// IP and TCP reassembly (what frameBytes re-reads); QUIC keeps its reassembled CRYPTO bytes in its per-frame record.
const completes = (r: string): boolean => /\nsource Reassembled (IPv4|IPv6|TCP): /.test(r);

function checkCapture(c: Capture, seed: number): void {
  const pass = firstPass(c);
  if (pass.renders.some(completes)) reassembling.set(c.name, c);
  const indexes = c.frames.map((_, i) => i);
  const bad = [
    ...revisit(c, pass, [...indexes].reverse()).map((s) => `reverse: ${s}`),
    ...revisit(c, pass, shuffled(indexes, seed)).map((s) => `shuffled: ${s}`),
    ...interleaved(c, pass.renders, seed + 1),
  ];
  expect(bad.slice(0, 5), `${c.name}: ${bad.length} mismatches`).toEqual([]);
}

const corpus = readTsv(path.join(ORACLE, 'index.tsv'))
  .slice(1)
  .filter((r) => !r[4])
  .map((r) => r[0]!);

describe('revisiting frames gives the first pass again', () => {
  it.each(corpus.map((file, i) => [file, i] as const))('corpus %s', (file, i) => {
    checkCapture(fromFile(path.join(CAPTURES, file)), 1000 + i);
  });

  it.each([
    path.join(ROOT, 'samples/sample.pcapng'),
    path.join(FIXTURES, 'dissect/tls-sessions.pcap'),
    path.join(FIXTURES, 'dissect/tls-kex.pcap'),
    path.join(FIXTURES, 'dissect/sctp-dccp-crafted.pcap'),
    path.join(FIXTURES, 'dissect/app-crafted.pcap'),
    path.join(FIXTURES, 'dissect/link-layers.pcapng'),
    path.join(FIXTURES, 'dissect/loopback.pcap'),
    path.join(FIXTURES, 'dissect/tcp-analysis.pcap'),
    path.join(FIXTURES, 'dissect/tcp-snaplen.pcap'),
    path.join(FIXTURES, 'dissect/sip-call.pcap'),
    path.join(FIXTURES, 'dissect/sip-variants.pcap'),
    path.join(FIXTURES, 'dissect/kerberos.pcap'),
    path.join(FIXTURES, 'dissect/quic-loopback.pcap'),
    path.join(FIXTURES, 'dissect/quic-crafted.pcap'),
    path.join(FIXTURES, 'dissect/geonw-crafted.pcap'),
  ])('%s', (file) => {
    checkCapture(fromFile(file), 7);
  });

  it.each([
    ['mixed', 4000],
    ['fragments', 1500],
  ] as const)('generated %s capture (%i frames)', (profile, packets) => {
    checkCapture(generated(profile, packets), 11);
  });

  it('crafted IPv4 fragments that overlap, conflict and come out of order', () => {
    checkCapture(crafted(), 3);
  });

  afterAll(() => {
    // Every protocol that keeps state was exercised (a capture set that lost one would prove nothing for it).
    const stateful = [
      'tcp.stream',
      'tcp.analysis.retransmission',
      'tcp.analysis.duplicate_ack',
      'tcp.window_size_scalefactor',
      'tcp.analysis.acks_frame',
      'tcp.analysis.ack_rtt',
      'tcp.analysis.initial_rtt',
      'tcp.analysis.bytes_in_flight',
      'tcp.analysis.rto',
      'tcp.analysis.window_full',
      'tcp.analysis.keep_alive_ack',
      'udp.stream',
      'ip.fragments',
      'ipv6.fragments',
      'icmp.resp_to',
      'icmpv6.resp_to',
      'dns.response_to',
      'dns.unsolicited',
      'http.request_in',
      'http.prev_request_in',
      'http.response_number',
      'tls.record',
      'tls.handshake',
      'tcp.segments',
      'tcp.reassembled.length',
      'rtp.setup-frame',
      'rtcp.setup-frame',
      'quic.connection.number',
      'quic.packet_number',
      'quic.crypto.offset',
      'sctp.data_tsn',
      'sctp.sack_cumulative_tsn_ack',
      'dccp.stream',
      'dccp.seq',
      'dccp.ack',
      'geonw.analysis_duplicate',
      'geonw.resp_to',
    ];
    expect(stateful.filter((f) => !seen.has(f))).toEqual([]);
  });
});

describe('reassembled data on a revisit', () => {
  it('is the same when the session re-reads the fragments (frameBytes) as when it kept the datagrams', () => {
    // The captures above that complete datagrams (all of them when this test runs alone).
    if (reassembling.size === 0)
      for (const c of [
        fromFile(path.join(CAPTURES, 'afs.pcap')),
        fromFile(path.join(FIXTURES, 'dissect/link-layers.pcapng')),
        crafted(),
        generated('fragments', 1500),
      ])
        reassembling.set(c.name, c);
    const captures = [...reassembling.values()];
    // afs.pcap, IPv4 and IPv6 in the generated captures and the link-layer fixture, crafted overlaps.
    expect(captures.map((c) => c.name)).toEqual(expect.arrayContaining(['afs.pcap', 'link-layers.pcapng', 'crafted fragments']));
    let completing = 0;
    for (const c of captures) {
      const byNumber = new Map(c.frames.map((f) => [f.meta.number, f.bytes]));
      const reads: number[] = [];
      const kept = firstPass(c);
      const reread = firstPass(c, {
        frameBytes: (n) => {
          reads.push(n);
          return byNumber.get(n);
        },
      });
      expect(reread.renders).toEqual(kept.renders);
      expect(reads).toEqual([]); // the first pass never asks
      const order = c.frames.map((_, i) => i).reverse();
      const got = order.map((i) => dissect(c.frames[i]!, reread.session));
      const want = order.map((i) => dissect(c.frames[i]!, kept.session));
      for (let k = 0; k < order.length; k++) {
        expect(got[k], `${c.name} frame ${c.frames[order[k]!]!.meta.number}`).toBe(kept.renders[order[k]!]);
        expect(want[k]).toBe(kept.renders[order[k]!]);
      }
      completing += kept.renders.filter(completes).length;
      expect(reads.length).toBeGreaterThan(0);
      expect(reread.session.stats().keptBytes).toBe(0);
      expect(kept.session.stats().keptBytes).toBeGreaterThan(0);
    }
    expect(completing).toBeGreaterThan(10);
  });

  it('says so when a fragment cannot be read again', () => {
    const c = generated('fragments', 300);
    const pass = firstPass(c, { frameBytes: () => undefined });
    const i = pass.renders.findIndex(completes);
    expect(i).toBeGreaterThanOrEqual(0);
    const again = dissect(c.frames[i]!, pass.session);
    expect(again).toContain('Reassembly unavailable');
    expect(again).not.toContain('\nsource Reassembled');
    // Frames that complete nothing are unaffected.
    expect(dissect(c.frames[0]!, pass.session)).toBe(pass.renders[0]);
  });
});

describe('what a session keeps for revisits', () => {
  it('is a few words per frame', () => {
    const c = generated('mixed', 4000);
    const session = new DissectSession(pool);
    for (const f of c.frames) dissectFrame(f.meta, f.bytes, session);
    const { log } = session.stats();
    expect(log.frames).toBe(4000);
    // 10.4 on this capture (2026-12-07): TCP's and UDP's stream and analysis records (with ACK
    // RTTs and bytes in flight), the frame's and TCP's time since the previous frame, the PDUs
    // TCP reassembles (its usual "no PDU" is not logged).
    expect(log.words / log.frames).toBeLessThan(12);
  });

  it('is nothing on a one-pass session, which refuses revisits of frames with state', () => {
    const c = generated('mixed', 4000);
    const kept = firstPass(c);
    const session = new DissectSession(pool, { revisits: false });
    const renders = c.frames.map((f) => dissect(f, session));
    // The same first pass, nothing kept.
    expect(renders).toEqual(kept.renders);
    expect(session.stats()).toMatchObject({ log: { frames: 0, entries: 0, words: 0, refs: 0 }, keptBytes: 0 });
    const tcp = renders.findIndex((r) => r.includes(' tcp.stream '));
    const again = dissectFrame(c.frames[tcp]!.meta, c.frames[tcp]!.bytes, session);
    expect(again.pinfo.malformed?.reason).toMatch(/internal error .*session made for one pass/);
  });

  it('refuses a frame it never saw instead of guessing', () => {
    const c = generated('mixed', 200);
    const session = new DissectSession(pool);
    for (const f of c.frames.slice(100)) dissect(f, session);
    // Frame 1 comes after frame 200 on this session: a revisit with nothing recorded.
    const tcp = c.frames.findIndex((f, i) => i < 100 && dissect(f, new DissectSession(pool)).includes(' tcp.stream '));
    const early = dissectFrame(c.frames[tcp]!.meta, c.frames[tcp]!.bytes, session);
    // The frame's own times are the first decision it lacks.
    expect(early.pinfo.malformed?.reason).toMatch(/internal error .*no frame.times decision/);
  });
});
