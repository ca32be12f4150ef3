import { describe, expect, it } from 'vitest';
import { DissectSession } from '../../native-bridge/dissect/index.js';
import { Packet, type TcpSpec } from '../../native-bridge/craft/index.js';
import { decode, decodeFile, LINK_FIXTURE, range, SAMPLE, value, values } from './link-helpers.js';

const A = '192.0.2.10';
const B = '203.0.113.80';
const ETH = { src: '02:00:00:00:00:02', dst: '02:00:00:00:00:01' };
const frame = (fwd: boolean, tcp: TcpSpec, payload?: Uint8Array) =>
  new Packet({ eth: ETH, ip: { src: fwd ? A : B, dst: fwd ? B : A }, tcp, ...(payload ? { payload } : {}) }).build();
/** The offset of the TCP header in `frame`'s frames. */
const TCP_AT = 14 + 20;

describe('TCP', () => {
  const sample = decodeFile(SAMPLE);

  it('decodes the sample handshake: ports, relative and raw sequence numbers, flags, Info', () => {
    const [syn, synAck, ack] = [sample[4]!, sample[5]!, sample[6]!];
    expect(syn.pinfo.info).toBe('49152 → 80 [SYN] Seq=0 Win=65535 Len=0');
    expect(synAck.pinfo.info).toBe('80 → 49152 [SYN, ACK] Seq=0 Ack=1 Win=65535 Len=0');
    expect(ack.pinfo.info).toBe('49152 → 80 [ACK] Seq=1 Ack=1 Win=65535 Len=0');
    expect(value(syn.tree, 'tcp.seq')).toBe(0);
    expect(value(syn.tree, 'tcp.seq_raw')).toBe(1_000_000);
    expect(value(synAck.tree, 'tcp.ack')).toBe(1);
    expect(value(synAck.tree, 'tcp.ack_raw')).toBe(1_000_001);
    expect(value(syn.tree, 'tcp.flags')).toBe(0x002);
    expect(value(syn.tree, 'tcp.flags.syn')).toBe(true);
    expect(value(syn.tree, 'tcp.flags.ack')).toBe(false);
    expect(value(synAck.tree, 'tcp.flags.str')).toBe('·······A··S·');
    expect(value(syn.tree, 'tcp.hdr_len')).toBe(20);
    expect(values(syn.tree, 'tcp.port')).toEqual([49152, 80]);
    expect(range(syn.tree, 'tcp')).toEqual([34, 20]);
    expect(range(syn.tree, 'tcp.srcport')).toEqual([34, 2]);
    expect(range(syn.tree, 'tcp.seq_raw')).toEqual([38, 4]);
    expect(syn.pinfo.protocol).toBe('TCP');
    expect([syn.pinfo.ptype, syn.pinfo.srcPort, syn.pinfo.dstPort]).toEqual(['tcp', 49152, 80]);
  });

  it('numbers streams per connection, both directions alike', () => {
    const http = sample.filter((f) => f.pinfo.protocols.includes('tcp') && values(f.tree, 'tcp.port').includes(80));
    expect(new Set(http.map((f) => value(f.tree, 'tcp.stream')))).toEqual(new Set([0]));
    const lo = sample.filter((f) => values(f.tree, 'tcp.port').includes(6379));
    expect(new Set(lo.map((f) => value(f.tree, 'tcp.stream')))).toEqual(new Set([1]));
    expect(value(sample[7]!.tree, 'tcp.len')).toBe(93);
  });

  it('decodes options and the window scale agreed in the handshake (fixture, checked against TShark)', () => {
    const frames = decodeFile(LINK_FIXTURE);
    const syn = frames[4]!;
    expect(value(syn.tree, 'tcp.options.mss_val')).toBe(1460);
    expect(value(syn.tree, 'tcp.options.wscale.shift')).toBe(7);
    expect(value(syn.tree, 'tcp.options.timestamp.tsval')).toBe(1);
    expect(values(syn.tree, 'tcp.options.sack_perm').length).toBe(1);
    expect(values(syn.tree, 'tcp.option_kind')).toEqual([2, 4, 8, 1, 3]);
    expect(range(syn.tree, 'tcp.options')).toEqual([54, 20]);
    expect(value(frames[6]!.tree, 'tcp.window_size')).toBe(65535 * 128);
    expect(value(frames[6]!.tree, 'tcp.window_size_scalefactor')).toBe(128);
  });

  it('flags a retransmission and does not hand its bytes up again', () => {
    const rt = decodeFile(LINK_FIXTURE)[8]!;
    expect(rt.pinfo.info.startsWith('[TCP Retransmission] ')).toBe(true);
    expect(values(rt.tree, 'tcp.analysis.retransmission').length).toBe(1);
    expect(rt.pinfo.protocols.join(':')).toBe('eth:ethertype:ip:tcp');
  });

  it('detects lost segments, duplicate ACKs, window updates and keep-alives', () => {
    const s = new DissectSession();
    let n = 0;
    const d = (fwd: boolean, tcp: TcpSpec, payload?: Uint8Array) => decode(1, frame(fwd, tcp, payload), s, ++n);
    d(true, { srcport: 1000, dstport: 40404, seq: 100, flags: 'S' });
    d(false, { srcport: 40404, dstport: 1000, seq: 500, ack: 101, flags: 'SA' });
    d(true, { srcport: 1000, dstport: 40404, seq: 101, ack: 501, flags: 'A' });
    d(true, { srcport: 1000, dstport: 40404, seq: 101, ack: 501, flags: 'PA' }, new Uint8Array(10));
    const lost = d(true, { srcport: 1000, dstport: 40404, seq: 131, ack: 501, flags: 'PA' }, new Uint8Array(10));
    expect(lost.pinfo.info.startsWith('[TCP Previous segment not captured] ')).toBe(true);
    d(false, { srcport: 40404, dstport: 1000, seq: 501, ack: 111, flags: 'A' });
    const dup = d(false, { srcport: 40404, dstport: 1000, seq: 501, ack: 111, flags: 'A' });
    expect(dup.pinfo.info.startsWith('[TCP Dup ACK 6#1] ')).toBe(true);
    expect(value(dup.tree, 'tcp.analysis.duplicate_ack_num')).toBe(1);
    const update = d(false, { srcport: 40404, dstport: 1000, seq: 501, ack: 111, flags: 'A', window_size_value: 0x10ff });
    expect(update.pinfo.info.startsWith('[TCP Window Update] ')).toBe(true);
    const ka = d(true, { srcport: 1000, dstport: 40404, seq: 140, ack: 501, flags: 'A' });
    expect(ka.pinfo.info.startsWith('[TCP Keep-Alive] ')).toBe(true);
  });

  it('starts relative numbers at 1 when the capture begins mid-connection (TShark)', () => {
    const d = decode(1, frame(true, { srcport: 2000, dstport: 443, seq: 123456, ack: 654321, flags: 'PA' }, new Uint8Array(5)));
    expect(value(d.tree, 'tcp.seq')).toBe(1);
    expect(value(d.tree, 'tcp.ack')).toBe(1);
    expect(value(d.tree, 'tcp.nxtseq')).toBe(6);
  });

  it('ends a crafted option list and a bogus header length with marks, never a loop or an error', () => {
    const seg: TcpSpec = { srcport: 1, dstport: 2, seq: 3, ack: 4, flags: 'A' };
    const d = decode(1, frame(true, { ...seg, options: Uint8Array.of(2, 0, 5, 1, 8, 40, 0, 0) }));
    expect(values(d.tree, 'tcp.option.len.invalid').length).toBe(1);
    expect(d.pinfo.malformed).toBeUndefined();
    const bogus = frame(true, seg);
    bogus[TCP_AT + 12] = 3 << 4; // a header length the builders refuse to write
    const b = decode(1, bogus);
    expect(values(b.tree, 'tcp.bogus_header_length').length).toBe(1);
  });

  it('gives a new stream index to a new connection on reused ports', () => {
    const s = new DissectSession();
    decode(1, frame(true, { srcport: 1000, dstport: 40404, seq: 100, flags: 'S' }), s, 1);
    decode(1, frame(true, { srcport: 1000, dstport: 40404, seq: 101, flags: 'R' }), s, 2);
    const again = decode(1, frame(true, { srcport: 1000, dstport: 40404, seq: 9000, flags: 'S' }), s, 3);
    expect(value(again.tree, 'tcp.stream')).toBe(1);
    expect(value(again.tree, 'tcp.seq')).toBe(0);
  });
});
