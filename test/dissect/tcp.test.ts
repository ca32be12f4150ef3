import { describe, expect, it } from 'vitest';
import { DissectSession } from '../../native-bridge/dissect/index.js';
import { TCP_ACK, TCP_PSH, TCP_SYN, ethernet, ipv4, tcp } from '../../scripts/craft.js';
import { decode, decodeFile, LINK_FIXTURE, range, SAMPLE, value, values } from './link-helpers.js';

const A = [192, 0, 2, 10] as [number, number, number, number];
const B = [203, 0, 113, 80] as [number, number, number, number];
const frame = (fwd: boolean, seg: Uint8Array) =>
  ethernet('02:00:00:00:00:01', '02:00:00:00:00:02', 0x0800, ipv4(fwd ? A : B, fwd ? B : A, 6, seg));

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
    const d = (fwd: boolean, seg: Uint8Array) => decode(1, frame(fwd, seg), s, ++n);
    d(true, tcp(1000, 40404, 100, 0, TCP_SYN));
    d(false, tcp(40404, 1000, 500, 101, TCP_SYN | TCP_ACK));
    d(true, tcp(1000, 40404, 101, 501, TCP_ACK));
    d(true, tcp(1000, 40404, 101, 501, TCP_ACK | TCP_PSH, new Uint8Array(10)));
    const lost = d(true, tcp(1000, 40404, 131, 501, TCP_ACK | TCP_PSH, new Uint8Array(10)));
    expect(lost.pinfo.info.startsWith('[TCP Previous segment not captured] ')).toBe(true);
    d(false, tcp(40404, 1000, 501, 111, TCP_ACK));
    const dup = d(false, tcp(40404, 1000, 501, 111, TCP_ACK));
    expect(dup.pinfo.info.startsWith('[TCP Dup ACK 6#1] ')).toBe(true);
    expect(value(dup.tree, 'tcp.analysis.duplicate_ack_num')).toBe(1);
    const win = tcp(40404, 1000, 501, 111, TCP_ACK);
    win[14] = 0x10;
    const update = d(false, win);
    expect(update.pinfo.info.startsWith('[TCP Window Update] ')).toBe(true);
    const ka = d(true, tcp(1000, 40404, 140, 501, TCP_ACK));
    expect(ka.pinfo.info.startsWith('[TCP Keep-Alive] ')).toBe(true);
  });

  it('starts relative numbers at 1 when the capture begins mid-connection (TShark)', () => {
    const d = decode(1, frame(true, tcp(2000, 443, 123456, 654321, TCP_ACK | TCP_PSH, new Uint8Array(5))));
    expect(value(d.tree, 'tcp.seq')).toBe(1);
    expect(value(d.tree, 'tcp.ack')).toBe(1);
    expect(value(d.tree, 'tcp.nxtseq')).toBe(6);
  });

  it('ends a crafted option list and a bogus header length with marks, never a loop or an error', () => {
    const seg = tcp(1, 2, 3, 4, TCP_ACK);
    const withOpts = new Uint8Array([...seg.subarray(0, 20), 2, 0, 5, 1, 8, 40, 0, 0]);
    withOpts[12] = 7 << 4;
    const d = decode(1, frame(true, withOpts));
    expect(values(d.tree, 'tcp.option.len.invalid').length).toBe(1);
    expect(d.pinfo.malformed).toBeUndefined();
    const bogus = seg.slice();
    bogus[12] = 3 << 4;
    const b = decode(1, frame(true, bogus));
    expect(values(b.tree, 'tcp.bogus_header_length').length).toBe(1);
  });

  it('gives a new stream index to a new connection on reused ports', () => {
    const s = new DissectSession();
    decode(1, frame(true, tcp(1000, 40404, 100, 0, TCP_SYN)), s, 1);
    decode(1, frame(true, tcp(1000, 40404, 101, 0, 0x04)), s, 2);
    const again = decode(1, frame(true, tcp(1000, 40404, 9000, 0, TCP_SYN)), s, 3);
    expect(value(again.tree, 'tcp.stream')).toBe(1);
    expect(value(again.tree, 'tcp.seq')).toBe(0);
  });
});
