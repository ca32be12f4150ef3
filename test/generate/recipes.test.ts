import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Packet } from '../../native-bridge/craft/index.js';
import { openCapture } from '../../native-bridge/formats/index.js';
import {
  RECIPES,
  largeFramesRecipe,
  sampleRecipe,
  sizedRecipe,
  smallMixedRecipe,
  writeRecipe,
  type Recipe,
  type RecipeFrame,
} from '../../native-bridge/generate/index.js';
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
 * The sha256 of a recipe's first `n` frames (each frame's sec, nsec, wire length, interface and
 * captured length as a text line, then its bytes).
 */
function digest(recipe: Recipe, n: number): string {
  const h = createHash('sha256');
  for (const f of take(recipe, n)) {
    h.update(`${f.sec} ${f.nsec} ${f.wireLen} ${f.iface} ${f.bytes.length}\n`);
    h.update(f.bytes);
  }
  return h.digest('hex');
}

/**
 * The digests of what bench/make-captures.ts wrote before it used the recipes (the ad-hoc
 * crafting of a scripts/craft.ts, since replaced by the packet builders): the recipes must keep
 * those bytes, on which docs/PERFORMANCE.md's numbers rest. The two were compared frame by frame
 * until the crafting went; these digests are of those same frames.
 */
const CRAFTED = {
  smallMixed50k: '187c3cb3d0e5b0c4f88faddec5ed7ce24256ddd4eb71b99baba0d021c8301c3f',
  largeFrames300: '4ded981ee2bc58c0efc44f7be1b63a1eb34e7772cf14426fdc25db3b6afdc320',
};

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
    expect(take(smallMixedRecipe, 300).some((f) => f.bytes.length < f.wireLen)).toBe(true);
    expect(digest(smallMixedRecipe, 50_000)).toBe(CRAFTED.smallMixed50k);
  });

  it('large-frames: the same frames as the ad-hoc crafting (first 300)', () => {
    expect(digest(largeFramesRecipe, 300)).toBe(CRAFTED.largeFrames300);
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
