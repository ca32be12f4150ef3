/**
 * The C writer of a capture's blocks (vendor/cap/src/batch_fill.h), which cap's batch mode and the
 * capture helper share, checked on times a live capture cannot produce on demand: the far future
 * (year 2100, and past 2^32 seconds), where the 64-bit nanosecond split and the index's two second
 * words must be exact. A small harness is compiled against the header with the system's C compiler
 * (the one node-gyp builds cap with); the blocks it writes are read back by the pcapng reader.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { pcapngHead } from '../../native-bridge/capture/index.js';
import { openCapture } from '../../native-bridge/formats/index.js';
import { ROOT, readAll } from '../helpers/corpus.js';

const tmp = mkdtempSync(path.join(tmpdir(), 'wirepool-batch-fill-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const harness = path.join(tmp, 'harness');
const cc = spawnSync('cc', [
  '-O2',
  '-Wall',
  '-Werror',
  '-I',
  path.join(ROOT, 'vendor/cap/src'),
  '-o',
  harness,
  path.join(ROOT, 'test/fixtures/batch-fill-harness.c'),
]);
const noCompiler = cc.error !== undefined ? `no C compiler (cc): ${cc.error.message}` : undefined;
if (noCompiler) console.log(`batch_fill.h test skipped: ${noCompiler}`);

interface Put {
  sec: bigint;
  nsec: number;
  capLen: number;
  wireLen: number;
}

function fill(puts: Put[]): { count: number; blocks: Buffer; index: Uint32Array } {
  const out = execFileSync(
    harness,
    puts.flatMap((p) => [String(p.sec), String(p.nsec), String(p.capLen), String(p.wireLen)]),
  );
  const count = out.readUInt32LE(0);
  const dataEnd = out.readUInt32LE(4);
  const blocks = out.subarray(8, 8 + dataEnd - 32);
  const idx = out.subarray(8 + dataEnd - 32);
  return { count, blocks, index: new Uint32Array(idx.buffer.slice(idx.byteOffset, idx.byteOffset + idx.length)) };
}

describe.skipIf(noCompiler !== undefined)("batch_fill.h, the binding's and the helper's block writer", () => {
  it('compiles warning-free', () => {
    expect(cc.status, cc.stderr.toString()).toBe(0);
  });

  it('writes far-future times exactly: in the blocks (64-bit nanoseconds) and in the index (two second words)', () => {
    const puts: Put[] = [
      { sec: 0n, nsec: 0, capLen: 1, wireLen: 1 },
      { sec: 1_700_000_000n, nsec: 123_456_789, capLen: 60, wireLen: 60 },
      { sec: 4_102_444_800n, nsec: 999_999_999, capLen: 100, wireLen: 1514 }, // 2100-01-01, snap length 100
      { sec: 4_294_967_296n, nsec: 500_000_000, capLen: 3, wireLen: 3 }, // 2^32 s: 2106-02-07
      { sec: 17_179_869_183n, nsec: 1, capLen: 65535, wireLen: 65535 }, // 2514 (2^34 − 1 s): 1.7e19 ns, under 2^64
    ];
    const { count, blocks, index } = fill(puts);
    expect(count).toBe(puts.length);
    const file = path.join(tmp, 'far.pcapng');
    // The harness writes interface id 3: four interface descriptions.
    const head = pcapngHead(
      ['a', 'b', 'c', 'lo'].map((name) => ({ linkType: 1, snaplen: 262144, name })),
      'test',
    );
    writeFileSync(file, Buffer.concat([head, blocks]));
    const back = readAll(openCapture(file));
    expect(back.error).toBeUndefined();
    expect(back.frames.map((f) => [f.sec, f.nsec, f.capLen, f.wireLen])).toEqual(
      puts.map((p) => [Number(p.sec), p.nsec, p.capLen, p.wireLen]),
    );
    back.frames.forEach((f, i) => {
      expect([...f.bytes]).toEqual(Array.from({ length: puts[i]!.capLen }, (_, k) => k & 0xff));
    });
    puts.forEach((p, i) => {
      const e = index.subarray(i * 8, i * 8 + 8);
      expect(e[3]).toBe(7 + i); // frame number from first_number
      expect(BigInt(e[4]!) + (BigInt(e[5]!) << 32n)).toBe(p.sec);
      expect([e[1], e[2], e[6], e[7]]).toEqual([p.capLen, p.wireLen, p.nsec, (3 << 16) | 1]);
      // The entry points at the packet's data inside its block.
      expect(e[0]! - 32 - 28).toBe(back.frames[i]!.fileOffset - head.length);
    });
  });
});
