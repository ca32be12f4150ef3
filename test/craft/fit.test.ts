import { describe, expect, it } from 'vitest';
import { BuildError, Packet } from '../../native-bridge/craft/index.js';
import { BufferPool } from '../../native-bridge/pool/index.js';
import { dissect, verifyChecksums } from './helpers.js';

const tcp = () =>
  new Packet({
    eth: { src: '02:00:00:00:00:01', dst: '02:00:00:00:00:02' },
    ip: { src: '192.0.2.1', dst: '192.0.2.2' },
    tcp: { srcport: 40000, dstport: 8080, seq: 1, ack: 1, flags: 'PA' },
    payload: new Uint8Array(100).fill(0x61),
  });

describe('buildInto: a provided buffer or a pool lease', () => {
  it('writes packets back to back into one pooled lease, the same bytes build() returns', () => {
    const pool = new BufferPool();
    const p = tcp();
    using lease = pool.acquire(4096);
    let o = 0;
    const offsets: number[] = [];
    for (let i = 0; i < 20; i++) {
      p.tcp!.seq = 1 + i * 100;
      p.ip!.id = i;
      offsets.push(o);
      o += p.buildInto(lease.bytes, o);
    }
    expect(o).toBe(20 * 154);
    for (let i = 0; i < 20; i++) {
      p.tcp!.seq = 1 + i * 100;
      p.ip!.id = i;
      const frame = lease.bytes.subarray(offsets[i], offsets[i]! + 154);
      expect(frame).toEqual(p.build());
      expect(verifyChecksums(dissect(frame), frame)).toEqual({ ip: true, tcp: true });
    }
  });

  it('when it does not fit: BUILD_NO_ROOM with needed and available sizes, nothing written', () => {
    const p = tcp();
    const target = new Uint8Array(200).fill(0xee);
    let err: unknown;
    try {
      p.buildInto(target, 100);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(BuildError);
    const e = err as BuildError;
    expect(e.code).toBe('BUILD_NO_ROOM');
    expect(e.needed).toBe(154);
    expect(e.available).toBe(100);
    expect(e.message).toMatch(/needs 154 bytes but only 100 are available at offset 100 of a 200-byte buffer/);
    expect(e.hint).toMatch(/pool\.acquire\(154\)/);
    expect(target.every((v) => v === 0xee)).toBe(true);
    // A view into a larger buffer: nothing past the view's end either.
    const big = new Uint8Array(400).fill(0xee);
    expect(() => p.buildInto(big.subarray(0, 150), 0)).toThrow(BuildError);
    expect(big.every((v) => v === 0xee)).toBe(true);
    expect(() => p.buildInto(target, -1)).toThrow(/outside a 200-byte buffer/);
    expect(() => p.buildInto(target, 46)).not.toThrow();
  });

  it('a fragment that does not fit is refused the same way', () => {
    const p = new Packet({ ip: { src: '10.0.0.1', dst: '10.0.0.2' }, udp: { srcport: 1, dstport: 2 }, payload: new Uint8Array(5000) });
    expect(p.fragment(1500)).toBe(4);
    const t = new Uint8Array(1000);
    expect(() => p.buildFragmentInto(0, t)).toThrow(expect.objectContaining({ code: 'BUILD_NO_ROOM', needed: 1500, available: 1000 }));
    expect(t.every((v) => v === 0)).toBe(true);
  });
});
