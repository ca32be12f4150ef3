import { describe, expect, it } from 'vitest';
import { fieldTable, ProtoTree, type Dissection } from '../../native-bridge/dissect/index.js';
import {
  ConversationTable,
  EndpointTable,
  IoSeries,
  PacketFacts,
  ProtocolHierarchy,
  Statistics,
  readFacts,
  sizeText,
  spanText,
} from '../../native-bridge/stats/index.js';

const ip = (s: string) => s.split('.').reduce((v, o) => v * 256 + Number(o), 0);
const mac = (s: string) => new Uint8Array(s.split(':').map((h) => parseInt(h, 16)));
const v6 = (last: number) => new Uint8Array([0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, last]);

/** A frame's facts built by hand: time, length, then layers. */
function facts(sec: number, nsec: number, wireLen: number, build: (f: PacketFacts) => void = () => {}): PacketFacts {
  const f = new PacketFacts().reset({ number: 1, sec, nsec, wireLen });
  build(f);
  return f;
}

describe('ConversationTable', () => {
  it("names A after the first packet's source and counts each direction", () => {
    const t = new ConversationTable('ip');
    t.addFacts(facts(100, 0, 60)); // ARP-like frame: sets the time origin only
    t.addFacts(facts(100, 500, 70, (f) => f.addIpv4(ip('192.0.2.10'), ip('192.0.2.1'))));
    t.addFacts(facts(101, 0, 80, (f) => f.addIpv4(ip('192.0.2.1'), ip('192.0.2.10'))));
    t.addFacts(facts(102, 250, 90, (f) => f.addIpv4(ip('192.0.2.10'), ip('192.0.2.1'))));
    const [r] = t.snapshot().rows;
    expect(r).toMatchObject({
      addressA: '192.0.2.10',
      addressB: '192.0.2.1',
      framesAToB: 2,
      bytesAToB: 160,
      framesBToA: 1,
      bytesBToA: 80,
      frames: 3,
      bytes: 240,
    });
    expect(spanText(r!.relStart)).toBe('0.000000500');
    expect(spanText(r!.duration)).toBe('1.999999750');
  });

  it('keys TCP by stream: a reused port pair is a new conversation', () => {
    const t = new ConversationTable('tcp');
    const seg = (stream: number, fwd: boolean) =>
      facts(1, 0, 60, (f) => {
        f.addIpv4(fwd ? 1 : 2, fwd ? 2 : 1);
        f.addTransport('tcp', fwd ? 40000 : 80, fwd ? 80 : 40000, stream);
      });
    t.addFacts(seg(0, true));
    t.addFacts(seg(0, false));
    t.addFacts(seg(1, false));
    const rows = t.snapshot().rows;
    expect(rows.map((r) => [r.stream, r.addressA, r.portA, r.framesAToB, r.framesBToA])).toEqual([
      [0, '0.0.0.1', 40000, 1, 1],
      [1, '0.0.0.2', 80, 1, 0],
    ]);
  });

  it('counts a host talking to itself in one direction, and moves the start back when time goes back', () => {
    const t = new ConversationTable('eth');
    const self = (sec: number) => facts(sec, 0, 50, (f) => f.addEther(mac('00:00:00:00:00:01'), mac('00:00:00:00:00:01')));
    t.addFacts(self(10));
    t.addFacts(self(12));
    t.addFacts(self(9));
    const [r] = t.snapshot().rows;
    expect([r!.framesAToB, r!.framesBToA]).toEqual([3, 0]);
    expect([spanText(r!.relStart, 0), spanText(r!.duration, 0)]).toEqual(['-1', '3']);
  });

  it('sorts by frames, ties in first-seen order, and grows only with conversations', () => {
    const t = new ConversationTable('udp');
    for (let i = 0; i < 20_000; i++) {
      const k = i % 1000;
      t.addFacts(
        facts(i, 0, 100, (f) => {
          f.addIpv6(v6(1), v6(2));
          f.addTransport('udp', 10_000 + k, 53, k);
        }),
      );
    }
    t.addFacts(
      facts(0, 0, 1, (f) => {
        f.addIpv6(v6(1), v6(2));
        f.addTransport('udp', 10_999, 53, 999);
      }),
    );
    expect(t.size).toBe(1000);
    const rows = t.snapshot().rows;
    expect(rows[0]!.portA).toBe(10_999);
    expect(rows.slice(1, 4).map((r) => r.portA)).toEqual([10_000, 10_001, 10_002]);
    expect(rows[0]!.addressA).toBe('2001:db8::1');
  });
});

