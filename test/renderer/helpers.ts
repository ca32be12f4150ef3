import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type PacketMeta, packetMeta } from '../../native-bridge/common/index.js';
import { Packet } from '../../native-bridge/craft/index.js';
import { openCapture } from '../../native-bridge/formats/index.js';
import type { BufferPool } from '../../native-bridge/pool/index.js';
import type { RunStats } from '../../native-bridge/protocol/index.js';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const SAMPLE = path.join(ROOT, 'samples/sample.pcapng');
/** Frames of the sample (`wirepool read samples/sample.pcapng | wc -l`). */
export const SAMPLE_PACKETS = 113;

/** A frame as the engine's first pass gets it: its metadata and its bytes (owned, not lent). */
export interface HostFrame {
  meta: PacketMeta;
  bytes: Uint8Array;
}

let sample: readonly HostFrame[] | undefined;

/** The frames of samples/sample.pcapng, read once with the real reader (bytes copied out of its pool). */
export function sampleFrames(): readonly HostFrame[] {
  if (sample !== undefined) return sample;
  const reader = openCapture(SAMPLE);
  const out: HostFrame[] = [];
  try {
    for (let f = reader.next(); f !== undefined; f = reader.next()) out.push({ meta: packetMeta(f), bytes: f.data.bytes.slice() });
  } finally {
    reader.close();
  }
  sample = out;
  return out;
}

/** `count` frames cycling through the sample, numbered 1..count, two seconds further each time round. */
export function manyFrames(count: number): HostFrame[] {
  const base = sampleFrames();
  return Array.from({ length: count }, (_, i) => {
    const f = base[i % base.length]!;
    const round = Math.floor(i / base.length);
    return { meta: { ...f.meta, number: i + 1, sec: f.meta.sec + 2 * round }, bytes: f.bytes };
  });
}

/**
 * A 1200-byte UDP datagram cut into three IPv4 fragments (crafted with native-bridge/craft):
 * the third frame completes it, so its dissection has a second data source, the reassembled
 * datagram, which the UDP layer's nodes point into.
 */
export function fragmentFrames(): HostFrame[] {
  const src = '192.0.2.10';
  const dst = '198.51.100.20';
  const eth = { src: '02:00:00:00:00:0a', dst: '02:00:00:00:00:01' };
  const payload = new Uint8Array(1192).map((_, i) => (i * 13) & 0xff);
  const datagram = new Packet({ ip: { src, dst }, udp: { srcport: 40000, dstport: 7777, checksum: false }, payload }).build().subarray(20);
  const frames: HostFrame[] = [];
  for (let off = 0; off < datagram.length; off += 512) {
    const piece = datagram.subarray(off, Math.min(datagram.length, off + 512));
    const more = off + piece.length < datagram.length;
    const bytes = new Packet({ eth, ip: { src, dst, id: 7, proto: 17, df: false, mf: more, frag_offset: off }, payload: piece }).build();
    const n = frames.length;
    frames.push({
      meta: { number: n + 1, sec: 1_767_225_600, nsec: n * 1000, wireLen: bytes.length, capLen: bytes.length, interfaceId: 0, linkType: 1 },
      bytes,
    });
  }
  return frames;
}

export function runStats(pool: BufferPool, over: Partial<RunStats> = {}): RunStats {
  return {
    runId: 1,
    kind: 'replay',
    state: 'running',
    packets: 0,
    bytes: 0,
    batches: 0,
    seconds: 0,
    filteredOut: 0,
    pool: pool.stats(),
    at: Date.now(),
    ...over,
  };
}

/** Lets promise callbacks (the store's reply handlers) and timers due now run. */
export const tick = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));
