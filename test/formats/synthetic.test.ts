import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatEpoch, openCaptureBytes, type InterfaceInfo } from '../../native-bridge/formats/index.js';
import { FIXTURES, readAll, readTsv, type FrameCopy } from '../helpers/corpus.js';
import { SYNTHETIC } from './synthetic.js';

const WRITE = process.env.WIREPOOL_WRITE_FIXTURES === '1';
const M64 = 1n << 64n;

/** Units per second of an if_tsresol byte. */
function units(tsresol: number): bigint {
  return tsresol & 0x80 ? 1n << BigInt(tsresol & 0x7f) : 10n ** BigInt(tsresol);
}

/**
 * TShark 4.0 computes the fraction as ((ticks % units) * 1e9) / units in 64-bit unsigned
 * arithmetic, which wraps once units > (2^64 - 1) / 1e9 (finer than 10^-10 or 2^-32).
 * Current wiretap fixed this; Wirepool gives the exact value. This reproduces 4.0's number.
 */
function tshark40Fraction(f: FrameCopy, iface: InterfaceInfo): bigint {
  const ticks = (BigInt(f.tsHigh) << 32n) | BigInt(f.tsLow);
  const u = units(iface.tsresol);
  return (((ticks % u) * 1_000_000_000n) % M64) / u;
}

describe('synthetic pcapng fixtures against TShark 4.0.17', () => {
  for (const [name, build] of Object.entries(SYNTHETIC)) {
    it(name, () => {
      const bytes = build();
      const file = path.join(FIXTURES, name);
      if (WRITE) writeFileSync(file, bytes);
      expect(existsSync(file), `${file} is missing: run with WIREPOOL_WRITE_FIXTURES=1`).toBe(true);
      expect(Buffer.from(bytes).equals(readFileSync(file)), `${name} no longer matches its builder`).toBe(true);

      const reader = openCaptureBytes(bytes, name);
      const interfaces = reader.interfaces; // live array, complete once read
      const { frames, error } = readAll(reader);
      expect(error).toBeUndefined();
      const view = new DataView(bytes.buffer, bytes.byteOffset);

      // TShark 4.0 returns each custom block (0xBAD / 0x40000BAD) as a record without a
      // timestamp or interface; Wirepool skips it as a non-packet block. Drop those rows
      // (frame numbers after it are then one lower in Wirepool).
      const oracle = readTsv(`${file}.tsv`).filter((r) => r[4] !== '');
      expect(frames.length).toBe(oracle.length);
      frames.forEach((f, i) => {
        const [, time, len, caplen, ifid] = oracle[i]!;
        const where = `${name} frame ${f.number} (TShark ${oracle[i]![0]})`;
        expect([f.wireLen, f.capLen, f.interfaceId].join(' '), where).toBe([len, caplen, ifid].join(' '));
        const iface = interfaces[f.interfaceIndex]!;
        expect(iface.id, where).toBe(f.interfaceId);
        const blockType = view.getUint32(f.fileOffset, true);
        if (blockType === 3 || blockType === 0x03000000) {
          // An SPB has no timestamp: TShark prints none, Wirepool gives 0.000000000.
          expect(time, where).toBe('');
          expect([f.sec, f.nsec], where).toEqual([0, 0]);
          return;
        }
        const [sec, frac] = time!.split('.') as [string, string];
        if (Math.abs(f.sec) > Number.MAX_SAFE_INTEGER) {
          // Seconds beyond 2^53 (only from absurd resolutions: 285 million years) are the nearest double.
          expect(f.sec, where).toBe(Number(BigInt(sec)));
          expect(String(f.nsec).padStart(9, '0'), where).toBe(frac);
          return;
        }
        expect(String(f.sec), where).toBe(sec);
        const exact = BigInt(f.nsec);
        const u = units(iface.tsresol);
        const ticks = (BigInt(f.tsHigh) << 32n) | BigInt(f.tsLow);
        expect(exact, `${where}: exact fraction`).toBe(((ticks % u) * 1_000_000_000n) / u);
        if (u > (M64 - 1n) / 1_000_000_000n) {
          expect(BigInt(frac), `${where}: TShark 4.0's wrapped fraction`).toBe(tshark40Fraction(f, iface));
        } else {
          expect(formatEpoch(f.sec, f.nsec), where).toBe(time);
        }
      });
    });
  }

  it('describes every interface of every section', () => {
    const reader = openCaptureBytes(SYNTHETIC['multi-section.pcapng']!(), 'multi-section.pcapng');
    const { frames } = readAll(reader);
    expect(frames.map((f) => f.interfaceIndex)).toEqual([0, 1, 0, 3, 2, 2, 3, 4, 4, 5]);
    expect(reader.interfaces.map((i) => [i.section, i.id, i.linkType, i.snaplen, i.name, i.tsresol, i.tsoffset])).toEqual([
      [0, 0, 1, 65535, 'eth0', 6, 0],
      [0, 1, 1, 0, 'eth1', 9, 0],
      [1, 0, 1, 128, undefined, 3, 0],
      [1, 1, 1, 0, 'binary', 0x80 | 20, 100],
      [1, 2, 1, 0, undefined, 9, -2_000_000_000],
      [2, 0, 113, 262144, undefined, 6, 0],
    ]);
    expect(frames.map((f) => f.linkType)).toEqual([1, 1, 1, 1, 1, 1, 1, 1, 1, 113]);
  });
});
