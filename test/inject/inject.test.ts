import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FrameLayout, Packet, Rewriter, locate } from '../../native-bridge/craft/index.js';
import { openCapture, PcapWriter } from '../../native-bridge/formats/index.js';
import { writeCapture } from '../../native-bridge/generate/index.js';
import { inject, type FrameSender } from '../../native-bridge/inject/index.js';
import { dissect, verifyChecksums } from '../craft/helpers.js';
import { readAll } from '../helpers/corpus.js';

// The injector against a stand-in interface (no root, no binding): what it hands the
// interface, in what order, when, and what it refuses. test/inject/live.test.ts sends for real.
const tmp = mkdtempSync(path.join(os.tmpdir(), 'wirepool-inject-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

class FakeInterface implements FrameSender {
  readonly sent: { bytes: Uint8Array; buffer: ArrayBufferLike; at: number }[] = [];
  closed = false;
  constructor(
    readonly linkType = 1,
    readonly mtu = 65536,
    readonly iface = 'fake0',
  ) {}
  send(bytes: Uint8Array): void {
    this.sent.push({ bytes: bytes.slice(), buffer: bytes.buffer, at: performance.now() });
  }
  close(): void {
    this.closed = true;
  }
}

const REWRITE = 'ip.dst=127.0.0.1,ip.src=127.0.0.2,ipv6.dst=::1,ipv6.src=::1,udp.dstport=9,eth.src=02:77:77:77:77:77';

function framesOf(file: string) {
  const { frames } = readAll(openCapture(file));
  return frames;
}

/** A capture of `n` UDP frames `gapMs` apart. */
function timed(file: string, n: number, gapMs: number, linkType = 1): void {
  const w = new PcapWriter(file, { linkType, nanosecond: true });
  const p = new Packet({
    ...(linkType === 1 ? { eth: { src: '02:00:00:00:00:01', dst: '02:00:00:00:00:02' } } : {}),
    ip: { src: '127.0.0.2', dst: '127.0.0.1' },
    udp: { srcport: 9, dstport: 9 },
    payload: new Uint8Array(20),
  });
  for (let i = 0; i < n; i++) {
    const b = p.build();
    const ns = i * gapMs * 1e6;
    w.write({ sec: 1_767_225_600 + Math.floor(ns / 1e9), nsec: ns % 1e9, wireLen: b.length }, b);
  }
  w.close();
}

describe('inject (stand-in interface)', () => {
  const small = path.join(tmp, 'small.pcapng');
  writeCapture(small, { profile: 'small', packets: 400, seed: 8 });

  it("hands every frame over in order, rewritten in place in the reader's pooled chunk (no copy), checksums right", async () => {
    const nic = new FakeInterface();
    const s = await inject({ iface: 'fake0', file: small, speed: 'max', rewrite: REWRITE, sender: nic });
    const originals = framesOf(small);
    expect(s).toMatchObject({ sent: 400, failed: 0, skippedMtu: 0, loops: 1, linkType: 1, mtu: 65536 });
    expect(nic.closed).toBe(true);
    const rw = Rewriter.parse(REWRITE);
    const L = new FrameLayout();
    let rewritten = 0;
    nic.sent.forEach(({ bytes }, i) => {
      const want = originals[i]!.bytes.slice();
      if (rw.apply(want, locate(want, 1, L)) > 0) rewritten++;
      expect(bytes).toEqual(want);
      const v = verifyChecksums(dissect(bytes), bytes);
      expect(Object.values(v).every(Boolean), `frame ${i + 1}`).toBe(true);
    });
    expect(s.rewritten).toBe(rewritten);
    expect(s.bytes).toBe(originals.reduce((n, f) => n + f.bytes.length, 0));
    // Frames are views into a few large pooled chunks, not one buffer each.
    expect(new Set(nic.sent.map((x) => x.buffer)).size).toBeLessThan(10);
  });

  it('counts and skips frames over the MTU, with one clear warning', async () => {
    const mixed = path.join(tmp, 'mixed.pcap');
    writeCapture(mixed, { profile: 'mixed', packets: 600, seed: 2 });
    const big = framesOf(mixed).filter((f) => f.bytes.length - 14 > 1500).length;
    expect(big).toBeGreaterThan(10);
    const warnings: string[] = [];
    const nic = new FakeInterface(1, 1500);
    const s = await inject({ iface: 'fake0', file: mixed, speed: 'max', sender: nic, onWarning: (m) => warnings.push(m) });
    expect(s.skippedMtu).toBe(big);
    expect(s.sent).toBe(600 - big);
    expect(nic.sent.every(({ bytes }) => bytes.length - 14 <= 1500)).toBe(true);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/larger than fake0's MTU \(1500\); skipped/);
  });

  it('refuses a capture of another link type before sending anything', async () => {
    const raw = path.join(tmp, 'raw.pcap');
    timed(raw, 3, 1, 101);
    const nic = new FakeInterface(1);
    await expect(inject({ iface: 'fake0', file: raw, speed: 'max', sender: nic })).rejects.toMatchObject({
      code: 'INJECT_LINK_TYPE',
      message: expect.stringContaining('raw IP (101) frames but fake0 carries Ethernet (1) frames; nothing was sent'),
    });
    expect(nic.sent).toHaveLength(0);
    expect(nic.closed).toBe(true);
  });

  it('keeps the recorded timing, a multiple of it, or a fixed rate', async () => {
    const file = path.join(tmp, 'timed.pcap');
    // 500 ms from first to last: long beside the tens of milliseconds a busy machine adds to a
    // wait, so the upper bounds hold on one (nothing may go out early: the lower bounds are exact).
    timed(file, 6, 100);
    const span = async (f: string, opts: { speed?: number | 'max'; pps?: number }) => {
      const nic = new FakeInterface();
      await inject({ iface: 'fake0', file: f, sender: nic, ...opts });
      return nic.sent.at(-1)!.at - nic.sent[0]!.at;
    };
    const real = await span(file, { speed: 1 });
    expect(real).toBeGreaterThanOrEqual(499);
    expect(real).toBeLessThan(4 * 500);
    const fast = await span(file, { speed: 4 });
    expect(fast).toBeGreaterThanOrEqual(124);
    expect(fast).toBeLessThan(499); // faster than the recording
    const rate = await span(file, { pps: 100 }); // 5 gaps of 10 ms
    expect(rate).toBeGreaterThanOrEqual(49);
    // At max speed nothing waits: three frames recorded an hour apart go out at once (were the
    // recorded timing kept, the test's timeout would end it).
    const hours = path.join(tmp, 'hours.pcap');
    timed(hours, 3, 3_600_000);
    const nic = new FakeInterface();
    await expect(inject({ iface: 'fake0', file: hours, sender: nic, speed: 'max' })).resolves.toMatchObject({ sent: 3 });
    expect(nic.sent).toHaveLength(3);
  });

  it('loops: every pass sends the file again, rewritten from the file each time', async () => {
    const nic = new FakeInterface();
    const s = await inject({ iface: 'fake0', file: small, speed: 'max', loop: 3, rewrite: 'ip.ttl=1', sender: nic });
    expect(s.sent).toBe(1200);
    expect(s.loops).toBe(3);
    expect(nic.sent[800]!.bytes).toEqual(nic.sent[0]!.bytes);
  });

  it('refuses bad options with stable codes', async () => {
    await expect(inject({ iface: 'fake0', file: small, speed: -1, sender: new FakeInterface() })).rejects.toMatchObject({
      code: 'INJECT_BAD_OPTIONS',
    });
    await expect(inject({ iface: 'fake0', file: small, loop: 0, sender: new FakeInterface() })).rejects.toMatchObject({
      code: 'INJECT_BAD_OPTIONS',
    });
    await expect(inject({ iface: 'fake0', file: small, rewrite: 'tcp.flags=2', sender: new FakeInterface() })).rejects.toMatchObject({
      code: 'BUILD_BAD_REWRITE',
    });
  });
});
