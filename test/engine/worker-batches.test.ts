import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { ReplayEngine } from '../../native-bridge/engine/index.js';
import { openCapture } from '../../native-bridge/formats/index.js';
import { ROOT, readAll } from '../helpers/corpus.js';

const SAMPLE = path.join(ROOT, 'samples/sample.pcapng');
// A consumer thread: reads each batch with the same BatchView the renderer will use (the
// build in dist/), then sends the buffer back, transferred.
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
import(workerData.batch).then(({ BatchView }) => {
  parentPort.on('message', (buffer) => {
    const v = new BatchView(buffer);
    let bytes = 0;
    const numbers = [];
    for (let i = 0; i < v.count; i++) { const p = v.packet(i); bytes += p.data.length; numbers.push(p.number); }
    parentPort.postMessage({ buffer, bytes, numbers, last: v.last }, [buffer]);
  });
  parentPort.postMessage('ready');
});`;

describe('batches across threads', () => {
  it('transfers every batch to a consumer thread without copying and takes it back into the pool', async () => {
    const expected = readAll(openCapture(SAMPLE)).frames;
    const worker = new Worker(WORKER, {
      eval: true,
      workerData: { batch: pathToFileURL(path.join(ROOT, 'dist/native-bridge/batch/index.js')).href },
    });
    try {
      await new Promise((resolve) => worker.once('message', resolve));
      let bytes = 0;
      const numbers: number[] = [];
      let sent = 0;
      let back = 0;
      let sawLast = false;
      let engine!: ReplayEngine;
      const allBack = new Promise<void>((resolve) => {
        worker.on('message', (m: { buffer: ArrayBuffer; bytes: number; numbers: number[]; last: boolean }) => {
          bytes += m.bytes;
          numbers.push(...m.numbers);
          sawLast ||= m.last;
          expect(engine.giveBack(m.buffer)).toBe('returned');
          if (++back === sent && sawLast) resolve();
        });
      });
      engine = new ReplayEngine(SAMPLE, {
        onBatch: (batch) => {
          const buffer = batch.lease.transfer();
          worker.postMessage(buffer, [buffer]);
          expect(buffer.byteLength).toBe(0); // moved, not copied
          sent++;
        },
      });
      const summary = await engine.run();
      await allBack;
      expect(numbers).toEqual(expected.map((f) => f.number));
      expect(bytes).toBe(expected.reduce((a, f) => a + f.capLen, 0));
      expect(summary.packets).toBe(expected.length);
      const s = engine.pool.stats();
      expect(s.tiers.map((t) => t.outstanding)).toEqual([0, 0, 0]);
      expect(s.tiers.map((t) => t.away)).toEqual([0, 0, 0]);
      expect(back).toBe(sent);
      expect(s.rejectedGiveBacks).toBe(0);
      const c = engine.chunkPool.stats(); // large packets travelled in their file chunk
      expect(c.tiers.map((t) => [t.outstanding, t.away])).toEqual([[0, 0]]);
      expect(c.rejectedGiveBacks).toBe(0);
    } finally {
      await worker.terminate();
    }
  });
});
