import { type PacketMeta, concatBytes } from '../../native-bridge/common/index.js';
import type { Random } from './random.js';

/**
 * Captures for the dissector fuzz target: real captures with a few frames mutated, and frames
 * of random bytes under a link type. A capture here is its frames in order, numbered from 1.
 */
export interface FuzzFrame {
  meta: PacketMeta;
  bytes: Uint8Array;
  /** [start, length] of the frame's protocol layers as first dissected: runs worth repeating. */
  layers?: readonly (readonly [number, number])[];
}

export interface SeedCapture {
  name: string;
  frames: readonly FuzzFrame[];
}

const INTERESTING_8 = [0x00, 0x01, 0x02, 0x04, 0x06, 0x11, 0x29, 0x2b, 0x2c, 0x3a, 0x3b, 0x3c, 0x40, 0x45, 0x60, 0x7f, 0x80, 0xc0, 0xff];
const INTERESTING_16 = [
  0x0000, 0x0001, 0x0035, 0x0050, 0x01bb, 0x0800, 0x0806, 0x8100, 0x86dd, 0x88a8, 0x9100, 0x7fff, 0x8000, 0xc00c, 0xffff,
];

/**
 * One change to `b`: bit flips, interesting values, cuts, insertions, repeated runs, splices.
 * `layers` are where the frame's protocols start: a run repeated there stacks that header.
 */
function mutateOnce(r: Random, b: Uint8Array, donors: readonly Uint8Array[], layers: FuzzFrame['layers']): Uint8Array {
  if (layers !== undefined && layers.length > 0 && r.chance(0.1)) {
    // A header repeated many times: 60 000 VLAN tags, 20 000 extension headers, IP in IP in IP.
    const [start, length] = r.pick(layers);
    const run = b.subarray(start, start + Math.min(length, r.pick([4, 8, 8, 16, 20, 40, length])));
    if (run.length === 0) return b;
    const times = r.pick([2, 10, 100, 1000, 5000, 20_000, 60_000]);
    const rep = new Uint8Array(Math.min(run.length * times, 4_000_000));
    for (let k = 0; k < rep.length; k += run.length) rep.set(run.subarray(0, rep.length - k), k);
    return concatBytes([b.subarray(0, start), rep, b.subarray(start)]);
  }
  const at = r.int(b.length + 1);
  switch (r.int(9)) {
    case 0: {
      const out = b.slice();
      for (let n = r.range(1, 8); n > 0 && out.length > 0; n--) out[r.int(out.length)]! ^= 1 << r.int(8);
      return out;
    }
    case 1: {
      const out = b.slice();
      if (out.length > 0) out[r.int(out.length)] = r.pick(INTERESTING_8);
      return out;
    }
    case 2: {
      const out = b.slice();
      if (out.length >= 2) {
        const o = r.int(out.length - 1);
        const v = r.pick(INTERESTING_16) + (r.chance(0.3) ? r.range(-2, 2) : 0);
        out[o] = (v >>> 8) & 0xff;
        out[o + 1] = v & 0xff;
      }
      return out;
    }
    case 3:
      return b.slice(0, at);
    case 4: {
      const ins = r.bytes(r.size(16, 2000));
      return concatBytes([b.subarray(0, at), ins, b.subarray(at)]);
    }
    case 5: {
      const len = r.int(Math.min(64, b.length - at) + 1);
      return concatBytes([b.subarray(0, at), b.subarray(at + len)]);
    }
    case 6: {
      // A run repeated many times: stacks of tags, chains of extension headers, label loops.
      const len = r.pick([2, 4, 8, 8, 16, 40]);
      const run = b.subarray(at, at + len);
      if (run.length === 0) return b;
      const times = r.size(50, 20_000);
      const rep = new Uint8Array(run.length * times);
      for (let k = 0; k < times; k++) rep.set(run, k * run.length);
      return concatBytes([b.subarray(0, at), rep, b.subarray(at)]);
    }
    case 7: {
      const d = r.pick(donors);
      const from = r.int(d.length + 1);
      return concatBytes([b.subarray(0, at), d.subarray(from, from + r.size(64, 1500)), b.subarray(at + r.int(64))]);
    }
    default: {
      const out = b.slice();
      const len = Math.min(r.size(8, 200), out.length - at);
      if (len > 0) out.set(r.bytes(len), at);
      return out;
    }
  }
}

function numbered(list: FuzzFrame[]): FuzzFrame[] {
  return list.map(({ meta, bytes }, k) => ({
    meta: { ...meta, number: k + 1, capLen: bytes.length, wireLen: Math.max(meta.wireLen, bytes.length) },
    bytes,
  }));
}

/** A seed capture with one to four frames changed (and now and then a frame dropped or repeated). */
export function mutatedCapture(
  r: Random,
  seeds: readonly SeedCapture[],
  linkTypes: readonly number[],
): { name: string; frames: FuzzFrame[]; changed: number[] } {
  const seed = r.pick(seeds);
  const list: FuzzFrame[] = seed.frames.map((f) => ({ ...f }));
  if (list.length > 1 && r.chance(0.1)) list.splice(r.int(list.length), 1);
  if (r.chance(0.1)) list.push({ ...list[r.int(list.length)]! });
  const donors = list.map((f) => f.bytes);
  const changed = new Set<number>();
  for (let n = r.range(1, Math.min(4, list.length)); n > 0; n--) {
    const k = r.int(list.length);
    const f = list[k]!;
    let bytes = f.bytes;
    for (let m = r.range(1, 4); m > 0; m--) bytes = mutateOnce(r, bytes, donors, m === 1 ? f.layers : undefined);
    const linkType = r.chance(0.05) ? r.pick(linkTypes) : f.meta.linkType;
    list[k] = { meta: { ...f.meta, linkType }, bytes };
    changed.add(k + 1);
  }
  return { name: seed.name, frames: numbered(list), changed: [...changed] };
}

/** One to eight frames of random bytes under one link type (a supported one, or now and then not). */
export function randomCapture(r: Random, linkTypes: readonly number[]): { name: string; frames: FuzzFrame[]; changed: number[] } {
  const linkType = r.chance(0.95) ? r.pick(linkTypes) : r.int(300);
  const n = r.range(1, 8);
  const list = Array.from({ length: n }, () => {
    const bytes = r.bytes(r.size(200, 65_535));
    const meta: PacketMeta = {
      number: 0,
      sec: 1_700_000_000,
      nsec: 0,
      wireLen: bytes.length,
      capLen: bytes.length,
      interfaceId: 0,
      linkType,
    };
    return { meta, bytes };
  });
  return { name: `random bytes, link type ${linkType}`, frames: numbered(list), changed: list.map((_, k) => k + 1) };
}
