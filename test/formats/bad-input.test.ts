import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BufferPool, SharedPacket } from '../../native-bridge/pool/index.js';
import {
  CaptureFormatError,
  createCaptureParser,
  openCapture,
  openCaptureBytes,
  type CaptureFormatErrorCode,
} from '../../native-bridge/formats/index.js';
import { MAX_BLOCK_SIZE } from '../../native-bridge/formats/limits.js';
import { concat, epb, idb, pcapHeader, pcapRecord, packet, shb } from './build.js';
import { CAPTURES, readAll, type FrameCopy } from '../helpers/corpus.js';

const PCAP = '3560_CDP.pcap'; // 3 frames, little-endian, Ethernet
const PCAPNG = 'OSPFv2_Capture_FINAL.pcapng'; // 30 EPBs, one IDB with if_name and if_tsresol
const pcapBytes = readFileSync(path.join(CAPTURES, PCAP));
const pcapngBytes = readFileSync(path.join(CAPTURES, PCAPNG));
const good = (bytes: Uint8Array, name: string): FrameCopy[] => readAll(openCaptureBytes(bytes, name)).frames;
const pcapFrames = good(pcapBytes, PCAP);
const pcapngFrames = good(pcapngBytes, PCAPNG);

/** A copy of `bytes` with a little-endian u32 written at `at`. */
function patched(bytes: Uint8Array, at: number, value: number): Uint8Array {
  const copy = Uint8Array.from(bytes);
  new DataView(copy.buffer).setUint32(at, value, true);
  return copy;
}

interface Expectation {
  code: CaptureFormatErrorCode;
  offset: number;
  frames: number;
  reason?: RegExp;
}

/**
 * Reads `bytes` with a pool of its own, at several chunk sizes (so the fault is found both
 * inside a chunk and across chunk ends), and checks: the good frames came first and equal a
 * clean read's, then exactly one error with the expected code and offset, naming the file.
 */
function expectFault(bytes: Uint8Array, name: string, want: Expectation, clean: FrameCopy[] = []): BufferPool {
  const pool = new BufferPool();
  for (const chunkSize of [65536, 4096, 61, 16]) {
    const reader = openCaptureBytes(bytes, name, { pool, chunkSize });
    let calls = 0;
    const frames: FrameCopy[] = [];
    let error: unknown;
    try {
      // Bounded: a reader that looped would fail here, not hang the suite.
      for (let f = reader.next(); f !== undefined && calls++ < 100_000; f = reader.next())
        frames.push({ ...f, bytes: f.data.bytes.slice() });
    } catch (e) {
      error = e;
    }
    expect(error, `${name} @${chunkSize}: no error`).toBeInstanceOf(CaptureFormatError);
    const e = error as CaptureFormatError;
    expect([e.code, e.offset, frames.length], `${name} @${chunkSize}: ${e.message}`).toEqual([want.code, want.offset, want.frames]);
    if (want.reason) expect(e.reason).toMatch(want.reason);
    expect(e.file).toBe(name);
    expect(e.message).toContain(`${name}: byte ${want.offset}: `);
    frames.forEach((f, i) => {
      if (clean[i]) expect(Buffer.from(f.bytes).equals(Buffer.from(clean[i]!.bytes)), `${name} frame ${i + 1}`).toBe(true);
    });
    // The fault is sticky; after close() the reader just ends.
    expect(() => reader.next()).toThrow(e);
    reader.close();
    expect(reader.next()).toBeUndefined();
  }
  const stats = pool.stats();
  expect(
    stats.tiers.map((t) => t.outstanding),
    `${name}: leases still out`,
  ).toEqual([0, 0, 0]);
  expect(stats.oversize.outstanding).toBe(0);
  return pool;
}

