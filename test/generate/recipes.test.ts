import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Packet } from '../../native-bridge/build/index.js';
import { openCapture } from '../../native-bridge/formats/index.js';
import {
  RECIPES,
  largeFramesRecipe,
  prng,
  sampleRecipe,
  sizedRecipe,
  smallMixedRecipe,
  writeRecipe,
  type Recipe,
  type RecipeFrame,
} from '../../native-bridge/generate/index.js';
import { TCP_ACK, TCP_PSH, ethernet, ipv4, tcp, udp, type Ip4 } from '../../scripts/craft.js';
import { ROOT, readAll } from '../helpers/corpus.js';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'wirepool-recipes-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

interface Copy {
  sec: number;
  nsec: number;
  wireLen: number;
  iface: number;
  bytes: Uint8Array;
}
const copy = (f: RecipeFrame): Copy => ({ sec: f.sec, nsec: f.nsec, wireLen: f.wireLen, iface: f.iface, bytes: f.bytes.slice() });

/** The first `n` frames of a fresh run, copied (a frame's bytes live only until the next one). */
function take(recipe: Recipe, n: number): Copy[] {
  const out: Copy[] = [];
  for (const f of recipe.frames()) {
    if (out.length >= n) break;
    out.push(copy(f));
  }
  return out;
}

/**
 * What bench/make-captures.ts wrote before it used the recipes (scripts/craft.ts, the ad-hoc
 * crafting): the recipes must keep those bytes, on which docs/PERFORMANCE.md's numbers rest.
 */
function craftedSmallMixed(n: number): Copy[] {
  const A: Ip4 = [10, 0, 0, 1];
  const B: Ip4 = [10, 0, 0, 2];
  const frame = (size: number) => {
    const l4 = size % 2 === 0 ? 20 : 8;
    const payload = new Uint8Array(Math.max(0, size - 14 - 20 - l4)).fill(size & 0xff);
    const seg = l4 === 20 ? tcp(40_000, 443, size * 1000, 1, TCP_ACK, payload) : udp(40_001, 5201, payload);
    return ethernet('02:00:00:00:00:02', '02:00:00:00:00:01', 0x0800, ipv4(A, B, l4 === 20 ? 6 : 17, seg, size));
  };
  const rand = prng(1);
  const out: Copy[] = [];
  let sec = 1_767_225_600;
  let usec = 0;
  for (let i = 0; i < n; i++) {
    const r = rand();
    const size = r < 0.4 ? 40 + Math.floor(rand() * 61) : r < 0.6 ? 100 + Math.floor(rand() * 1100) : 1200 + Math.floor(rand() * 201);
    const f = frame(Math.max(size, 42));
    usec += 1 + Math.floor(rand() * 20);
    if (usec >= 1e6) {
      sec++;
      usec -= 1e6;
    }
    out.push({ sec, nsec: usec * 1000, wireLen: f.length, iface: 0, bytes: f.subarray(0, size) });
  }
  return out;
}

function craftedLargeFrames(n: number): Copy[] {
  const LOCAL: Ip4 = [127, 0, 0, 1];
  const rand = prng(2);
  const data = new Uint8Array(65_535).map((_, i) => (i * 13) & 0xff);
  const out: Copy[] = [];
  let sec = 1_767_225_600;
  let usec = 0;
  let seq = 1;
  for (let i = 0; i < n; i++) {
    const size = 16_384 + Math.floor(rand() * (65_535 - 16_384 + 1));
    const seg = tcp(40_002, 6379, seq, 1, TCP_ACK | TCP_PSH, data.subarray(0, size - 14 - 20 - 20));
    const f = ethernet('00:00:00:00:00:00', '00:00:00:00:00:00', 0x0800, ipv4(LOCAL, LOCAL, 6, seg, i & 0xffff));
    seq += size;
    usec += 5 + Math.floor(rand() * 30);
    if (usec >= 1e6) {
      sec++;
      usec -= 1e6;
    }
    out.push({ sec, nsec: usec * 1000, wireLen: f.length, iface: 0, bytes: f });
  }
  return out;
}

