import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { BatchBuilder } from '../../native-bridge/batch/index.js';
import { openCapture } from '../../native-bridge/formats/index.js';
import { BufferPool } from '../../native-bridge/pool/index.js';
import type { HostMessage, RunStats, SourceInfo } from '../../native-bridge/protocol/index.js';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const SAMPLE = path.join(ROOT, 'samples/sample.pcapng');

export type BatchMessage = Extract<HostMessage, { type: 'batch' }>;

/**
 * The sample capture as the host would send it: real WPB1 batches built with BatchBuilder
 * from samples/sample.pcapng (each copied out of its pooled buffer, as the host's copy across
 * the process boundary does), `first` = the row of each batch's first packet, and the pool
 * whose stats count the batch buffers.
 */
export function sampleBatches(runId = 1, maxPackets = 16): { batches: BatchMessage[]; pool: BufferPool; packets: number } {
  const pool = new BufferPool();
  const reader = openCapture(SAMPLE, { pool: new BufferPool() });
  const batches: BatchMessage[] = [];
  let first = 0;
  const builder = new BatchBuilder(
    pool,
    (b) => {
      const buffer = b.lease.buffer.slice(0, b.usedBytes);
      b.lease.release();
      batches.push({ type: 'batch', runId, buffer, first, count: b.count, refetch: false });
      first += b.count;
    },
    { maxPackets },
  );
  try {
    for (let f = reader.next(); f !== undefined; f = reader.next()) builder.add(f, f.data.bytes);
    builder.flush({ last: true });
  } finally {
    reader.close();
  }
  return { batches: batches.filter((b) => b.count > 0), pool, packets: first };
}

export function sampleSource(): SourceInfo {
  return { kind: 'replay', name: SAMPLE, format: 'pcapng', size: 1, interfaces: [{ id: 0, name: 'eth0', linkType: 1 }] };
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