describe('EndpointTable', () => {
  it('adds the source as tx and the destination as rx, twice for a host talking to itself', () => {
    const t = new EndpointTable('tcp');
    const add = (src: number, dst: number) =>
      t.addFacts(
        facts(0, 0, 100, (f) => {
          f.addIpv4(src, dst);
          f.addTransport('tcp', 5, 6, 0);
        }),
      );
    add(1, 2);
    add(1, 1);
    expect(t.snapshot().rows.map((r) => [r.address, r.port, r.packets, r.txPackets, r.txBytes, r.rxPackets])).toEqual([
      ['0.0.0.1', 5, 2, 2, 200, 0],
      ['0.0.0.2', 6, 1, 0, 0, 1],
      ['0.0.0.1', 6, 1, 0, 0, 1],
    ]);
  });
});

describe('IoSeries', () => {
  it('puts a frame exactly on a boundary in the next interval, one nanosecond before it in this one', () => {
    const s = new IoSeries(500_000_000);
    s.addFrame(1_700_000_000, 100_000_000, 10);
    s.addFrame(1_700_000_000, 599_999_999, 20);
    s.addFrame(1_700_000_000, 600_000_000, 30);
    s.addFrame(1_700_000_001, 100_000_000, 40);
    expect(s.snapshot().buckets).toEqual([
      { index: 0, frames: 2, bytes: 30 },
      { index: 1, frames: 1, bytes: 30 },
      { index: 2, frames: 1, bytes: 40 },
    ]);
  });

  it('stays exact past 2^53 nanoseconds (a capture over 104 days) and stores only intervals with frames', () => {
    const day = 86_400_000_000_000;
    const s = new IoSeries(day);
    s.addFrame(0, 0, 1);
    s.addFrame(200 * 86_400 - 1, 999_999_999, 2); // the last nanosecond of day 199
    s.addFrame(200 * 86_400, 0, 3); // the first of day 200
    const snap = s.snapshot();
    expect(snap.buckets.map((b) => b.index)).toEqual([0, 199, 200]);
    expect(snap.count).toBe(201);
    const fine = new IoSeries(1000); // 1 µs over 10^6 s: 10^12 intervals, three of them used
    fine.addFrame(5, 0, 1);
    fine.addFrame(1_000_005, 1500, 1);
    expect(fine.snapshot().buckets.map((b) => b.index)).toEqual([0, 1_000_000_000_001]);
  });

  it('counts frames before the first one in the first interval; interval 0 is the whole capture', () => {
    const s = new IoSeries(1_000_000_000);
    s.addFrame(10, 0, 1);
    s.addFrame(5, 0, 1);
    expect(s.snapshot().buckets).toEqual([{ index: 0, frames: 2, bytes: 2 }]);
    const whole = new IoSeries(0);
    whole.addFrame(1, 0, 5);
    whole.addFrame(99, 5, 7);
    expect(whole.snapshot()).toMatchObject({ count: 1, buckets: [{ index: 0, frames: 2, bytes: 12 }], duration: { sec: 98, nsec: 5 } });
  });
});

