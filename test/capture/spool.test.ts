/**
 * A live capture's batches carry their packets as pcapng Enhanced Packet Blocks, so the spool
 * file is the head plus the batch bodies as they are. Checked without a network: real packets
 * (the sample) through the same builder, framing and spool the capture uses, read back by the
 * pcapng reader (which the corpus checks against TShark).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BatchBuilder, BatchView, HEADER_BYTES } from '../../native-bridge/batch/index.js';
import { EPB_HEAD, EpbFraming, Spool, pcapngHead } from '../../native-bridge/capture/index.js';
import { openCapture } from '../../native-bridge/formats/index.js';
import { BufferPool } from '../../native-bridge/pool/index.js';
import { ROOT, readAll } from '../helpers/corpus.js';

const tmp = mkdtempSync(path.join(tmpdir(), 'wirepool-spool-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const sample = readAll(openCapture(path.join(ROOT, 'samples/sample.pcapng'))).frames;

describe('pcapng spool from batch bodies', () => {
  it('the head plus every batch body is a pcapng file with every packet, timestamps to the nanosecond', () => {
    const file = path.join(tmp, 'spool.pcapng');
    const spool = new Spool(file, pcapngHead([{ linkType: 1, snaplen: 65436, name: 'lo' }], 'test'));
    const pool = new BufferPool({ tiers: [4096, 16384, 65536], capacity: [8, 8, 8] });
    // A far-future time too: the 64-bit nanosecond split must be exact.
    const frames = [...sample, { ...sample[0]!, sec: 4102444800, nsec: 999_999_999 }];
    const offsets: number[] = [];
    const builder = new BatchBuilder(
      pool,
      (b) => {
        const at = spool.append(b.lease.bytes, HEADER_BYTES, HEADER_BYTES + b.dataBytes);
        const view = new BatchView(b.lease.buffer);
        for (let i = 0; i < view.count; i++) {
          offsets.push(at + view.offset(i) - EPB_HEAD - HEADER_BYTES);
          // The batch itself still reads as a batch: the index points at the data inside each block.
          expect(Buffer.compare(view.data(i), frames[offsets.length - 1]!.bytes)).toBe(0);
        }
        b.lease.release();
      },
      { framing: new EpbFraming() },
    );
    frames.forEach((f, i) => {
      builder.add({ ...f, number: i + 1, interfaceId: 0 }, f.bytes);
    });
    builder.flush();
    spool.close();
    const back = readAll(openCapture(file));
    expect(back.error).toBeUndefined();
    expect(back.frames.length).toBe(frames.length);
    back.frames.forEach((f, i) => {
      const g = frames[i]!;
      expect([f.sec, f.nsec, f.wireLen, f.capLen, f.linkType, f.fileOffset]).toEqual([g.sec, g.nsec, g.wireLen, g.capLen, 1, offsets[i]]);
      expect(Buffer.compare(f.bytes, g.bytes)).toBe(0);
    });
    expect(pool.stats().tiers.every((t) => t.outstanding === 0)).toBe(true);
  });

  it('a spool that cannot be created says where and why', () => {
    expect(
      () => new Spool(path.join(tmp, 'no-such-dir', 'x.pcapng'), pcapngHead([{ linkType: 1, snaplen: 100, name: 'lo' }], 'test')),
    ).toThrow(/no-such-dir does not exist/);
  });
});
