/**
 * A live capture's batches carry their packets as pcapng Enhanced Packet Blocks (cap's batch
 * mode writes them; test/capture/batch.test.ts checks those), so the spool file is the head plus
 * the batch bodies as they are. Checked without a network: real packets (the sample) as blocks in
 * batch bodies of a few packets each, appended to the spool the capture uses, read back by the
 * pcapng reader (which the corpus checks against TShark).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { HEADER_BYTES } from '../../native-bridge/batch/index.js';
import { Spool, pcapngHead } from '../../native-bridge/capture/index.js';
import { openCapture } from '../../native-bridge/formats/index.js';
import { concat, epb } from '../formats/build.js';
import { ROOT, readAll } from '../helpers/corpus.js';

const tmp = mkdtempSync(path.join(tmpdir(), 'wirepool-spool-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const sample = readAll(openCapture(path.join(ROOT, 'samples/sample.pcapng'))).frames;

describe('pcapng spool from batch bodies', () => {
  it('the head plus every batch body is a pcapng file with every packet, timestamps to the nanosecond', () => {
    const file = path.join(tmp, 'spool.pcapng');
    const spool = new Spool(file, pcapngHead([{ linkType: 1, snaplen: 65436, name: 'lo' }], 'test'));
    // A far-future time too: the 64-bit nanosecond split must be exact.
    const frames = [...sample, { ...sample[0]!, sec: 4102444800, nsec: 999_999_999 }];
    const offsets: number[] = [];
    for (let first = 0; first < frames.length; first += 7) {
      // A batch: its header, then the blocks (the spool takes the body only).
      const blocks = frames
        .slice(first, first + 7)
        .map((f) => epb('le', 0, BigInt(f.sec) * 1_000_000_000n + BigInt(f.nsec), f.bytes, f.wireLen));
      const batch = concat([new Uint8Array(HEADER_BYTES), ...blocks]);
      const at = spool.append(batch, HEADER_BYTES, batch.length);
      let o = at;
      for (const b of blocks) {
        offsets.push(o);
        o += b.length;
      }
    }
    spool.close();
    const back = readAll(openCapture(file));
    expect(back.error).toBeUndefined();
    expect(back.frames.length).toBe(frames.length);
    back.frames.forEach((f, i) => {
      const g = frames[i]!;
      expect([f.sec, f.nsec, f.wireLen, f.capLen, f.linkType, f.fileOffset]).toEqual([g.sec, g.nsec, g.wireLen, g.capLen, 1, offsets[i]]);
      expect(Buffer.compare(f.bytes, g.bytes)).toBe(0);
    });
  });

  it('writes on the thread pool land at their reserved places, whatever order they finish in', async () => {
    const file = path.join(tmp, 'async.pcapng');
    const spool = new Spool(file, pcapngHead([{ linkType: 1, snaplen: 65436, name: 'lo' }], 'test'));
    const bodies = [];
    for (let first = 0; first < sample.length; first += 5) {
      const blocks = sample
        .slice(first, first + 5)
        .map((f) => epb('le', 0, BigInt(f.sec) * 1_000_000_000n + BigInt(f.nsec), f.bytes, f.wireLen));
      const batch = concat([new Uint8Array(HEADER_BYTES), ...blocks]);
      bodies.push({ batch, at: spool.reserve(batch.length - HEADER_BYTES) });
    }
    // Started newest first: each lands where reserve() put it.
    await Promise.all(
      bodies
        .reverse()
        .map(
          ({ batch, at }) =>
            new Promise<void>((resolve, reject) => spool.write(batch, HEADER_BYTES, batch.length, at, (e) => (e ? reject(e) : resolve()))),
        ),
    );
    spool.close();
    const back = readAll(openCapture(file));
    expect(back.error).toBeUndefined();
    expect(back.frames.map((f) => Buffer.from(f.bytes).toString('hex'))).toEqual(sample.map((f) => Buffer.from(f.bytes).toString('hex')));
  });

  it('a spool that cannot be created says where and why', () => {
    expect(
      () => new Spool(path.join(tmp, 'no-such-dir', 'x.pcapng'), pcapngHead([{ linkType: 1, snaplen: 100, name: 'lo' }], 'test')),
    ).toThrow(/no-such-dir does not exist/);
  });
});