/** Compares frame lists (byte arrays with Buffer.equals: a deep toEqual over 64 KiB arrays is slow); reports the first difference. */
function expectSameFrames(got: Copy[], want: Copy[]): void {
  expect(got.length).toBe(want.length);
  for (let i = 0; i < want.length; i++) {
    const g = got[i]!;
    const w = want[i]!;
    if (g.sec !== w.sec || g.nsec !== w.nsec || g.wireLen !== w.wireLen || g.iface !== w.iface || !Buffer.from(g.bytes).equals(w.bytes)) {
      expect({ frame: i, ...g, bytes: Buffer.from(g.bytes).toString('hex') }).toEqual({
        frame: i,
        ...w,
        bytes: Buffer.from(w.bytes).toString('hex'),
      });
    }
  }
}

describe('generate recipes: the sample and benchmark captures', () => {
  it('are deterministic: every run of a recipe gives the same frames', () => {
    for (const recipe of Object.values(RECIPES)) {
      const a = take(recipe, 300);
      const b = take(recipe, 300);
      expect(a.length, recipe.name).toBe(recipe === sampleRecipe ? 113 : 300);
      expectSameFrames(b, a);
    }
  });

  it('sample: writeRecipe gives exactly the committed samples/sample.pcapng (113 frames, eth0 and lo)', () => {
    const out = path.join(tmp, 'sample.pcapng');
    const s = writeRecipe(out, sampleRecipe);
    expect(s.packets).toBe(113);
    expect(readFileSync(out).equals(readFileSync(path.join(ROOT, 'samples/sample.pcapng')))).toBe(true);
    const reader = openCapture(out);
    const { frames, error } = readAll(reader);
    expect(error).toBeUndefined();
    expect(reader.interfaces.map((i) => i.name)).toEqual(['eth0', 'lo']);
    expect(frames).toHaveLength(113);
  });

  it('small-mixed: the same frames as the ad-hoc crafting (first 50,000, truncated ones included)', () => {
    const n = 50_000;
    const got = take(smallMixedRecipe, n);
    const want = craftedSmallMixed(n);
    expect(got.some((f) => f.bytes.length < f.wireLen)).toBe(true);
    expectSameFrames(got, want);
  });

  it('large-frames: the same frames as the ad-hoc crafting (first 300)', () => {
    const got = take(largeFramesRecipe, 300);
    expectSameFrames(got, craftedLargeFrames(300));
    expect(largeFramesRecipe.untilBytes).toBe(320e6);
  });

  it('sizedRecipe: cuts frames shorter than their headers (wire length kept) and stops at untilBytes', () => {
    const recipe = sizedRecipe({
      name: 'tiny',
      description: 'test',
      file: { format: 'pcap', linkType: 1, nanosecond: true },
      seed: 9,
      untilBytes: 10_000,
      size: (r) => r.pick([30, 60, 200]),
      gapUs: () => 10,
      packets: () => {
        const p = new Packet({
          eth: { src: '02:00:00:00:00:01', dst: '02:00:00:00:00:02' },
          ip: { src: '10.0.0.1', dst: '10.0.0.2' },
          udp: { srcport: 1, dstport: 2 },
        });
        const zeros = new Uint8Array(256);
        return (size) => {
          p.payload = zeros.subarray(0, Math.max(0, size - p.headerLength));
          return p;
        };
      },
    });
    const frames = take(recipe, 50);
    for (const f of frames) {
      expect([30, 60, 200]).toContain(f.bytes.length);
      expect(f.wireLen).toBe(Math.max(f.bytes.length, 42));
    }
    const out = path.join(tmp, 'tiny.pcap');
    const s = writeRecipe(out, recipe);
    const size = statSync(out).size;
    expect(s.bytes).toBe(size);
    expect(size).toBeGreaterThanOrEqual(10_000);
    expect(size).toBeLessThan(10_000 + 16 + 200);
    const { frames: read, error } = readAll(openCapture(out));
    expect(error).toBeUndefined();
    expect(read).toHaveLength(s.packets);
  });
});