describe('mutated corpus files', () => {
  it('random byte damage ends in frames and at most a CaptureFormatError: no other exception, no hang, no leak', () => {
    const files = readdirSync(CAPTURES).filter((f) => f.endsWith('.pcapng') || f.charCodeAt(0) % 7 === 0);
    let seed = 12345;
    const rand = (n: number): number => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed % n;
    };
    const pool = new BufferPool();
    const outcomes = new Map<string, number>();
    for (const file of files) {
      const original = readFileSync(path.join(CAPTURES, file));
      for (let round = 0; round < 8; round++) {
        const bytes = Uint8Array.from(original);
        // Damage length fields especially: overwrite 1-4 bytes at 4-aligned offsets after the magic.
        for (let k = 1 + rand(4); k > 0; k--) {
          const at = 4 + 4 * rand(Math.max(1, (bytes.length - 8) >> 2));
          bytes[at + rand(4)] = rand(2) ? 0xff : rand(256);
        }
        for (const chunkSize of [65536, 64]) {
          let calls = 0;
          const reader = openCaptureBytes(bytes, file, { pool, chunkSize });
          try {
            while (reader.next() !== undefined) if (++calls > 1_000_000) throw new Error(`${file}: reader does not end`);
            outcomes.set('clean', (outcomes.get('clean') ?? 0) + 1);
          } catch (e) {
            if (!(e instanceof CaptureFormatError)) throw e;
            outcomes.set(e.code, (outcomes.get(e.code) ?? 0) + 1);
          } finally {
            reader.close();
          }
        }
      }
    }
    expect(outcomes.get('CAPTURE_TOO_LARGE')).toBeGreaterThan(0);
    expect(outcomes.get('CAPTURE_TRUNCATED')).toBeGreaterThan(0);
    expect(pool.stats().tiers.map((t) => t.outstanding)).toEqual([0, 0, 0]);
    expect(pool.stats().oversize.bytes).toBeLessThanOrEqual(8 * MAX_BLOCK_SIZE);
  });
});

describe('pcap faults', () => {
  const [, r2, r3] = pcapFrames.map((f) => f.fileOffset) as [number, number, number];

  it('file cut inside the file header', () => {
    expectFault(pcapBytes.subarray(0, 20), PCAP, {
      code: 'CAPTURE_TRUNCATED',
      offset: 0,
      frames: 0,
      reason: /ends 20 bytes into a 24-byte header/,
    });
  });

  it('file cut inside a record header', () => {
    expectFault(pcapBytes.subarray(0, r2 + 7), PCAP, { code: 'CAPTURE_TRUNCATED', offset: r2, frames: 1 }, pcapFrames);
  });

  it('file cut inside record data', () => {
    expectFault(
      pcapBytes.subarray(0, r3 + 16 + 5),
      PCAP,
      { code: 'CAPTURE_TRUNCATED', offset: r3, frames: 2, reason: /ends 21 bytes into a \d+-byte record/ },
      pcapFrames,
    );
  });

  it('bad magic: not a capture file, refused at open', () => {
    const bytes = patched(pcapBytes, 0, 0x12345678);
    expect(() => openCaptureBytes(bytes, 'x.pcap')).toThrow(expect.objectContaining({ code: 'CAPTURE_BAD_MAGIC', offset: 0 }));
    expect(() => openCaptureBytes(new Uint8Array(0), 'empty.pcap')).toThrow(
      expect.objectContaining({ code: 'CAPTURE_TRUNCATED', offset: 0 }),
    );
    expect(() => openCapture(path.join(CAPTURES, '..', 'README.md'))).toThrow(expect.objectContaining({ code: 'CAPTURE_BAD_MAGIC' }));
    expect(() => openCapture(path.join(CAPTURES, 'no-such-file.pcap'))).toThrow(expect.objectContaining({ code: 'CAPTURE_IO' }));
    expect(() => openCapture(CAPTURES)).toThrow(expect.objectContaining({ code: 'FILE_NOT_REGULAR' }));
  });

  it('pcap older than 2.0 is unsupported (as in wiretap)', () => {
    const bytes = concat([pcapHeader({ version: [1, 4] }), pcapRecord('le', 1, 0, packet(1))]);
    expectFault(bytes, 'v1.pcap', { code: 'CAPTURE_UNSUPPORTED', offset: 0, frames: 0 });
  });

  it('a bogus huge caplen is refused without allocating for it', () => {
    const before = process.memoryUsage().arrayBuffers;
    const pool = expectFault(
      patched(pcapBytes, r2 + 8, 0xfffffff0),
      PCAP,
      { code: 'CAPTURE_TOO_LARGE', offset: r2, frames: 1, reason: /4294967280 captured bytes/ },
      pcapFrames,
    );
    expect(pool.stats().oversize.count).toBe(0);
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(16 * 1024 * 1024);
  });

  it("caplen 262145 is over wiretap's maximum; 262144 is allowed", () => {
    const big = packet(1, 262144);
    const ok = concat([pcapHeader({ snaplen: 262144 }), pcapRecord('le', 1, 0, big), pcapRecord('le', 2, 0, packet(2))]);
    const { frames, error } = readAll(openCaptureBytes(ok, 'max.pcap'));
    expect([error, frames.map((f) => f.capLen)]).toEqual([undefined, [262144, 60]]);
    const bad = concat([pcapHeader(), pcapRecord('le', 1, 0, packet(1)), pcapRecord('le', 2, 0, new Uint8Array(0), 262145, 262145)]);
    expectFault(bad, 'over.pcap', {
      code: 'CAPTURE_TOO_LARGE',
      offset: 24 + 16 + 60,
      frames: 1,
      reason: /262145 captured bytes, more than the 262144-byte maximum/,
    });
  });

  it('caplen > len and caplen > snaplen are not errors (TShark reads them)', () => {
    const bytes = concat([pcapHeader({ snaplen: 20 }), pcapRecord('le', 1, 0, packet(1), 30), pcapRecord('le', 2, 0, packet(2))]);
    const { frames, error } = readAll(openCaptureBytes(bytes, 'odd.pcap'));
    expect(error).toBeUndefined();
    expect(frames.map((f) => [f.capLen, f.wireLen])).toEqual([
      [60, 30],
      [60, 60],
    ]);
  });
});

