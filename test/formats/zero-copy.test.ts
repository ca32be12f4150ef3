import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BufferPool } from '../../native-bridge/pool/index.js';
import { openCapture, openCaptureBytes, type Frame } from '../../native-bridge/formats/index.js';
import { concat, pcapHeader, pcapRecord, packet } from './build.js';
import { CAPTURES, readAll } from '../helpers/corpus.js';

/** Where a frame's packet data starts, relative to its record/block. */
const dataStart = (name: string): number => (name.endsWith('.pcapng') ? 28 : 16);

describe('zero-copy frames', () => {
  for (const name of ['afs.pcap', 'of13_ericsson.pcapng']) {
    it(`${name}: in-chunk frames are views of their chunk, straddling ones are copies`, () => {
      const chunkSize = 4096;
      const pool = new BufferPool();
      const reader = openCapture(path.join(CAPTURES, name), { pool, chunkSize });
      let inside = 0;
      let straddling = 0;
      let prev: { chunk: number; lease: number; inside: boolean } | undefined;
      for (let f = reader.next(); f !== undefined; f = reader.next()) {
        const start = f.fileOffset + dataStart(name);
        const chunk = Math.floor(f.fileOffset / chunkSize);
        const bytes = f.data.bytes;
        // A record lies in one chunk when its first and last byte do (block trailers included for pcapng).
        const recordEnd = name.endsWith('.pcapng') ? f.fileOffset + 32 + ((f.capLen + 3) & ~3) : start + f.capLen;
        const within = Math.floor((recordEnd - 1) / chunkSize) === chunk;
        if (within) {
          inside++;
          expect(bytes.buffer.byteLength, 'a view of a pooled chunk').toBe(chunkSize);
          expect(bytes.byteOffset, `frame ${f.number} offset in its chunk`).toBe(start - chunk * chunkSize);
          if (prev?.inside && prev.chunk === chunk) expect(f.data.leaseId, 'same chunk, same lease').toBe(prev.lease);
        } else {
          straddling++;
          // Copied into a lease of its own that holds the whole record from its header on.
          expect(bytes.byteOffset).toBe(dataStart(name));
          if (prev) expect(f.data.leaseId).not.toBe(prev.lease);
        }
        prev = { chunk, lease: f.data.leaseId, inside: within };
      }
      reader.close();
      expect(inside).toBeGreaterThan(50);
      expect(straddling).toBeGreaterThan(5);
      expect(pool.stats().tiers.map((t) => t.outstanding)).toEqual([0, 0, 0]);
    });
  }

  it('every corpus file reads byte-identically at chunk sizes that split headers and records', () => {
    const pool = new BufferPool();
    const files = readdirSync(CAPTURES).sort();
    const mismatches: string[] = [];
    for (const file of files) {
      const bytes = readFileSync(path.join(CAPTURES, file));
      const whole = readAll(openCaptureBytes(bytes, file, { pool, chunkSize: Math.max(16, bytes.length) }));
      for (const chunkSize of [23, 1000]) {
        const split = readAll(openCaptureBytes(bytes, file, { pool, chunkSize }));
        const same =
          split.frames.length === whole.frames.length &&
          split.error?.message === whole.error?.message &&
          split.frames.every((f, i) => {
            const w = whole.frames[i]!;
            return (
              f.sec === w.sec &&
              f.nsec === w.nsec &&
              f.capLen === w.capLen &&
              f.wireLen === w.wireLen &&
              f.fileOffset === w.fileOffset &&
              Buffer.from(f.bytes).equals(Buffer.from(w.bytes))
            );
          });
        if (!same) mismatches.push(`${file} @${chunkSize}`);
      }
    }
    expect(mismatches).toEqual([]);
    expect(pool.stats().tiers.map((t) => t.outstanding)).toEqual([0, 0, 0]);
  });

  it('chunk buffers recycle: a long read uses a handful of buffers', () => {
    const records = Array.from({ length: 20_000 }, (_, i) => pcapRecord('le', 1_700_000_000, i, packet(i & 0xff, 60 + (i % 700))));
    const bytes = concat([pcapHeader(), ...records]); // ~7.6 MB, ~120 chunks
    const pool = new BufferPool();
    const { frames, error } = readAll(openCaptureBytes(bytes, 'long.pcap', { pool }));
    expect([frames.length, error]).toEqual([20_000, undefined]);
    const big = pool.stats().tiers[2]!; // 64 KiB: chunks (and any straddling record over 16 KiB)
    expect(big.hits + big.misses).toBeGreaterThan(100);
    expect(big.misses).toBeLessThanOrEqual(3);
    const small = pool.stats().tiers[0]!; // straddling records (< 4 KiB) are copied into 4 KiB leases
    expect(small.misses).toBeLessThanOrEqual(2);
    expect(pool.stats().tiers.map((t) => t.outstanding)).toEqual([0, 0, 0]);
  });

  it('a frame is released by the next next() unless retained', () => {
    const records = Array.from({ length: 2000 }, (_, i) => pcapRecord('le', 1, i, packet(i & 0xff, 200)));
    const bytes = concat([pcapHeader(), ...records]);
    const pool = new BufferPool();
    const reader = openCaptureBytes(bytes, 'keep.pcap', { pool, chunkSize: 4096 });
    const kept = reader.next()!;
    kept.data.retain();
    const copy = kept.data.bytes.slice();
    const second: Frame = reader.next()!;
    const secondData = second.data;
    let n = 2;
    while (reader.next() !== undefined) n++;
    expect(n).toBe(2000);
    // Not retained: released when the reader moved on.
    expect(() => secondData.bytes).toThrow(expect.objectContaining({ code: 'POOL_USE_AFTER_RELEASE' }));
    // Retained: still intact after the reader went through ~100 more chunks.
    expect(Buffer.from(kept.data.bytes).equals(Buffer.from(copy))).toBe(true);
    reader.close();
    expect(pool.stats().tiers[0]!.outstanding).toBe(1); // the kept frame's chunk
    kept.data.release();
    expect(pool.stats().tiers.map((t) => t.outstanding)).toEqual([0, 0, 0]);
  });
});
