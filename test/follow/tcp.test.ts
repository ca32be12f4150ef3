import { describe, expect, it } from 'vitest';
import {
  TcpFollower,
  UdpFollower,
  chunkBytes,
  followText,
  type FollowEndpoint,
  type TcpSegment,
} from '../../native-bridge/follow/index.js';

const A: FollowEndpoint = { address: '10.0.0.1', family: 4, port: 1000 };
const B: FollowEndpoint = { address: '10.0.0.2', family: 4, port: 80 };
const ascii = (s: string) => new Uint8Array(Buffer.from(s, 'latin1'));
let frame = 0;

function seg(from: 'a' | 'b', seq: number, data: string, opts: { ack?: number; syn?: boolean; length?: number } = {}): TcpSegment {
  const payload = ascii(data);
  frame++;
  return {
    frame,
    sec: frame,
    nsec: 0,
    src: from === 'a' ? A : B,
    dst: from === 'a' ? B : A,
    seq: seq >>> 0,
    ack: opts.ack,
    syn: opts.syn ?? false,
    length: opts.length ?? payload.length,
    payload,
  };
}

/** The delivered stream per node, gaps as [N missing]. */
function streams(f: TcpFollower): [string, string] {
  const out: [string, string] = ['', ''];
  for (const c of f.chunks) out[c.node] += c.missing ? `[${c.missing} missing]` : Buffer.from(c.data).toString('latin1');
  return out;
}

describe('TcpFollower', () => {
  it('delivers in sequence order, holding early segments until the hole fills', () => {
    const f = new TcpFollower();
    f.add(seg('a', 100, '', { syn: true }));
    f.add(seg('a', 107, 'world'));
    f.add(seg('a', 101, 'hello '));
    expect(streams(f)).toEqual(['hello world', '']);
    expect(f.chunks.map((c) => c.frame)).toEqual([3, 2]);
  });

  it('keeps the first copy of retransmitted and overlapping bytes and adds only what is new', () => {
    const f = new TcpFollower();
    f.add(seg('a', 1, 'abcdef'));
    f.add(seg('a', 1, 'abcdef')); // duplicate
    f.add(seg('a', 3, 'XXXXghi')); // overlaps 4 bytes with other content, adds 3
    expect(streams(f)[0]).toBe('abcdefghi');
    expect(f.chunks.map((c) => Buffer.from(c.data).toString())).toEqual(['abcdef', 'ghi']);
  });

  it('works across the 2^32 sequence wrap', () => {
    const f = new TcpFollower();
    f.add(seg('a', 0xfffffffc, 'wrap', { syn: false }));
    f.add(seg('a', 4, 'after')); // 0xfffffffc + 4 + 4 = 4 (mod 2^32)
    f.add(seg('a', 0, 'ping')); // fills 0..3
    expect(streams(f)[0]).toBe('wrappingafter');
  });

  it('turns a hole the peer acknowledged into a gap of the right size', () => {
    const f = new TcpFollower();
    f.add(seg('a', 1, 'x'));
    f.add(seg('b', 500, 'head'));
    f.add(seg('b', 514, 'tail')); // 10 bytes never captured
    expect(streams(f)[1]).toBe('head');
    f.add(seg('a', 2, '', { ack: 518 }));
    expect(streams(f)[1]).toBe('head[10 missing]tail');
    expect(Buffer.from(chunkBytes(f.chunks[2]!)).toString('latin1')).toBe('[10 bytes missing in capture file]\0');
  });

  it('leaves a held segment undelivered when nothing acknowledges past the hole', () => {
    const f = new TcpFollower();
    f.add(seg('a', 1, 'ab'));
    f.add(seg('a', 10, 'lost'));
    f.add(seg('b', 1, '', { ack: 3 }));
    expect(streams(f)[0]).toBe('ab');
    expect(f.undelivered()).toEqual([4, 0]);
  });

  it('delivers only captured bytes of a segment cut short by the snaplen, and moves on by its length', () => {
    const f = new TcpFollower();
    f.add(seg('a', 1, 'abc', { length: 10 }));
    f.add(seg('a', 11, 'next'));
    expect(streams(f)[0]).toBe('abcnext');
  });

  it('names node 0 after the first packet, whoever sends data first', () => {
    const f = new TcpFollower();
    f.add(seg('b', 7, '', { syn: true }));
    f.add(seg('a', 1, 'x'));
    expect(f.nodes).toEqual([B, A]);
    expect(f.chunks[0]!.node).toBe(1);
  });
});

describe('UdpFollower and followText', () => {
  it('keeps datagrams with payload, in order, and prints them like TShark', () => {
    const u = new UdpFollower();
    const v6a: FollowEndpoint = { address: '2001:db8::1', family: 6, port: 5000 };
    const v6b: FollowEndpoint = { address: '2001:db8::2', family: 6, port: 53 };
    u.add({ frame: 1, sec: 0, nsec: 0, src: v6a, dst: v6b, payload: ascii('q\x01') });
    u.add({ frame: 2, sec: 0, nsec: 0, src: v6b, dst: v6a, payload: new Uint8Array(0) });
    u.add({ frame: 3, sec: 0, nsec: 0, src: v6b, dst: v6a, payload: ascii('answer 12345678') });
    const view = { protocol: 'udp' as const, stream: 3, nodes: u.nodes, chunks: u.chunks };
    expect([...followText(view, 'ascii')].slice(3)).toEqual([
      'Filter: udp.stream eq 3',
      'Node 0: [2001:db8::1]:5000',
      'Node 1: [2001:db8::2]:53',
      '2',
      'q.',
      '\t15',
      'answer 12345678',
      '='.repeat(67),
    ]);
    expect([...followText(view, 'raw')].slice(6, 8)).toEqual(['7101', '\t616e7377657220313233343536373'.concat('8')]);
    // hex: offsets count per node; the text column starts at column 60; one trailing space is dropped
    expect([...followText(view, 'hex')].slice(6, 8)).toEqual([
      '00000000  71 01                                             q.',
      '\t00000000  61 6e 73 77 65 72 20 31  32 33 34 35 36 37 38     answer 1 2345678',
    ]);
  });
});