describe('pcapng faults', () => {
  const offsets = pcapngFrames.map((f) => f.fileOffset);
  const at = (n: number): number => offsets[n - 1]!; // offset of frame n's EPB

  it('file cut inside a block header and inside a block body', () => {
    expectFault(pcapngBytes.subarray(0, at(5) + 6), PCAPNG, { code: 'CAPTURE_TRUNCATED', offset: at(5), frames: 4 }, pcapngFrames);
    expectFault(
      pcapngBytes.subarray(0, at(30) + 40),
      PCAPNG,
      { code: 'CAPTURE_TRUNCATED', offset: at(30), frames: 29, reason: /ends 40 bytes into a \d+-byte block/ },
      pcapngFrames,
    );
  });

  it('trailing length differs from the leading one', () => {
    const len = new DataView(pcapngBytes.buffer, pcapngBytes.byteOffset).getUint32(at(7) + 4, true);
    const bytes = patched(pcapngBytes, at(7) + len - 4, len + 4);
    expectFault(
      bytes,
      PCAPNG,
      {
        code: 'CAPTURE_LENGTH_MISMATCH',
        offset: at(7),
        frames: 6,
        reason: new RegExp(`starts with length ${len} but ends with length ${len + 4}`),
      },
      pcapngFrames,
    );
  });

  it('zero-length block', () => {
    expectFault(
      patched(pcapngBytes, at(3) + 4, 0),
      PCAPNG,
      { code: 'CAPTURE_BAD_LENGTH', offset: at(3), frames: 2, reason: /block length 0 is smaller than the 32-byte EPB minimum/ },
      pcapngFrames,
    );
  });

  it('a bogus huge block length is refused without allocating for it', () => {
    const pool = expectFault(
      patched(pcapngBytes, at(10) + 4, 0x7ffffff0),
      PCAPNG,
      { code: 'CAPTURE_TOO_LARGE', offset: at(10), frames: 9 },
      pcapngFrames,
    );
    expect(pool.stats().oversize.count).toBe(0);
    // Under the limit but past the end of the file: truncated, still nothing allocated for it.
    const pool2 = expectFault(
      patched(pcapngBytes, at(10) + 4, MAX_BLOCK_SIZE - 4),
      PCAPNG,
      { code: 'CAPTURE_TRUNCATED', offset: at(10), frames: 9 },
      pcapngFrames,
    );
    expect(pool2.stats().oversize.count).toBe(0);
  });

  it('a parser fed a stream of unknown length allocates at most the block limit', () => {
    const pool = new BufferPool();
    const bytes = patched(pcapngBytes, at(2) + 4, MAX_BLOCK_SIZE - 4);
    const parser = createCaptureParser(bytes, { name: 'stream', pool });
    let frames = 0;
    for (let off = 0; off < bytes.length; off += 1000) {
      const lease = pool.acquire(Math.min(1000, bytes.length - off));
      lease.bytes.set(bytes.subarray(off, off + lease.size));
      parser.append(SharedPacket.fromLease(lease));
      for (let f = parser.next(); f !== undefined; f = parser.next(), frames++) f.data.release();
    }
    parser.end();
    expect(parser.next()).toBeUndefined();
    expect([frames, parser.fault?.code, parser.fault?.offset]).toEqual([1, 'CAPTURE_TRUNCATED', at(2)]);
    expect(pool.stats().oversize.bytes).toBeLessThanOrEqual(MAX_BLOCK_SIZE);
    parser.close();
    expect(pool.stats().oversize.outstanding).toBe(0);
  });

  it('packet data longer than its block', () => {
    expectFault(
      patched(pcapngBytes, at(4) + 20, 5000),
      PCAPNG,
      { code: 'CAPTURE_BAD_LENGTH', offset: at(4), frames: 3, reason: /too small for 5000 bytes of packet data/ },
      pcapngFrames,
    );
  });

  it('packet for an interface the section never described', () => {
    expectFault(
      patched(pcapngBytes, at(2) + 8, 3),
      PCAPNG,
      { code: 'CAPTURE_BAD_INTERFACE', offset: at(2), frames: 1, reason: /interface 3 but its section describes 1/ },
      pcapngFrames,
    );
  });

  it('a second section with a broken byte-order magic, after a good first section', () => {
    const first = concat([shb('le'), idb('le'), epb('le', 0, 1n, packet(1)), epb('le', 0, 2n, packet(2))]);
    const second = patched(shb('be'), 8, 0xdeadbeef);
    expectFault(concat([first, second, idb('be')]), 'two.pcapng', { code: 'CAPTURE_BAD_MAGIC', offset: first.length, frames: 2 });
  });

  it('unsupported SHB version', () => {
    expectFault(concat([shb('le', [2, 0]), idb('le'), epb('le', 0, 1n, packet(1))]), 'v2.pcapng', {
      code: 'CAPTURE_UNSUPPORTED',
      offset: 0,
      frames: 0,
    });
  });

  it('reads every if_tsresol, 10^-127 and 2^-127 included, as TShark does, with exact times', () => {
    const all = (1n << 64n) - 1n;
    for (const [tsresol, ticks, sec, nsec] of [
      [20, all, 0, 184_467_440], // 2^64 - 1 ticks is 0.18 s at 10^-20
      [0x80 | 64, all, 0, 999_999_999],
      [0x80 | 127, all, 0, 0], // under 2^-63 s: TShark 4.0 shows 1.000000000 here (its units saturate)
      [127, all, 0, 0],
      [0x80 | 63, all, 1, 999_999_999],
    ] as const) {
      const bytes = concat([shb('le'), idb('le', { tsresol }), epb('le', 0, 1n, packet(1)), epb('le', 0, ticks, packet(2))]);
      const { frames, error } = readAll(openCaptureBytes(bytes, `res-${tsresol}.pcapng`));
      expect(error, `if_tsresol ${tsresol}`).toBeUndefined();
      expect(
        frames.map((f) => [f.sec, f.nsec]),
        `if_tsresol ${tsresol}`,
      ).toEqual([
        [0, 0],
        [sec, nsec],
      ]);
    }
  });
});