describe('ProtocolHierarchy and formatting', () => {
  it("counts every node on each frame's path, children in first-seen order", () => {
    const h = new ProtocolHierarchy();
    h.addPath(['eth', 'ip', 'udp', 'dns'], 80);
    h.addPath(['eth', 'arp'], 60);
    h.addPath(['eth', 'ip', 'tcp'], 54);
    const s = h.snapshot();
    expect(s).toMatchObject({ frames: 3, bytes: 194 });
    expect(s.children[0]!.children.map((c) => [c.protocol, c.frames, c.bytes])).toEqual([
      ['ip', 2, 134],
      ['arp', 1, 60],
    ]);
  });

  it('prints sizes as TShark 4.0 does', () => {
    expect([0, 9999, 10_000, 41_287, 9_999_999, 10_000_000, 12_345_678_901].map(sizeText)).toEqual([
      '0 bytes',
      '9999 bytes',
      '10 kB',
      '41 kB',
      '9999 kB',
      '10 MB',
      '12 GB',
    ]);
    expect(spanText({ sec: 1, nsec: 653_399_950 }, 4)).toBe('1.6534');
    expect(spanText({ sec: 0, nsec: 999_999_999 }, 4)).toBe('1.0000');
    expect(spanText({ sec: -1, nsec: 500_000_000 }, 9)).toBe('-0.500000000');
  });
});

describe('facts from a dissection tree', () => {
  const field = (name: string) => {
    const f = fieldTable.get(name);
    if (f === undefined) throw new Error(`${name} is not registered`);
    return f;
  };
  const tvb = { base: 0 } as Parameters<ProtoTree['add']>[2];

  it('reads layers by field name at any depth, but not inside an ICMP error, and the top-level path', () => {
    const tree = new ProtoTree();
    const root = tree.add(-1, field('frame'), tvb, 0, 0);
    const eth = tree.add(root, field('eth'), tvb, 0, 14);
    tree.add(eth, field('eth.dst'), tvb, 0, 6, mac('02:00:00:00:00:02'));
    tree.add(eth, field('eth.src'), tvb, 6, 6, mac('02:00:00:00:00:01'));
    const ip4 = tree.add(root, field('ip'), tvb, 14, 20);
    tree.add(ip4, field('ip.src'), tvb, 26, 4, ip('10.0.0.1'));
    tree.add(ip4, field('ip.dst'), tvb, 30, 4, ip('10.0.0.2'));
    const icmp = tree.add(root, field('icmp'), tvb, 34, 36);
    const inner = tree.add(icmp, field('ip'), tvb, 42, 20); // quoted by an ICMP error
    tree.add(inner, field('ip.src'), tvb, 54, 4, ip('10.0.0.2'));
    tree.add(inner, field('ip.dst'), tvb, 58, 4, ip('10.9.9.9'));
    const data = tree.add(root, field('data'), tvb, 70, 30);
    const nested = tree.add(data, field('eth'), tvb, 70, 14); // a frame carried inside another protocol
    tree.add(nested, field('eth.src'), tvb, 76, 6, mac('02:00:00:00:00:03'));
    tree.add(nested, field('eth.dst'), tvb, 70, 6, mac('02:00:00:00:00:04'));
    const d = { tree, pinfo: {} } as unknown as Dissection;
    const f = readFacts(d, { number: 1, sec: 0, nsec: 0, wireLen: 100, capLen: 100, interfaceId: -1, linkType: 1 }, new PacketFacts());
    expect(f.path).toEqual(['eth', 'ip', 'icmp', 'data']);
    expect(f.netCount).toBe(1);
    expect(f.linkCount).toBe(2);
    const st = new Statistics([
      { kind: 'conversations', type: 'eth' },
      { kind: 'conversations', type: 'ip' },
    ]);
    st.add(d, { number: 1, sec: 0, nsec: 0, wireLen: 100, capLen: 100, interfaceId: -1, linkType: 1 });
    const [eths, ips] = st.snapshot();
    expect(eths!.kind === 'conversations' && eths!.rows.map((r) => `${r.addressA}>${r.addressB}`)).toEqual([
      '02:00:00:00:00:01>02:00:00:00:00:02',
      '02:00:00:00:00:03>02:00:00:00:00:04',
    ]);
    expect(ips!.kind === 'conversations' && ips!.rows.map((r) => `${r.addressA}>${r.addressB}`)).toEqual(['10.0.0.1>10.0.0.2']);
  });
});
